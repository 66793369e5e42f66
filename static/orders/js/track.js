"use strict";
/* While an order is open, fetch the orders' fragment every 30 seconds and show it when it changed;
   stop once the fragment says everything has ended (it then has no status URL). */
(function () {
    var current = document.querySelector(".track-orders[data-status-url]");
    if (!current || !window.fetch) { return; }
    var timer = setInterval(function () {
        if (document.hidden) { return; }
        fetch(current.dataset.statusUrl, {cache: "no-store", credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
            .then(function (html) {
                var holder = document.createElement("template");
                holder.innerHTML = html.trim();
                var fresh = holder.content.querySelector(".track-orders");
                if (!fresh) { return; }
                if (fresh.dataset.state !== current.dataset.state) { current.replaceWith(fresh); current = fresh; }
                if (!fresh.dataset.statusUrl) { clearInterval(timer); }
            })
            .catch(function () { /* offline for a moment: the next round tries again */ });
    }, 30000);
})();
