// Roster: small progressive enhancements. Every page works without this file.
"use strict";

(function () {
  // Ask before destructive actions: forms with data-confirm="question".
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      ev.preventDefault();
    }
  });

  // The language switch submits as soon as a language is picked; its button is only for browsers without JS
  // (hidden, not just invisible, so that keyboard users do not tab onto a button they cannot see).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
    var button = sel.form.querySelector("button");
    if (button) { button.hidden = true; }
  });

  // A postal code picks the home unit: when the code maps to exactly one unit the user may write to and no
  // unit was chosen by hand, preselect it and say so.
  document.querySelectorAll("input[data-suggest-units]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-suggest-units"));
    var output = document.getElementById(input.getAttribute("data-suggest-output"));
    if (!select) { return; }
    var chosenByHand = select.value !== "";
    select.addEventListener("change", function () { chosenByHand = true; });
    var last = "";
    function suggest() {
      var code = input.value.trim();
      if (code === last || code.length < 4 || chosenByHand) { return; }
      last = code;
      fetch("/api/v1/postal-codes/" + encodeURIComponent(code) + "/units", {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (res) {
        return res.ok ? res.json() : null;
      }).then(function (body) {
        if (!body || !body.units || body.units.length !== 1 || chosenByHand || input.value.trim() !== code) { return; }
        var unit = body.units[0];
        var option = select.querySelector('option[value="' + String(unit.unit_id) + '"]');
        if (!option) { return; }
        select.value = String(unit.unit_id);
        if (output) {
          output.textContent = (output.getAttribute("data-message") || "").replace("{unit}", option.textContent.trim());
          output.hidden = false;
        }
      }).catch(function () { /* offline or signed out: the user picks the unit */ });
    }
    input.addEventListener("change", suggest);
    input.addEventListener("input", function () { if (input.value.trim().length >= 5) { suggest(); } });
  });

  // A list page's header checkbox ticks or clears every row of the page; it shows the state of the rows.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var table = all.closest("table");
    var boxes = table.querySelectorAll('tbody input[type="checkbox"][name="id"]');
    function sync() {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
    });
    table.addEventListener("change", function (ev) { if (ev.target !== all) { sync(); } });
    sync();
  });
})();
