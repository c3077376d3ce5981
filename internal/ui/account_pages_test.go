package ui_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// Every account page, in English and in German: in the language asked for with nothing left untranslated,
// and within the Content-Security-Policy (scripts from files only, no style or event-handler attributes).
func TestAccountPagesInBothLanguages(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		must(w.svc.PublishPledge(ctx, w.sys, "Pledge", "Confidential."))(t)
		must(w.svc.RequestAccess(ctx, nil, domain.AccessRequest{Email: "p@example.org", Name: "Paula", Unit: domain.UnitRef{ID: w.munich.ID},
			Role: access.Viewer, DecisionText: "Board, 3 March"}))(t)
		inv := must(w.svc.Invite(ctx, w.sys, "vera@example.org", "Vera", []domain.InvitedGrant{{UnitID: w.munich.ID, Role: access.Viewer}}))(t)
		link := w.mail.linkTo(inv.Email, "/invitation/")
		officer := w.user("second@example.org", "Sam Second", "en", w.munich.ID, access.Manager)
		second := w.signIn("second@example.org")
		second.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})
		w.enrolTOTP(second)
		untranslated := regexp.MustCompile(`\b(?:ui|error)\.[A-Za-z_]+(?:\.[A-Za-z_]+)*`) // a catalogue key shown as it is
		script := regexp.MustCompile(`<script[^>]*>`)
		handler := regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
		for _, lang := range []string{"en", "de"} {
			pages := map[string]string{}
			anon := w.browser()
			anon.lang = lang
			for _, path := range []string{"/login", "/password-reset", "/password-reset/some-secret", "/request-access", link} {
				pages[path] = anon.mustGet(path)
			}
			pages["reset sent"] = anon.post("/password-reset", url.Values{"email": {"x@example.org"}}).body
			pages["dead invitation"] = anon.get("/invitation/nothing").body

			admin := w.signIn("admin@example.org")
			admin.post("/language", url.Values{"lang": {lang}})
			pages["/pledge (required)"] = admin.mustGet("/pledge")
			admin.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})
			for _, path := range []string{"/pledge", "/account", "/account/second-factor", "/account/sessions", "/users", "/users/" + itoa(officer.ID),
				"/invitations", "/invitations/new", "/access-requests", "/settings/accounts", "/request-access"} {
				pages[path] = admin.mustGet(path)
			}
			pages["enrolment"] = admin.post("/account/second-factor/totp", nil).body
			pages["enrolment, wrong code"] = admin.post("/account/second-factor/totp/confirm", url.Values{"code": {"1"}}).body
			pages["invitation created"] = admin.post("/invitations", url.Values{"email": {lang + "@example.org"}, "name": {"N"},
				"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"viewer"}}).body
			pages["no recovery codes without a factor"] = admin.post("/account/second-factor/recovery-codes", nil).body
			second.post("/language", url.Values{"lang": {lang}})
			pages["recovery codes"] = second.post("/account/second-factor/recovery-codes", nil).body
			half := w.passwordStep("second@example.org")
			half.lang = lang
			pages["second factor sign-in"] = half.mustGet("/login/second-factor")

			for name, page := range pages {
				if !strings.Contains(page, `<html lang="`+lang+`">`) {
					t.Errorf("%s, %s: not in %s", lang, name, lang)
				}
				if m := untranslated.FindString(page); m != "" {
					t.Errorf("%s, %s: untranslated %q", lang, name, m)
				}
				for _, tag := range script.FindAllString(page, -1) {
					if !strings.Contains(tag, ` src="/static/`) {
						t.Errorf("%s, %s: inline script %s", lang, name, tag)
					}
				}
				if strings.Contains(page, " style=") || strings.Contains(page, "<style") {
					t.Errorf("%s, %s: inline style", lang, name)
				}
				if handler.MatchString(page) {
					t.Errorf("%s, %s: event handler attribute", lang, name)
				}
			}
			if lang == "de" && !strings.Contains(pages["/pledge (required)"], "Verpflichtungserklärung") {
				t.Error("the German pledge page is not German")
			}
		}
	})
}
