// Roster: passkeys. A form with data-passkey="create" (register) or "get" (sign in) asks the server for the
// ceremony's options (POST to data-options), lets the browser talk to the authenticator, puts the answer
// into its hidden field "credential" and submits. WebAuthn works with ArrayBuffers, the server with
// base64url text: the conversions are here. Without WebAuthn the button stays disabled and the form says why.
"use strict";

(function () {
  function bytes(b64url) {
    var s = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function text(buffer) {
    var b = new Uint8Array(buffer);
    var bin = "";
    for (var i = 0; i < b.length; i++) { bin += String.fromCharCode(b[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeIDs(list) {
    (list || []).forEach(function (c) { c.id = bytes(c.id); });
  }

  // options turns the server's JSON into what navigator.credentials.create or get takes.
  function options(mode, json) {
    var o = json.publicKey;
    o.challenge = bytes(o.challenge);
    if (mode === "create") {
      o.user.id = bytes(o.user.id);
      decodeIDs(o.excludeCredentials);
    } else {
      decodeIDs(o.allowCredentials);
    }
    return { publicKey: o };
  }

  // answer is the JSON of a PublicKeyCredential, as the server parses it.
  function answer(cred) {
    var r = cred.response;
    var out = {
      id: cred.id, rawId: text(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: text(r.clientDataJSON) }
    };
    if (r.attestationObject) {
      out.response.attestationObject = text(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = text(r.authenticatorData);
      out.response.signature = text(r.signature);
      if (r.userHandle) { out.response.userHandle = text(r.userHandle); }
    }
    return JSON.stringify(out);
  }

  // Refusal carries the server's message for the user.
  function Refusal(message) { this.message = message; }

  function fetchOptions(form) {
    var body = new URLSearchParams();
    if (form.elements.name) { body.set("name", form.elements.name.value); }
    return fetch(form.getAttribute("data-options"), {
      method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }, body: body
    }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) { throw new Refusal(json.error); }
        return json;
      });
    });
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var mode = form.getAttribute("data-passkey");
    var button = form.querySelector("[data-passkey-button]");
    var alert = form.querySelector("[data-passkey-error]");
    function show(message) {
      alert.textContent = message;
      alert.hidden = false;
    }
    if (!window.PublicKeyCredential || !navigator.credentials) {
      show(form.getAttribute("data-unsupported"));
      return;
    }
    button.disabled = false;
    var busy = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) { return; }
      busy = true;
      alert.hidden = true;
      fetchOptions(form).then(function (json) {
        return navigator.credentials[mode](options(mode, json));
      }).then(function (cred) {
        form.elements.credential.value = answer(cred);
        form.submit();
      }).catch(function (err) {
        busy = false;
        // A cancelled dialog (NotAllowedError) or an unreachable server: the user may simply try again.
        show(err instanceof Refusal && err.message ? err.message : form.getAttribute("data-failed"));
      });
    });
  });
})();
