"use strict";
/* What Oscar's templates did with inline handlers (onclick, onload, onerror), which the
   Content-Security-Policy blocks: the overridden templates mark elements with data attributes instead.
   data-action="back": go back a page; data-action="print": print the page;
   img[data-upload-button]: hide that upload button once a picture loads, show it when it cannot. */
document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action]");
    if (!target) { return; }
    if (target.dataset.action === "back") { event.preventDefault(); window.history.go(-1); }
    if (target.dataset.action === "print") { event.preventDefault(); window.print(); }
});
["load", "error"].forEach(function (type) {
    // Capture: load and error events of images do not bubble.
    document.addEventListener(type, function (event) {
        var image = event.target;
        if (!(image instanceof HTMLImageElement) || !image.dataset.uploadButton) { return; }
        var button = document.getElementById(image.dataset.uploadButton);
        if (button) { button.hidden = type === "load"; }
        if (type === "error" && image.getAttribute("src") && image.dataset.errorMessage) { window.alert(image.dataset.errorMessage); }
    }, true);
});
