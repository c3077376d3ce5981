// Roster: on the add-person form, look for likely duplicates as soon as the e-mail address, family name or
// postal code has been typed, and list them before saving. Without this file the server lists them when
// the form is sent.
"use strict";

(function () {
  var region = document.querySelector("[data-check-duplicates]");
  var template = document.getElementById("duplicates-template");
  var seen = document.getElementById("duplicates-seen");
  var form = region && region.closest("form");
  if (!form || !template || !seen || !window.fetch) { return; }
  var last = "";

  function value(name) {
    var el = form.elements.namedItem(name);
    return el ? el.value.trim() : "";
  }

  // probe is what the service compares: the e-mail address, or the family name at the postal code.
  function probe() {
    var email = value("email");
    var family = value("family_name");
    var postal = value("postal_code");
    var body = {};
    if (/.@./.test(email)) { body.emails = [{ address: email }]; }
    if (family && postal) {
      body.family_name = family;
      body.addresses = [{ postal_code: postal }];
    }
    return body.emails || body.family_name ? JSON.stringify(body) : "";
  }

  function describe(d) {
    var parts = [];
    if (d.member_number) { parts.push((template.getAttribute("data-member") || "").replace("{number}", d.member_number)); }
    if (d.home_unit && d.home_unit.name) { parts.push(d.home_unit.name); }
    parts.push((d.reasons || []).map(function (r) { return template.getAttribute("data-reason-" + r) || r; }).join(", "));
    return parts.join(" · ");
  }

  function show(list) {
    seen.value = list.map(function (d) { return d.id; }).join(",");
    if (!list.length) { region.replaceChildren(); return; }
    var content = template.content.cloneNode(true);
    var ul = content.querySelector("ul");
    list.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/contacts/" + encodeURIComponent(d.id);
      a.textContent = d.display_name;
      // Beside the form, so that what was typed stays where it is.
      a.target = "_blank";
      a.rel = "noopener";
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = describe(d);
      li.append(a, " ", meta);
      ul.appendChild(li);
    });
    region.replaceChildren(content);
  }

  function check() {
    var body = probe();
    if (body === last) { return; }
    last = body;
    if (!body) { show([]); return; }
    fetch("/api/v1/contacts/duplicates", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "Accept": "application/json" }
    }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (answer) {
      if (answer && body === last) { show(answer.duplicates || []); }
    }).catch(function () { /* offline or signed out: the server checks again when the form is sent */ });
  }

  ["email", "family_name", "postal_code"].forEach(function (name) {
    var el = form.elements.namedItem(name);
    if (el) { el.addEventListener("change", check); }
  });
})();
