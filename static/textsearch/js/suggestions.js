/*
 * Suggestions under the header's search box: after two letters, products and shops whose words start
 * like what the resident types (GET /search/suggestions.json). A combobox in the ARIA pattern: arrow
 * keys move through the options, Enter opens the chosen one, Escape closes the list; without
 * JavaScript the box still submits to the search page. No inline script: the page only loads this file.
 */
(function () {
    "use strict";

    var input = document.getElementById("site-search-q");
    if (!input || !window.fetch) {
        return;
    }
    var form = input.form;
    var endpoint = form.getAttribute("data-suggestions-url");
    var list = document.getElementById("site-search-suggestions");
    var status = document.getElementById("site-search-status");
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    function close() {
        list.hidden = true;
        list.textContent = "";
        options = [];
        active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
        options.forEach(function (option, position) {
            option.setAttribute("aria-selected", position === index ? "true" : "false");
            option.classList.toggle("is-active", position === index);
        });
        active = index;
        if (index >= 0) {
            input.setAttribute("aria-activedescendant", options[index].id);
        } else {
            input.removeAttribute("aria-activedescendant");
        }
    }

    function addGroup(label, items, render) {
        if (!items.length) {
            return;
        }
        var heading = document.createElement("li");
        heading.className = "suggestions__group";
        heading.setAttribute("role", "presentation");
        heading.textContent = label;
        list.appendChild(heading);
        items.forEach(function (item) {
            var option = document.createElement("li");
            option.id = "site-search-option-" + options.length;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.className = "suggestions__option";
            option.dataset.url = item.url;
            render(option, item);
            option.addEventListener("mousedown", function (event) {
                event.preventDefault(); // keep the focus in the box until the page changes
                window.location.href = item.url;
            });
            list.appendChild(option);
            options.push(option);
        });
    }

    function addDetail(option, text) {
        if (!text) { return; }
        var detail = document.createElement("span");
        detail.className = "suggestions__trade";
        detail.textContent = " · " + text;
        option.appendChild(detail);
    }

    function show(data) {
        list.textContent = "";
        options = [];
        active = -1;
        addGroup(list.dataset.productsLabel, data.products, function (option, item) {
            option.textContent = item.title;
            addDetail(option, item.shop);  // which shop: several may sell the same croissant
        });
        addGroup(list.dataset.shopsLabel, data.shops, function (option, item) {
            option.textContent = item.name;
            addDetail(option, item.trade);
        });
        var open = options.length > 0;
        list.hidden = !open;
        input.setAttribute("aria-expanded", open ? "true" : "false");
        status.textContent = open
            ? list.dataset.countLabel.replace("{count}", String(options.length))
            : list.dataset.noneLabel;
    }

    function fetchSuggestions() {
        var query = input.value.trim();
        if (query.length < 2) {
            lastQuery = "";
            close();
            return;
        }
        if (query === lastQuery) {
            return;
        }
        lastQuery = query;
        fetch(endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : { products: [], shops: [] }; })
            .then(function (data) {
                if (query === input.value.trim()) {
                    show(data);
                }
            })
            .catch(close);
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" && options.length) {
            event.preventDefault();
            choose((active + 1) % options.length);
        } else if (event.key === "ArrowUp" && options.length) {
            event.preventDefault();
            choose(active <= 0 ? options.length - 1 : active - 1);
        } else if (event.key === "Enter" && active >= 0) {
            event.preventDefault();
            window.location.href = options[active].dataset.url;
        } else if (event.key === "Escape") {
            close();
        }
    });
    input.addEventListener("blur", function () {
        window.setTimeout(close, 150);
    });
})();
