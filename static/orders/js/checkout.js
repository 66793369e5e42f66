"use strict";
/* A pickup point chosen: show its times and hide each shop's own way of collecting. Paying at the
   shop is disabled with the reason shown (nobody takes money at a point); the server checks it too. */
document.querySelectorAll(".checkout-point").forEach(function (section) {
    var form = section.closest("form");
    var atShop = form.querySelector("input[name='payment-method'][value='pickup']");
    var card = form.querySelector("input[name='payment-method'][value='card']");
    var reason = document.getElementById("payment-at-point");
    if (atShop && reason) { atShop.setAttribute("aria-describedby", reason.id); }
    function update() {
        var chosen = section.querySelector("input[type=radio]:checked");
        var point = chosen ? chosen.value : "";
        section.querySelectorAll("[data-point]").forEach(function (block) { block.hidden = block.dataset.point !== point; });
        form.classList.toggle("checkout--at-point", point !== "");
        if (atShop && card && reason) {
            atShop.disabled = point !== "";
            if (atShop.disabled && atShop.checked) { card.checked = true; }
            reason.hidden = point === "";
        }
    }
    section.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.addEventListener("change", update); });
    update();
});
/* Show only the fields of the chosen way of getting each shop's order. */
document.querySelectorAll(".checkout-shop").forEach(function (section) {
    function update() {
        var chosen = section.querySelector("input[type=radio]:checked");
        section.querySelectorAll("[data-method]").forEach(function (block) {
            block.hidden = chosen && block.dataset.method !== chosen.value;
        });
    }
    section.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.addEventListener("change", update); });
    update();
});
