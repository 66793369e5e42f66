"use strict";
/* Oscar's layout names both menu buttons "Toggle navigation", in English and alike: each gets the name
   its script tag carries, in the user's language. */
(function (names) {
    Object.entries({top_nav_bar: names.topNavBar, bottom_nav_bar: names.bottomNavBar}).forEach(function ([menu, name]) {
        document.querySelectorAll('.navbar-toggler[data-target="#' + menu + '"]').forEach(function (button) { button.setAttribute("aria-label", name); });
    });
})(document.currentScript.dataset);
