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

  // A postal code picks the home unit and fills in the town. When the code maps to exactly one unit the user
  // may write to, and the unit was not chosen in this form (a preset one, such as an officer's only unit, does
  // not count), select it and say so; an empty town, or one filled here before, becomes the code's place. A
  // chosen unit the code does not lie in is questioned at once, as the server does when the form is sent:
  // ticking the box confirms it.
  document.querySelectorAll("input[data-suggest-units]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-suggest-units"));
    var output = document.getElementById(input.getAttribute("data-suggest-output"));
    var outside = document.getElementById("postal-outside");
    var city = input.form && input.form.elements.namedItem("city");
    if (!select) { return; }
    var chosenByHand = !!input.closest("[data-unit-chosen]");
    var filledTown = "";
    var info = null; // the answer for the code now in the box
    var last = "";

    function unitName() {
      var option = select.options[select.selectedIndex];
      return option ? option.textContent.trim() : "";
    }

    // question shows, keeps or removes the question about a unit the code does not belong to.
    function question() {
      if (!outside || !info || info.code !== input.value.trim().toUpperCase()) { return; }
      var unit = select.value;
      var known = info.units.length > 0 || info.places.length > 0;
      if (!unit || !known || info.within_unit_ids.indexOf(Number(unit)) >= 0) {
        outside.replaceChildren();
        return;
      }
      var confirm = info.code + "@" + unit;
      var box = outside.querySelector("input[name=postal_unit_confirmed]");
      if (box && box.value === confirm) { return; }
      var place = info.places.join(", ");
      var text = document.createElement("p");
      text.id = "postal-outside-text";
      text.textContent = (outside.getAttribute(place ? "data-message" : "data-message-no-place") || "")
        .replace("{code}", info.code).replace("{place}", place).split("{unit}").join(unitName());
      var check = document.createElement("div");
      check.className = "check";
      box = document.createElement("input");
      box.type = "checkbox";
      box.id = "postal-unit-confirmed";
      box.name = "postal_unit_confirmed";
      box.value = confirm;
      box.setAttribute("aria-describedby", text.id);
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = (outside.getAttribute("data-confirm") || "").replace("{unit}", unitName());
      check.append(box, label);
      outside.replaceChildren(text, check);
    }

    function lookUp() {
      var code = input.value.trim().toUpperCase();
      if (code === last || code.length < 4) { return; }
      last = code;
      fetch("/api/v1/postal-codes/" + encodeURIComponent(code) + "/units", {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (res) {
        return res.ok ? res.json() : null;
      }).then(function (body) {
        if (!body || input.value.trim().toUpperCase() !== code) { return; }
        info = { code: code, units: body.units || [], places: body.places || [], within_unit_ids: body.within_unit_ids || [] };
        if (city && info.places.length === 1 && (city.value.trim() === "" || city.value === filledTown)) {
          city.value = filledTown = info.places[0];
        }
        if (output) { output.hidden = true; } // a suggestion for the code before is no longer one
        if (!chosenByHand && info.units.length === 1) {
          var option = select.querySelector('option[value="' + String(info.units[0].unit_id) + '"]');
          if (option) {
            select.value = String(info.units[0].unit_id);
            if (output) {
              output.textContent = (output.getAttribute("data-message") || "").replace("{unit}", option.textContent.trim());
              output.hidden = false;
            }
          }
        }
        question();
      }).catch(function () { /* offline or signed out: the server checks when the form is sent */ });
    }
    select.addEventListener("change", function () {
      chosenByHand = true;
      if (output) { output.hidden = true; }
      question();
    });
    input.addEventListener("change", lookUp);
    input.addEventListener("input", function () { if (input.value.trim().length >= 5) { lookUp(); } });
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
