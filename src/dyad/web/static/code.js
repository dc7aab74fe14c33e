// Keyboard shortcuts of the human-coding page (dyad serve): topic and tone keys, Enter saves, s skips.
(function () {
  "use strict";
  var form = document.getElementById("code-form");
  if (!form) { return; }
  var byKey = {};
  form.querySelectorAll("input[data-key]").forEach(function (input) {
    if (input.dataset.key) { byKey[input.dataset.key] = input; }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"))) {
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      if (form.reportValidity()) { form.requestSubmit(); }
      return;
    }
    if (event.key === "s") {
      var skip = document.getElementById("skip");
      if (skip) { event.preventDefault(); window.location.href = skip.href; }
      return;
    }
    var input = byKey[event.key];
    if (!input) { return; }
    event.preventDefault();
    if (input.type === "checkbox") { input.checked = !input.checked; } else { input.checked = true; }
  });
})();
