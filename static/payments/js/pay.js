"use strict";
/* Stripe.js shows the card (and the bank's authentication when asked), then returns to our return page. */
(function () {
    var form = document.getElementById("payment-form");
    if (!form) { return; }
    var message = document.getElementById("payment-message");
    if (typeof Stripe === "undefined") {
        message.textContent = form.dataset.loadFailed;
        message.hidden = false;
        return;
    }
    var stripe = Stripe(form.dataset.publishableKey);
    var elements = stripe.elements({clientSecret: form.dataset.clientSecret});
    elements.create("payment").mount("#payment-element");
    form.addEventListener("submit", function (event) {
        event.preventDefault();
        stripe.confirmPayment({elements: elements, confirmParams: {return_url: form.dataset.returnUrl}}).then(function (result) {
            if (result.error) { message.textContent = result.error.message; message.hidden = false; }
        });
    });
})();
