// Enable "Submit Content" only when every deliverable is ready and the terms box is ticked.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-submit-form]").forEach(function (form) {
    var box = form.querySelector("[data-terms]");
    var button = form.querySelector("[data-submit]");
    function sync() {
      button.disabled = button.hasAttribute("data-blocked") || !box.checked;
    }
    box.addEventListener("change", sync);
    sync();
  });
});
