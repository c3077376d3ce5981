// Roster: a filter box for long selects of units (data-unit-picker). Typing narrows the select to the units
// whose path holds every word typed (accents and case ignored) and shows them as an open list; one match is
// chosen at once. Without this script the select works as it is, its options labelled with their paths.
"use strict";

(function () {
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss").toLowerCase();
  }

  document.querySelectorAll("select[data-unit-picker]").forEach(function (select) {
    var options = Array.prototype.slice.call(select.options);
    var keys = options.map(function (o) { return fold(o.textContent); });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "unit-filter";
    box.id = select.id + "-filter";
    box.autocomplete = "off";
    box.setAttribute("aria-label", select.getAttribute("data-filter-label"));
    box.placeholder = select.getAttribute("data-filter-label");
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "hint";
    status.id = select.id + "-matches";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    function filter() {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var matches = [];
      options.forEach(function (o, i) {
        var match = words.length === 0 || (o.value !== "" && words.every(function (w) { return keys[i].indexOf(w) >= 0; }));
        o.hidden = !match;
        if (match && o.value !== "") { matches.push(o); }
      });
      if (words.length === 0) {
        select.removeAttribute("size");
        status.textContent = "";
        return;
      }
      select.size = Math.max(2, Math.min(matches.length, 8));
      status.textContent = matches.length === 0 ? select.getAttribute("data-none")
        : select.getAttribute("data-count").replace("{count}", String(matches.length));
      var current = select.options[select.selectedIndex];
      if (matches.length === 1 || (matches.length > 0 && (!current || current.hidden))) {
        select.value = matches[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    box.addEventListener("input", filter);
    // Enter picks the first match instead of sending the form; the arrow key goes on into the list.
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        select.focus();
      } else if (ev.key === "ArrowDown" && select.size > 1) {
        ev.preventDefault();
        select.focus();
      }
    });
  });
})();
