// Roster: results of the header's quick search as you type. Without this file the box is a plain search
// form that opens the result list.
"use strict";

(function () {
  var form = document.querySelector("form[data-quick-search]");
  var input = form && form.querySelector('input[name="q"]');
  var list = document.getElementById("quick-search-list");
  var status = document.getElementById("quick-search-status");
  if (!input || !list || !status || !window.fetch) { return; }

  // The box becomes a combobox: the focus stays in it, the arrow keys move through the listbox of results.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var timer = 0;
  var asked = 0; // number of the latest request; older answers are dropped
  var options = [];
  var active = -1;
  var opening = false; // a result is being opened: the form must not search as well

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(i) {
    active = (i + options.length) % options.length;
    options.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function open(id) {
    opening = true;
    window.location.assign("/contacts/" + encodeURIComponent(id));
  }

  function describe(c) {
    var place = [c.postal_code, c.city].filter(Boolean).join(" ");
    return [c.member_number, c.home_unit && c.home_unit.name, place].filter(Boolean).join(" · ");
  }

  function option(c, i) {
    var li = document.createElement("li");
    li.id = "quick-search-option-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = c.display_name;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = describe(c);
    li.append(name, meta);
    // mousedown would move the focus out of the box and close the list before the click lands.
    li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    li.addEventListener("click", function () { open(c.id); });
    return li;
  }

  function show(contacts) {
    close();
    options = contacts.map(option);
    options.forEach(function (li) { list.appendChild(li); });
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
    var key = options.length === 0 ? "data-none" : options.length === 1 ? "data-one" : "data-many";
    status.textContent = (status.getAttribute(key) || "").replace("{count}", String(options.length));
  }

  function search() {
    var q = input.value.trim();
    var mine = ++asked;
    if (q.length < 2) { close(); status.textContent = ""; return; }
    fetch("/api/v1/contacts?" + new URLSearchParams({ q: q, limit: "8" }), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (body) {
      if (body && mine === asked && document.activeElement === input) { show(body.contacts || []); }
    }).catch(function () { /* offline or signed out: Enter still searches */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });

  input.addEventListener("keydown", function (ev) {
    switch (ev.key) {
    case "ArrowDown":
    case "ArrowUp":
      if (options.length) {
        ev.preventDefault();
        highlight(active + (ev.key === "ArrowDown" ? 1 : -1));
      }
      break;
    case "Enter":
      // Only a result chosen with the arrow keys opens directly; otherwise Enter searches as without script.
      if (active >= 0) {
        ev.preventDefault();
        options[active].click();
      } else {
        clearTimeout(timer);
        asked++;
      }
      break;
    case "Escape":
      if (!list.hidden) {
        ev.preventDefault();
        close();
      }
      break;
    }
  });

  input.addEventListener("blur", close);
  form.addEventListener("submit", function (ev) { if (opening) { ev.preventDefault(); } });
})();
