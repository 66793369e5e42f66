"use strict";
/* The oversight page's two charts, from the figures its view prints as JSON; labels from the canvas. */
(function () {
    var data = JSON.parse(document.getElementById("oversight-chart").textContent);
    var labels = document.getElementById("chart-orders").dataset;
    new Chart(document.getElementById("chart-orders"), {
        type: "bar",
        data: {
            labels: data.days,
            datasets: [
                {label: labels.clickCollect, data: data.click_collect, stack: "orders"},
                {label: labels.phone, data: data.phone, stack: "orders"},
                {label: labels.delivery, data: data.delivery, stack: "orders"},
                {label: labels.cancelled, data: data.cancelled, type: "line", stack: "cancelled"},
                {label: labels.newResidents, data: data.new_residents, type: "line", stack: "residents"}
            ]
        },
        options: {scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}}}
    });
    new Chart(document.getElementById("chart-sales"), {
        type: "line",
        data: {
            labels: data.days,
            datasets: [
                {label: labels.sales, data: data.sales, fill: true},
                {label: labels.vouchers, data: data.vouchers}
            ]
        },
        options: {scales: {y: {beginAtZero: true}}}
    });
})();
