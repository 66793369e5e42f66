"use strict";
/* The checkout page remembers what the resident typed and chose (contact, each shop's way, times,
   address, payment) for the rest of the browser session, so a trip back to the basket to add an item
   loses nothing. Restored when the page is opened afresh, not when the server sends back a refused
   submit (it holds what was typed). Forgotten once the checkout is submitted. Loaded before the slot
   picker, which then shows the remembered time. */
(function () {
    var form = document.querySelector("form.checkout");
    if (!form || !window.sessionStorage) { return; }
    var KEY = "marketplace:checkout-draft";
    var SKIPPED = { csrfmiddlewaretoken: true };

    function fields() {
        return Array.prototype.filter.call(form.elements, function (field) {
            return field.name && !SKIPPED[field.name] && field.type !== "hidden" && field.type !== "submit"
                && field.type !== "button" && field.type !== "password";
        });
    }

    function save() {
        var draft = {};
        fields().forEach(function (field) {
            if (field.type === "radio") {
                if (field.checked) { draft[field.name] = field.value; }
            } else if (field.type === "checkbox") {
                draft[field.name] = field.checked ? "on" : "";
            } else {
                draft[field.name] = field.value;
            }
        });
        try { sessionStorage.setItem(KEY, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
    }

    function restore() {
        var draft;
        try { draft = JSON.parse(sessionStorage.getItem(KEY) || "{}"); } catch (e) { return; }
        var changed = [];
        fields().forEach(function (field) {
            if (!(field.name in draft)) { return; }
            var value = draft[field.name];
            if (field.type === "radio") {
                if (field.value === value && !field.disabled && !field.checked) { field.checked = true; changed.push(field); }
            } else if (field.type === "checkbox") {
                if (field.checked !== (value === "on")) { field.checked = value === "on"; changed.push(field); }
            } else if (field.tagName === "SELECT") {
                // A time no longer offered (past, full) is not chosen again.
                var option = Array.prototype.find.call(field.options, function (o) { return o.value === value && !o.disabled; });
                if (option && field.value !== value) { field.value = value; changed.push(field); }
            } else if (value && field.value !== value) {
                field.value = value;
                changed.push(field);
            }
        });
        // The page's other scripts show the blocks of the chosen ways.
        changed.forEach(function (field) { field.dispatchEvent(new Event("change", { bubbles: true })); });
    }

    if (!form.hasAttribute("data-sent-back")) { restore(); }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { sessionStorage.removeItem(KEY); });
})();
