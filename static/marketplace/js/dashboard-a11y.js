"use strict";
/* Accessibility fixes for markup Oscar's dashboard builds that a template override cannot reach cheaply:
   - the "select all" box its script puts at the head of product and order lists gets a name, whenever
     it is added;
   - the home page's hourly chart, a <dl> of <dd> only (no term), reads as a list of bars. */
(function (data) {
    function name() {
        document.querySelectorAll('input[name="select_all"]:not([aria-label])').forEach(function (box) {
            box.setAttribute("aria-label", data.selectAll);
        });
    }
    new MutationObserver(name).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", function () {
        name();
        document.querySelectorAll("dl.bar-chart").forEach(function (chart) {
            chart.setAttribute("role", "list");
            chart.querySelectorAll(":scope > dd").forEach(function (bar) { bar.setAttribute("role", "listitem"); });
        });
    });
})(document.currentScript.dataset);
