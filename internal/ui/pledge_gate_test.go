package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Until the current pledge is accepted, every page with data, and every form, leads to the pledge; the
// pages to sign out and switch the language, and the static files, still work. Accepting goes on to the page
// first asked for.
func TestPledgeGatesEveryDataPage(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		must(w.svc.PublishPledge(ctx, w.sys, "Datenschutz-Verpflichtung", "I keep members' data confidential.\n\nI use it only for my office."))(t)
		b := w.signIn("officer@example.org")
		anna := "/contacts/" + itoa(w.anna.ID)
		for _, path := range []string{"/", "/contacts", anna, anna + "/edit", "/contacts/new", "/contacts/export.csv", "/contacts?q=anna",
			"/units", "/units/" + itoa(w.munich.ID), "/users", "/account", "/account/sessions", "/account/second-factor",
			"/account/passkeys", "/invitations", "/access-requests", "/settings/accounts", "/api-less/unknown"} {
			res := b.get(path)
			want := "/pledge?next=" + url.QueryEscape(path)
			if path == "/" {
				want = "/pledge"
			}
			if path == "/api-less/unknown" {
				if res.status != http.StatusNotFound {
					t.Errorf("unknown page: %d", res.status)
				}
				continue
			}
			if res.status != http.StatusSeeOther || res.location != want {
				t.Errorf("GET %s: %d %q, want the pledge", path, res.status, res.location)
			}
			if strings.Contains(res.body, "Münchner") {
				t.Errorf("GET %s shows contact data before the pledge", path)
			}
		}
		for _, path := range []string{"/contacts", anna + "/notes", anna + "/tags", "/account", "/account/second-factor/totp",
			"/account/sessions/end-all", "/invitations"} {
			if res := b.post(path, url.Values{"body": {"note"}, "tag": {"x"}}); res.status != http.StatusSeeOther || res.location != "/pledge" {
				t.Errorf("POST %s: %d %q, want the pledge", path, res.status, res.location)
			}
		}
		page := b.mustGet("/pledge?next=" + url.QueryEscape(anna))
		for _, want := range []string{"Datenschutz-Verpflichtung", "I keep members&#39; data confidential.", "I use it only for my office.",
			esc(w.msg("en", "ui.pledge.required")), `name="version" value="1"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the pledge page lacks %q", want)
			}
		}
		if nav := regexp.MustCompile(`(?s)<nav class="main-nav".*?</nav>`).FindString(page); strings.Contains(nav, `href="/contacts"`) {
			t.Error("the navigation offers pages that only lead back to the pledge")
		}
		// Sign-out, language and static files stay reachable.
		if res := b.post("/language", url.Values{"lang": {"de"}, "back": {"/pledge"}}); res.status != http.StatusSeeOther || res.location != "/pledge" {
			t.Errorf("language switch: %d %q", res.status, res.location)
		}
		if page := b.mustGet("/pledge"); !strings.Contains(page, esc(w.msg("de", "ui.pledge.accept_label"))) {
			t.Error("the pledge page is not in German after the switch")
		}
		css := regexp.MustCompile(`href="(/static/[0-9a-f]+/app\.css)"`).FindStringSubmatch(page)
		if css == nil || b.get(css[1]).status != http.StatusOK {
			t.Error("the stylesheet is not served before the pledge")
		}
		b.post("/language", url.Values{"lang": {"en"}, "back": {"/pledge"}})

		res := b.post("/pledge", url.Values{"version": {"1"}, "next": {anna}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, esc(w.msg("en", "ui.pledge.tick_to_accept"))) {
			t.Fatalf("without the tick: %d", res.status)
		}
		ensureStatus(t, "accept", b.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}, "next": {anna}}), http.StatusSeeOther, anna)
		if page := b.mustGet(anna); !strings.Contains(page, "Münchner") || !strings.Contains(page, esc(w.msg("en", "ui.flash.pledge_accepted"))) {
			t.Error("after accepting, the contact page asked for is not shown with a confirmation")
		}
		// A new version is accepted again, and a form holding the old version shows the new one.
		must(w.svc.PublishPledge(ctx, w.sys, "Datenschutz-Verpflichtung 2", "New wording."))(t)
		ensureStatus(t, "new version", b.get("/contacts"), http.StatusSeeOther, "/pledge?next=%2Fcontacts")
		res = b.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "New wording.") ||
			!strings.Contains(res.body, esc(w.msg("en", "error.pledge_outdated"))) {
			t.Errorf("accepting an outdated version: %d", res.status)
		}
		ensureStatus(t, "accept version 2", b.post("/pledge", url.Values{"version": {"2"}, "accept": {"1"}}), http.StatusSeeOther, "/")
		if page := b.mustGet("/pledge"); !strings.Contains(page, esc(w.msg("en", "ui.pledge.accepted"))) || strings.Contains(page, `action="/pledge"`) {
			t.Error("the pledge page of someone who accepted still asks for acceptance")
		}
		ensureStatus(t, "sign out", b.post("/logout", nil), http.StatusSeeOther, "/login")
	})
}

// Where the organization requires a second factor, a user without one is led to set it up after the
// pledge, and then works normally.
func TestSecondFactorRequiredAfterThePledge(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		must(w.svc.PublishPledge(ctx, w.sys, "Pledge", "Confidential."))(t)
		if err := w.svc.SetSecondFactorPolicy(ctx, w.sys, "manager"); err != nil {
			t.Fatal(err)
		}
		b := w.signIn("officer@example.org")
		ensureStatus(t, "pledge first", b.get("/account/second-factor"), http.StatusSeeOther, "/pledge?next=%2Faccount%2Fsecond-factor")
		ensureStatus(t, "accept", b.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}, "next": {"/contacts"}}),
			http.StatusSeeOther, "/contacts")
		for _, path := range []string{"/contacts", "/account", "/units"} {
			ensureStatus(t, path, b.get(path), http.StatusSeeOther, "/account/second-factor?next="+url.QueryEscape(path))
		}
		page := b.mustGet("/account/second-factor?next=%2Fcontacts")
		if !strings.Contains(page, esc(w.msg("en", "ui.second_factor.required"))) {
			t.Error("the second-factor page does not say that the organization requires one")
		}
		if res := b.get("/account/passkeys"); res.status == http.StatusSeeOther {
			t.Errorf("the passkey page is closed by the gate it opens: %q", res.location)
		}
		w.enrolTOTP(b)
		if page := b.mustGet("/contacts"); !strings.Contains(page, "Münchner") {
			t.Error("after enrolment the contacts are not shown")
		}
		// The admin (not a manager) is not asked for a second factor.
		admin := w.signIn("admin@example.org")
		admin.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})
		admin.mustGet("/contacts")
	})
}
