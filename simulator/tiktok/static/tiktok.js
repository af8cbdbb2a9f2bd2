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
