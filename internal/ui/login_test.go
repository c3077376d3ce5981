package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignIn(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		b := w.browser()
		res := b.get("/contacts/" + itoa(w.anna.ID))
		if res.status != http.StatusSeeOther || res.location != "/login?next=%2Fcontacts%2F"+itoa(w.anna.ID) {
			t.Fatalf("unauthenticated page: %d %q", res.status, res.location)
		}
		wrong := b.post("/login", url.Values{"email": {"admin@example.org"}, "password": {"wrong password here"}})
		unknown := b.post("/login", url.Values{"email": {"nobody@example.org"}, "password": {password}})
		want := esc(w.msg("en", "error.signin_failed"))
		for _, res := range []response{wrong, unknown} {
			if res.status != http.StatusUnauthorized || !strings.Contains(res.body, want) {
				t.Fatalf("failed sign-in: %d, message shown: %v", res.status, strings.Contains(res.body, want))
			}
		}
		if strings.ReplaceAll(wrong.body, "admin@example.org", "") != strings.ReplaceAll(unknown.body, "nobody@example.org", "") {
			t.Error("wrong password and unknown account give different pages")
		}
		res = b.post("/login", url.Values{"email": {"admin@example.org"}, "password": {password}, "next": {"/contacts/" + itoa(w.anna.ID)}})
		if res.status != http.StatusSeeOther || res.location != "/contacts/"+itoa(w.anna.ID) {
			t.Fatalf("sign-in redirect: %d %q", res.status, res.location)
		}
		if page := b.mustGet("/contacts"); !strings.Contains(page, "Ada Admin") || !strings.Contains(page, "Administrator · Bund") {
			t.Error("layout does not show who is signed in and for which unit")
		}
		if res := b.post("/logout", nil); res.status != http.StatusSeeOther || res.location != "/login" {
			t.Fatalf("sign out: %d %q", res.status, res.location)
		}
		if res := b.get("/contacts"); res.status != http.StatusSeeOther {
			t.Errorf("after sign-out /contacts answers %d", res.status)
		}
	})
}

func TestNoOpenRedirect(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		for _, next := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"} {
			b := w.browser()
			res := b.post("/login", url.Values{"email": {"admin@example.org"}, "password": {password}, "next": {next}})
			if res.status != http.StatusSeeOther || res.location != "/contacts" {
				t.Errorf("next=%q: redirected to %q", next, res.location)
			}
			if res := b.post("/language", url.Values{"lang": {"de"}, "back": {next}}); res.location != "/" {
				t.Errorf("language back=%q: redirected to %q", next, res.location)
			}
		}
	})
}

func TestLanguage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		b := w.signIn("officer@example.org")
		if page := b.mustGet("/contacts"); !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "<h1>Contacts</h1>") {
			t.Fatal("English list expected")
		}
		res := b.post("/language", url.Values{"lang": {"de"}, "back": {"/contacts?status=current"}})
		if res.status != http.StatusSeeOther || res.location != "/contacts?status=current" {
			t.Fatalf("switch: %d %q", res.status, res.location)
		}
		page := b.mustGet("/contacts")
		if !strings.Contains(page, `<html lang="de">`) || !strings.Contains(page, "<h1>Kontakte</h1>") || !strings.Contains(page, "Gliederungen") {
			t.Error("German list expected after the switch")
		}
		if !strings.Contains(page, w.msg("de", "ui.contacts.count_one")) {
			t.Error("count not in German")
		}
		// Without a choice, the browser's language decides on the sign-in page.
		anon := w.browser()
		anon.lang = "de-DE,de;q=0.9"
		if page := anon.mustGet("/login"); !strings.Contains(page, `<html lang="de">`) || !strings.Contains(page, "Anmelden") {
			t.Error("sign-in page should follow Accept-Language")
		}
	})
}

func TestUserLanguageIsDefault(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("de@example.org", "Dora Deutsch", "de", w.munich.ID, "viewer")
		b := w.signIn("de@example.org")
		b.lang = "en"
		if page := b.mustGet("/contacts"); !strings.Contains(page, "<h1>Kontakte</h1>") {
			t.Error("the profile language should win over Accept-Language")
		}
	})
}
