// A control whose precondition is not met is unavailable until it is, as in the app:
// a button with data-needs="<selector>" is enabled only while a matching box in its form is
// ticked (the terms before "Join Campaign", a draft before "Next"). The server checks again.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-needs]").forEach(function (button) {
    var form = button.form;
    if (!form) return;
    var needs = button.getAttribute("data-needs");
    function sync() {
      button.disabled = !form.querySelector(needs + ":checked");
    }
    form.addEventListener("change", sync);
    sync();
  });
});

// A "Back" link marked data-back goes back in the phone's history; with no history to go
// back to, its href (TikTok's home) is followed. (Pages allow no inline script.)
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
