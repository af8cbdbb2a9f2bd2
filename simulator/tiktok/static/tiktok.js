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

// A post TikTok is still processing: ask for the page again every two seconds and show it
// once TikTok is done (the page says <meta name="sim-refresh-while" content="PROCESSING">
// while it is not), instead of reloading the page in front of the person every time.
document.addEventListener("DOMContentLoaded", function () {
  var meta = document.querySelector('meta[name="sim-refresh-while"]');
  if (!meta) return;
  var marker = 'name="sim-refresh-while"';
  function poll() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.text(); })
      .then(function (page) {
        if (page.indexOf(marker) === -1) location.reload();
        else setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
});
