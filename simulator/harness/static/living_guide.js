// Filters of the living guide: device, feature, status, tag, checks, and a text search.
(function () {
  var controls = document.querySelectorAll("[data-filter]");
  var scenarios = document.querySelectorAll("details.scenario[data-status]");
  var shown = document.querySelector("output.shown");
  function apply() {
    var want = {};
    controls.forEach(function (c) { want[c.dataset.filter] = c.value.trim().toLowerCase(); });
    var count = 0;
    scenarios.forEach(function (s) {
      var ok = (!want.device || s.dataset.device.toLowerCase() === want.device) &&
        (!want.feature || s.dataset.feature.toLowerCase() === want.feature) &&
        (!want.status || s.dataset.status === want.status) &&
        (!want.tags || s.dataset.tags.split(" ").indexOf(want.tags) >= 0) &&
        (!want.checks || s.dataset.checks.split(" ").indexOf(want.checks) >= 0) &&
        (!want.text || s.dataset.text.indexOf(want.text) >= 0);
      s.hidden = !ok;
      if (ok) count++;
    });
    document.querySelectorAll("section.feature").forEach(function (f) {
      f.hidden = !f.querySelector("details.scenario[data-status]:not([hidden])");
    });
    if (shown) shown.textContent = count + " of " + scenarios.length + " shown";
  }
  controls.forEach(function (c) { c.addEventListener("input", apply); });
})();
