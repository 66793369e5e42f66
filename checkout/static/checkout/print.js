// A "Print" button (data-print) prints the page; the stylesheet keeps only the summary on paper.
document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
});
