/* Add to basket without leaving the page.
 *
 * Progressive enhancement over Oscar's plain add-to-basket forms (product page and product cards):
 * with this script the form is posted in the background asking for JSON, the answer is shown next to
 * the button (with a link to the basket) and said by the header's aria-live region, and the basket
 * count is updated. Without it, or when anything goes wrong, the form is submitted as before.
 * A static file, no inline script: the coming Content-Security-Policy allows no unsafe-inline.
 * Every word shown comes from the server, in the resident's language.
 */
(function () {
    "use strict";
    if (!window.fetch || !window.FormData) { return; }
    var ADD_URL = /\/basket\/add\/\d+\/$/;

    function live(text) {
        var region = document.getElementById("basket-live");
        if (!region) { return; }
        /* Emptied first, so the same words said twice are announced twice. */
        region.textContent = "";
        window.setTimeout(function () { region.textContent = text; }, 50);
    }

    function updateCount(answer) {
        document.querySelectorAll(".badge-count").forEach(function (badge) {
            var label = badge.querySelector(".visually-hidden");
            badge.textContent = String(answer.count);
            if (label) {
                label.textContent = " " + answer.count_label;
                badge.appendChild(label);
            }
        });
    }

    function confirmation(form, answer) {
        var note = form.nextElementSibling;
        if (!note || !note.classList.contains("basket-added")) {
            note = document.createElement("p");
            note.className = "basket-added";
            form.parentNode.insertBefore(note, form.nextSibling);
        }
        note.classList.toggle("basket-added--error", !answer.ok);
        note.textContent = answer.message + " ";
        if (answer.ok && answer.basket_url) {
            var link = document.createElement("a");
            link.href = answer.basket_url;
            link.textContent = answer.basket_link;
            note.appendChild(link);
        }
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement) || !ADD_URL.test(new URL(form.action, document.baseURI).pathname)) {
            return;
        }
        event.preventDefault();
        var button = form.querySelector("[type=submit]");
        var words = button ? button.innerHTML : "";
        if (button) {
            if (button.disabled) { return; }  /* a double tap adds once */
            button.disabled = true;
        }
        /* Oscar's ui.js swaps the words for "Adding…" and disables the button, expecting a new page. */
        function ready() {
            if (!button) { return; }
            button.innerHTML = words;
            button.classList.remove("disabled");
            button.disabled = false;
        }
        fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: {"Accept": "application/json", "X-Requested-With": "fetch"}
        }).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (type.indexOf("application/json") === -1) {
                /* The server answered with a page (it may have added the item): show that page. */
                window.location.assign(response.url);
                return;
            }
            return response.json().then(function (answer) {
                ready();
                if (answer.ok) { updateCount(answer); }
                confirmation(form, answer);
                live(answer.message);
            });
        }, function () {
            /* Nothing reached the server (offline for a moment): the plain form tries again. */
            form.submit();
        });
    });
})();
