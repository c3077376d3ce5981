// Roster: the contact page's tabs and in-place editing. Without this file the sections are one long page
// with links to each, and every "Change" link opens a small edit page of its own.
"use strict";

(function () {
  // Tabs: the in-page links become a tablist, the sections it links to tabpanels. The arrow keys, Home
  // and End move between tabs; a link to a section (#notes), or a form in it with an error, selects it.
  document.querySelectorAll("nav[data-tabs]").forEach(function (nav) {
    var list = nav.querySelector("ul");
    var tabs = Array.prototype.slice.call(nav.querySelectorAll('a[href^="#"]'));
    var panels = tabs.map(function (a) { return document.getElementById(a.getAttribute("href").slice(1)); });
    if (!list || !tabs.length || panels.indexOf(null) >= 0) { return; }

    function select(i, focus) {
      tabs.forEach(function (a, j) {
        a.setAttribute("aria-selected", i === j ? "true" : "false");
        a.tabIndex = i === j ? 0 : -1;
        panels[j].hidden = i !== j;
      });
      if (focus) { tabs[i].focus(); }
    }

    function panelOf(el) {
      for (var i = 0; el && i < panels.length; i++) {
        if (panels[i].contains(el)) { return i; }
      }
      return -1;
    }

    function fromHash() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      return id ? panelOf(document.getElementById(id)) : -1;
    }

    list.setAttribute("role", "tablist");
    nav.classList.add("tabs-ready");
    tabs.forEach(function (a, i) {
      a.parentElement.setAttribute("role", "presentation");
      a.setAttribute("role", "tab");
      a.id = "tab-" + panels[i].id;
      a.setAttribute("aria-controls", panels[i].id);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", a.id);
      panels[i].tabIndex = 0;
      panels[i].classList.add("tab-panel");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        select(i, true);
        window.history.replaceState(null, "", "#" + panels[i].id);
      });
      a.addEventListener("keydown", function (ev) {
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
        if (to === undefined) { return; }
        ev.preventDefault();
        select((to + tabs.length) % tabs.length, true);
      });
    });
    var start = panelOf(document.querySelector('.tab-panel [aria-invalid="true"], .tab-panel .field-error'));
    if (start < 0) { start = fromHash(); }
    select(Math.max(start, 0), false);
    window.addEventListener("hashchange", function () {
      var i = fromHash();
      if (i >= 0) { select(i, false); }
    });
  });

  // In-place editing. A block ([data-block] with an id) is swapped for the same block of another page of
  // the site: "Change" fetches the block's edit page, a form in a block is sent as usual and the page the
  // server answers with (the contact page after a save, the form with messages otherwise) supplies the
  // block's new state. The server renders every state; this only moves it into place.
  var status = document.getElementById("inline-status");
  if (!status || !window.fetch || !window.DOMParser) { return; }
  var views = {}; // block id → the block as shown before "Change", for "Cancel"

  function page(res) {
    return res.text().then(function (html) {
      return { res: res, doc: new DOMParser().parseFromString(html, "text/html") };
    });
  }

  function say(text, alert) {
    status.className = "inline-status" + (text ? (alert ? " alert" : " flash") : "");
    status.textContent = text || "";
  }

  // focusIn puts the keyboard where the user continues: at a field with a problem, the first field of a
  // form, or the block's "Change" link after a save.
  function focusIn(block) {
    var wanted = ['[aria-invalid="true"]', 'input:not([type="hidden"]), select, textarea', "[data-block-edit]"];
    var target = null;
    for (var i = 0; !target && i < wanted.length; i++) { target = block.querySelector(wanted[i]); }
    if (!target) {
      target = block.querySelector("h2") || block;
      target.tabIndex = -1;
    }
    target.focus();
  }

  function swap(block, fresh) {
    block.replaceWith(fresh);
    focusIn(fresh);
    return fresh;
  }

  // failed shows the message of an error page (not found, not allowed) instead of the block.
  function failed(doc) {
    var text = doc.querySelector("main p");
    say(text ? text.textContent.trim() : "", true);
  }

  // saved brings the rest of the page up to date after a save: the heading, the history and the version
  // that other open forms of the page were loaded at, when this save was the only change since.
  function saved(doc, versionBefore) {
    var head = doc.getElementById("contact-head");
    var newVersion = head && head.getAttribute("data-version");
    if (head) { document.getElementById("contact-head").replaceWith(head); }
    var history = doc.getElementById("history");
    var shown = document.getElementById("history");
    if (history && shown) { shown.replaceChildren.apply(shown, Array.prototype.slice.call(history.childNodes)); }
    if (newVersion && versionBefore) {
      document.querySelectorAll('input[name="version"]').forEach(function (input) {
        if (input.value === versionBefore) { input.value = newVersion; }
      });
    }
    var flash = doc.querySelector("main .flash");
    say(flash ? flash.textContent.trim() : "", false);
  }

  function edit(url, block) {
    fetch(url, { credentials: "same-origin" }).then(page).then(function (p) {
      var fresh = p.doc.getElementById(block.id);
      if (!fresh) { failed(p.doc); return; }
      if (!views[block.id]) { views[block.id] = block; }
      say("", false);
      swap(block, fresh);
    }).catch(function () { window.location.assign(url); });
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a[data-block-edit], a[data-block-cancel]");
    var block = link && link.closest("[data-block][id]");
    if (!block || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) { return; }
    if (link.hasAttribute("data-block-cancel")) {
      if (!views[block.id]) { return; } // not swapped in here: follow the link
      ev.preventDefault();
      swap(block, views[block.id]);
      delete views[block.id];
      return;
    }
    ev.preventDefault();
    edit(link.href, block);
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var block = form.closest && form.closest("[data-block][id]");
    if (!block || ev.defaultPrevented) { return; }
    ev.preventDefault();
    var version = form.querySelector('input[name="version"]');
    var versionBefore = version ? version.value : "";
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)),
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(page).then(function (p) {
      var fresh = p.doc.getElementById(block.id);
      if (!fresh) { failed(p.doc); buttons.forEach(function (b) { b.disabled = false; }); return; }
      if (p.res.ok && p.res.redirected) {
        delete views[block.id];
        saved(p.doc, versionBefore);
      } else {
        say("", false);
      }
      swap(block, fresh);
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      form.submit();
    });
  });
})();
