/* The storefront's menu folds behind a "Menu" button on phones, so the header leaves the screen to
 * the page (it took 409 of 740 px). Progressive enhancement: without this script the button stays
 * hidden and the menu open. A static file, no inline script (Content-Security-Policy). */
(function () {
    "use strict";
    var header = document.querySelector(".site-header");
    var toggle = document.getElementById("site-menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!header || !toggle || !nav) { return; }

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", String(open));
        header.classList.toggle("site-header--menu-open", open);
    }

    header.classList.add("site-header--foldable");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    /* Escape closes an open menu and gives the focus back to its button. */
    nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            toggle.focus();
        }
    });
})();
