"use strict";
/* Tables wider than a phone scroll inside their own box (the stylesheets' `.table { overflow-x: auto }`).
   A keyboard user scrolls such a box only once it can take the focus (WCAG 2.1.1): each table that
   overflows now gets tabindex="0" and a name (its caption, or "Table"), and loses them when the screen
   is wide enough again. The translated name comes from this script tag's data-name. */
(function (fallbackName) {
    function update() {
        document.querySelectorAll("table.table").forEach(function (table) {
            if (table.scrollWidth > table.clientWidth + 1) {
                table.setAttribute("tabindex", "0");
                if (!table.hasAttribute("aria-label") && !table.querySelector("caption")) {
                    table.setAttribute("aria-label", fallbackName);
                }
            } else if (table.getAttribute("tabindex") === "0") {
                table.removeAttribute("tabindex");
            }
        });
    }
    let pending = null;
    window.addEventListener("resize", function () {
        cancelAnimationFrame(pending);
        pending = requestAnimationFrame(update);
    });
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", update);
    } else {
        update();
    }
})(document.currentScript.dataset.name || "Table");
