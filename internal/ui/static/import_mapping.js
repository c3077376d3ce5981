// Roster: the import mapping table shows a column's name input only for fields that need one (external ID,
// attribute) and its date-order choice only for date fields. Without this file every control the field
// needs is shown after the form is sent.
"use strict";

(function () {
  document.querySelectorAll("select[data-import-field]").forEach(function (select) {
    var row = select.closest("tr");
    var key = row.querySelector("[data-import-key]");
    var order = row.querySelector("[data-import-order]");
    function sync() {
      var chosen = select.options[select.selectedIndex];
      if (key) { key.hidden = !(chosen && chosen.hasAttribute("data-key")); }
      if (order) { order.hidden = !(chosen && chosen.hasAttribute("data-date")); }
      row.classList.toggle("ignored", select.value === "");
    }
    select.addEventListener("change", sync);
  });
})();
