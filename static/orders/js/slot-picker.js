/* A slot picker by day: day chips, then that day's times, over the checkout's plain slot selects.
 *
 * A shop's select can hold a hundred times over two weeks; on a phone that is a long scroll through
 * one list. Progressive enhancement: the select (grouped by day in <optgroup>s) stays the form's
 * field and is what is posted; this script hides it and drives it from buttons, one per day, then
 * one per time of the chosen day. Full times stay visible and disabled, as in the select. Without
 * the script, the select works as before. Words come from the page (data-*), in the resident's
 * language. A static file, no inline script (Content-Security-Policy).
 */
(function () {
    "use strict";

    function chip(text, pressed) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "slot-chip";
        button.textContent = text;
        button.setAttribute("aria-pressed", String(pressed));
        return button;
    }

    function group(label) {
        var box = document.createElement("div");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", label);
        return box;
    }

    /* Option labels read "mar. 24 · 16:00 – 16:15", "… · Halle couverte" at a market, "… (complet)"
     * when full. A day chip shows "mar. 24", with the market's name under it on a market's day (the
     * place once, on the day: a 360 px row shows several days, not one and a half); a time chip its
     * start, "16:00" (a full one is struck through and disabled). */
    function dayChip(group, pressed) {
        var first = group.querySelector("option");
        var button = chip(first ? first.textContent.split(" · ")[0] : group.label, pressed);
        var place = group.label.split(" — ")[1];
        if (place) {
            var where = document.createElement("span");
            where.className = "slot-chip__place";
            where.textContent = place.split(", ")[0];  // "Marché du mardi", not its address too
            button.appendChild(document.createTextNode(" "));  // read "mar. 24 Marché du mardi"
            button.appendChild(where);
        }
        return button;
    }

    function timeText(option) {
        var parts = option.textContent.split(" · ");
        if (parts.length < 2) { return option.textContent; }
        return parts[1].split(" – ")[0];
    }

    function enhance(container) {
        var select = container.querySelector("select");
        if (!select || select.dataset.slotPicker === "on") { return; }
        var days = Array.prototype.filter.call(select.children, function (child) { return child.tagName === "OPTGROUP"; });
        if (!days.length) { return; }
        select.dataset.slotPicker = "on";

        var picker = document.createElement("div");
        picker.className = "slot-picker";
        var dayBox = group(container.dataset.daysLabel || "");
        dayBox.className = "slot-picker__days";
        var timeBox = group(container.dataset.timesLabel || "");
        timeBox.className = "slot-picker__times";
        picker.appendChild(dayBox);
        picker.appendChild(timeBox);

        function selectedDay() {
            var chosen = select.selectedOptions[0];
            if (chosen && chosen.parentNode.tagName === "OPTGROUP") { return chosen.parentNode; }
            /* Nothing chosen yet: the first day with a time still free. */
            return days.filter(function (day) { return day.querySelector("option:not([disabled])"); })[0] || days[0];
        }

        function showTimes(day) {
            timeBox.textContent = "";
            Array.prototype.forEach.call(day.querySelectorAll("option"), function (option) {
                var button = chip(timeText(option), option.selected && option.value !== "");
                button.disabled = option.disabled;
                button.addEventListener("click", function () {
                    select.value = option.value;
                    select.dispatchEvent(new Event("change", {bubbles: true}));
                    timeBox.querySelectorAll(".slot-chip").forEach(function (other) {
                        other.setAttribute("aria-pressed", String(other === button));
                    });
                });
                timeBox.appendChild(button);
            });
        }

        var current = selectedDay();
        days.forEach(function (day) {
            var button = dayChip(day, day === current);
            button.disabled = !day.querySelector("option:not([disabled])");
            button.addEventListener("click", function () {
                dayBox.querySelectorAll(".slot-chip").forEach(function (other) {
                    other.setAttribute("aria-pressed", String(other === button));
                });
                showTimes(day);
            });
            dayBox.appendChild(button);
        });
        showTimes(current);

        /* The visible label just above ("Pickup time") is read before the two groups, "Day" and "Time". */
        select.hidden = true;
        select.insertAdjacentElement("afterend", picker);
    }

    document.querySelectorAll("[data-slot-picker]").forEach(enhance);
})();
