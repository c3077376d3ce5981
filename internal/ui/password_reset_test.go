package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Asking for a reset link answers the same for an address with an account and one without; the link sets a
// new password once, refuses a weak one without being used up, and stops working afterwards and after 30
// minutes, with one message.
func TestPasswordReset(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		anon := w.browser()
		if page := anon.mustGet("/login"); !strings.Contains(page, `href="/password-reset"`) {
			t.Error("no link to reset a forgotten password on the sign-in page")
		}
		known := anon.post("/password-reset", url.Values{"email": {"officer@example.org"}})
		unknown := anon.post("/password-reset", url.Values{"email": {"nobody@example.org"}})
		if known.status != http.StatusOK || known.body != unknown.body || !strings.Contains(known.body, esc(w.msg("en", "ui.reset.sent"))) {
			t.Fatalf("known %d and unknown %d addresses get different pages (or no confirmation)", known.status, unknown.status)
		}
		link := w.mail.linkTo("officer@example.org", "/password-reset/")
		if link == "" || w.mail.count() != 1 {
			t.Fatalf("mails sent: %d, link to the officer: %q", w.mail.count(), link)
		}
		if res := anon.post("/password-reset", url.Values{"email": {""}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("empty address: %d", res.status)
		}

		officer := w.signIn("officer@example.org")
		page := anon.mustGet(link)
		if !strings.Contains(page, `action="`+link+`"`) {
			t.Fatal("the reset page does not post to its link")
		}
		res := anon.post(link, url.Values{"password": {"passwortpasswort"}, "password_confirm": {"passwortpasswort"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "password") != esc(w.msg("en", "error.password_common")) {
			t.Fatalf("weak password: %d %q", res.status, fieldError(res.body, "password"))
		}
		res = anon.post(link, url.Values{"password": {"lantern orbit quietly"}, "password_confirm": {"lantern orbit quiet"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "password_confirm") == "" {
			t.Fatalf("different passwords: %d", res.status)
		}
		ensureStatus(t, "new password", anon.post(link, url.Values{"password": {"lantern orbit quietly"}, "password_confirm": {"lantern orbit quietly"}}),
			http.StatusSeeOther, "/login")
		if page := anon.mustGet("/login"); !strings.Contains(page, esc(w.msg("en", "ui.flash.password_reset"))) {
			t.Error("no confirmation on the sign-in page")
		}
		ensureStatus(t, "old session", officer.get("/contacts"), http.StatusSeeOther, "/login?next=%2Fcontacts")
		ensureStatus(t, "sign in with the new password",
			w.browser().post("/login", url.Values{"email": {"officer@example.org"}, "password": {"lantern orbit quietly"}}), http.StatusSeeOther, "/contacts")

		// Used, expired and made-up links get the same answer.
		used := anon.post(link, url.Values{"password": {"another fine passphrase"}, "password_confirm": {"another fine passphrase"}})
		anon.post("/password-reset", url.Values{"email": {"officer@example.org"}})
		expiredLink := w.mail.linkTo("officer@example.org", "/password-reset/")
		w.clock.Add(31 * time.Minute)
		expired := anon.post(expiredLink, url.Values{"password": {"another fine passphrase"}, "password_confirm": {"another fine passphrase"}})
		madeUp := anon.post("/password-reset/made-up-secret", url.Values{"password": {"another fine passphrase"}, "password_confirm": {"another fine passphrase"}})
		for name, res := range map[string]response{"used": used, "expired": expired, "made up": madeUp} {
			if res.status != http.StatusNotFound || !strings.Contains(res.body, esc(w.msg("en", "ui.reset.dead"))) {
				t.Errorf("%s link: %d", name, res.status)
			}
		}
		// The pages differ only in their own address (the language switch comes back to it).
		used.body = strings.ReplaceAll(used.body, link, "")
		expired.body = strings.ReplaceAll(expired.body, expiredLink, "")
		madeUp.body = strings.ReplaceAll(madeUp.body, "/password-reset/made-up-secret", "")
		if used.body != expired.body || used.body != madeUp.body {
			t.Error("used, expired and made-up links are told apart")
		}
	})
}
