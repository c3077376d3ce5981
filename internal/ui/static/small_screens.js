// Roster: on a phone, panels marked data-closed-on-phones (the contact list's filters when none is in use)
// start closed, so that the list itself is on the first screen. Without this script they stay open.
"use strict";

(function () {
  if (!window.matchMedia("(max-width: 40rem)").matches) { return; }
  document.querySelectorAll("details[data-closed-on-phones]").forEach(function (d) { d.open = false; });
})();
