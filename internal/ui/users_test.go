package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestUsersAndGrants(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		if page := admin.mustGet("/users"); !strings.Contains(page, "Otto Officer") {
			t.Error("user list lacks the officer")
		}
		res := admin.post("/users", url.Values{"email": {"neu@example.org"}, "name": {"Nina Neu"}, "language": {"de"}, "password": {"short"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "password") != esc(w.msg("en", "error.password_too_short", "param", "12")) {
			t.Fatalf("short password: %d %q", res.status, fieldError(res.body, "password"))
		}
		if strings.Contains(res.body, `value="short"`) {
			t.Error("the password is sent back in the form")
		}
		res = admin.post("/users", url.Values{"email": {"neu@example.org"}, "name": {"Nina Neu"}, "language": {"de"}, "password": {password}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create user: %d\n%s", res.status, res.body)
		}
		user := res.location
		res = admin.post(user+"/grants", url.Values{"unit_id": {itoa(w.augsburg.ID)}, "role": {"manager"}, "expires_at": {"2000-01-01"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "expires_at") != esc(w.msg("en", "error.in_the_past")) {
			t.Errorf("grant in the past: %d %q", res.status, fieldError(res.body, "expires_at"))
		}
		res = admin.post(user+"/grants", url.Values{"unit_id": {itoa(w.augsburg.ID)}, "role": {"manager"}, "expires_at": {"2999-12-31"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("grant: %d\n%s", res.status, res.body)
		}
		page := admin.mustGet(user)
		if !strings.Contains(page, "Augsburg") || !strings.Contains(page, "until Dec 31, 2999") {
			t.Error("user page lacks the grant with its expiry")
		}
		nina := w.signIn("neu@example.org")
		if page := nina.mustGet("/contacts"); !strings.Contains(page, "Bert Augsburger") || strings.Contains(page, "Anna") ||
			!strings.Contains(page, "<h1>Kontakte</h1>") {
			t.Error("new user should see Augsburg, in German")
		}
		revoke := regexp.MustCompile(`action="(/grants/\d+/revoke)"`).FindStringSubmatch(page)
		if revoke == nil {
			t.Fatal("no revoke button")
		}
		userID := strings.TrimPrefix(user, "/users/")
		if res := admin.post(revoke[1], url.Values{"user_id": {userID}}); res.status != http.StatusSeeOther || res.location != user {
			t.Fatalf("revoke: %d %q", res.status, res.location)
		}
		if page := nina.mustGet("/contacts"); strings.Contains(page, "Bert Augsburger") {
			t.Error("revoked grant still shows contacts")
		}
		if res := admin.post(user, url.Values{"action": {"deactivate"}}); res.status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", res.status)
		}
		if res := nina.get("/contacts"); res.status != http.StatusSeeOther {
			t.Errorf("deactivated user still signed in: %d", res.status)
		}
		officer := w.signIn("officer@example.org")
		if res := officer.get(user); res.status != http.StatusNotFound {
			t.Errorf("manager sees a user page: %d", res.status)
		}
	})
}

func TestAccount(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		b := w.signIn("officer@example.org")
		res := b.post("/account/password", url.Values{"current_password": {"not my password"}, "password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "current_password") != esc(w.msg("en", "ui.account.wrong_password")) {
			t.Fatalf("wrong current password: %d %q", res.status, fieldError(res.body, "current_password"))
		}
		res = b.post("/account/password", url.Values{"current_password": {password}, "password": {"a brand new passphrase"}, "password_confirm": {"another one entirely"}})
		if fieldError(res.body, "password_confirm") != esc(w.msg("en", "ui.account.passwords_differ")) {
			t.Error("differing passwords not reported")
		}
		res = b.post("/account/password", url.Values{"current_password": {password}, "password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("change password: %d\n%s", res.status, res.body)
		}
		if page := b.mustGet("/account"); !strings.Contains(page, w.msg("en", "ui.flash.password_changed")) {
			t.Error("this browser should stay signed in after changing the password")
		}
		if res := w.browser().post("/login", url.Values{"email": {"officer@example.org"}, "password": {"a brand new passphrase"}}); res.status != http.StatusSeeOther {
			t.Error("new password does not work")
		}
		res = b.post("/account/tokens", url.Values{"token_name": {"Newsletter"}})
		token := regexp.MustCompile(`<code class="token">(rst_[^<]+)</code>`).FindStringSubmatch(res.body)
		if res.status != http.StatusCreated || token == nil {
			t.Fatalf("create token: %d", res.status)
		}
		page := b.mustGet("/account")
		if strings.Contains(page, token[1]) || !strings.Contains(page, "Newsletter") {
			t.Error("token secret shown again, or token not listed")
		}
		revoke := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindStringSubmatch(page)
		if revoke == nil {
			t.Fatal("no revoke button")
		}
		if res := b.post(revoke[1], nil); res.status != http.StatusSeeOther {
			t.Errorf("revoke token: %d", res.status)
		}
		res = b.post("/account", url.Values{"name": {"Otto Obmann"}, "language": {"de"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("profile: %d", res.status)
		}
		if page := b.mustGet("/account"); !strings.Contains(page, "Otto Obmann") || !strings.Contains(page, `<html lang="de">`) {
			t.Error("profile change not shown, or language not applied")
		}
	})
}
