package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

var invitationLinkShown = regexp.MustCompile(`<code class="token" id="invitation-link">https?://[^/]+(/invitation/[A-Za-z0-9_-]+)</code>`)

// An admin invites a volunteer with the form (a row of roles at a time, problems shown at their fields) and
// sees the link once; the volunteer reads who invites them to what, accepts the pledge, chooses a password
// and is signed in, on their way to a second factor. The link then stops working.
func TestInvitationFromFormToAccount(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		must(w.svc.PublishPledge(ctx, w.sys, "Our pledge", "I keep members' data confidential."))(t)
		admin := w.signIn("admin@example.org")
		admin.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})
		if page := admin.mustGet("/users"); !strings.Contains(page, `href="/invitations/new"`) {
			t.Error("the user list has no way to invite someone")
		}
		form := admin.mustGet("/invitations/new")
		if n := strings.Count(form, `<option value="`+itoa(w.munich.ID)+`"`); n != 1 {
			t.Errorf("the unit list appears %d times on a fresh form", n)
		}
		grow := admin.post("/invitations", url.Values{"action": {"add_row"}, "rows": {"1"}, "email": {"vera@example.org"},
			"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"viewer"}})
		if grow.status != http.StatusOK || !strings.Contains(grow.body, `name="unit_id_1"`) || !strings.Contains(grow.body, `value="vera@example.org"`) {
			t.Fatalf("adding a row: %d, second row: %v", grow.status, strings.Contains(grow.body, `name="unit_id_1"`))
		}
		if w.mail.count() != 0 {
			t.Fatal("adding a row sent an invitation")
		}
		bad := admin.post("/invitations", url.Values{"rows": {"2"}, "email": {"vera@example.org"}, "name": {"Vera Volunteer"},
			"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"boss"}, "expires_at_1": {"2020-01-01"}})
		if bad.status != http.StatusUnprocessableEntity || fieldError(bad.body, "unit_id_1") == "" {
			t.Fatalf("a row without unit: %d, message at its unit: %q", bad.status, fieldError(bad.body, "unit_id_1"))
		}
		bad = admin.post("/invitations", url.Values{"rows": {"2"}, "email": {"vera@example.org"}, "name": {"Vera Volunteer"},
			"unit_id_1": {itoa(w.munich.ID)}, "role_1": {"boss"}})
		if bad.status != http.StatusUnprocessableEntity || fieldError(bad.body, "role_1") != esc(w.msg("en", "error.invalid_choice")) {
			t.Fatalf("an unknown role in the second row: %d, message at its role: %q", bad.status, fieldError(bad.body, "role_1"))
		}
		created := admin.post("/invitations", url.Values{"rows": {"2"}, "email": {"Vera@Example.org"}, "name": {"Vera Volunteer"},
			"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"manager"}, "expires_at_0": {w.clock.Now().AddDate(1, 0, 0).Format("2006-01-02")},
			"unit_id_1": {itoa(w.augsburg.ID)}, "role_1": {"viewer"}})
		shown := invitationLinkShown.FindStringSubmatch(created.body)
		if created.status != http.StatusCreated || shown == nil {
			t.Fatalf("invite: %d, link shown: %v\n%s", created.status, shown != nil, created.body)
		}
		link := shown[1]
		if mailed := w.mail.linkTo("vera@example.org", "/invitation/"); mailed != link {
			t.Errorf("the link mailed %q is not the one shown %q", mailed, link)
		}
		if list := admin.mustGet("/invitations"); !strings.Contains(list, "Vera Volunteer") || strings.Contains(list, link) {
			t.Error("the invitation list does not list the invitation, or shows its link again")
		}

		vera := w.browser()
		page := vera.mustGet(link)
		for _, want := range []string{"admin@example.org", "Manager · München", "Viewer · Augsburg", "Our pledge",
			"I keep members&#39; data confidential.", "vera@example.org", `value="Vera Volunteer"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the invitation page lacks %q", want)
			}
		}
		accept := url.Values{"pledge_version": {"1"}, "name": {"Vera V."}, "password": {"Vera2026vera"}, "password_confirm": {"Vera2026vera"}}
		res := vera.post(link, accept)
		pledgeError := `<p class="field-error">` + esc(w.msg("en", "error.pledge_not_accepted")) + `</p>` // under the box
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, pledgeError) ||
			fieldError(res.body, "password") != esc(w.msg("en", "error.password_contains_name")) {
			t.Fatalf("no tick and a password with the name: %d, pledge error: %v, password %q", res.status,
				strings.Contains(res.body, pledgeError), fieldError(res.body, "password"))
		}
		accept.Set("accept", "1")
		accept.Set("password", "maple river telescope")
		res = vera.post(link, accept)
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "password_confirm") == "" || !strings.Contains(res.body, `value="Vera V."`) {
			t.Fatalf("different passwords: %d", res.status)
		}
		accept.Set("password_confirm", "maple river telescope")
		vera.lang = "de"
		ensureStatus(t, "accept", vera.post(link, accept), http.StatusSeeOther, "/account/second-factor?welcome=1")
		page = vera.mustGet("/account/second-factor?welcome=1")
		if !strings.Contains(page, esc(w.msg("de", "ui.second_factor.welcome"))) || !strings.Contains(page, `href="/"`) {
			t.Error("the new account does not land on a German welcome to the second factor, with a way to skip it")
		}
		vera.lang = ""
		if list := vera.mustGet("/contacts"); !strings.Contains(list, "Münchner") || !strings.Contains(list, "Augsburger") ||
			!strings.Contains(list, "Vera V.") || !strings.Contains(list, `<html lang="de">`) {
			t.Error("the new account does not see both units' contacts under the corrected name in its language")
		}
		users := must(w.svc.Users(ctx, w.sys))(t)
		if i := slicesIndex(users, "vera@example.org"); i < 0 || len(must(w.svc.User(ctx, w.sys, users[i].ID))(t).Grants) != 2 {
			t.Error("the account does not have the two invited grants")
		}

		// The used link, an expired one, a revoked one and a made-up one get one message.
		used := w.browser().get(link)
		must(w.svc.Invite(ctx, w.sys, "expired@example.org", "Ex Pired", []domain.InvitedGrant{{UnitID: w.munich.ID, Role: access.Viewer}}))(t)
		expiredLink := w.mail.linkTo("expired@example.org", "/invitation/")
		rev := must(w.svc.Invite(ctx, w.sys, "revoked@example.org", "Re Voked", []domain.InvitedGrant{{UnitID: w.munich.ID, Role: access.Viewer}}))(t)
		revokedLink := w.mail.linkTo("revoked@example.org", "/invitation/")
		if err := w.svc.RevokeInvitation(ctx, w.sys, rev.ID); err != nil {
			t.Fatal(err)
		}
		w.clock.Add(7*24*time.Hour + time.Minute)
		pages := map[string]response{"used": used, "expired": w.browser().get(expiredLink), "revoked": w.browser().get(revokedLink),
			"made up": w.browser().get("/invitation/made-up"), "posted to": w.browser().post(revokedLink, accept)}
		want := ""
		for name, res := range pages {
			if res.status != http.StatusNotFound || !strings.Contains(res.body, esc(w.msg("en", "ui.invitation.dead"))) {
				t.Errorf("%s link: %d", name, res.status)
			}
			body := regexp.MustCompile(`/invitation/[A-Za-z0-9_-]+`).ReplaceAllString(res.body, "")
			if want == "" {
				want = body
			} else if body != want {
				t.Errorf("the %s link's page differs from the others", name)
			}
		}
	})
}

func slicesIndex(users []domain.User, email string) int {
	for i, u := range users {
		if u.Email == email {
			return i
		}
	}
	return -1
}

// Officers without users.manage cannot invite.
func TestInvitationsNeedUserAdmins(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		officer := w.signIn("officer@example.org")
		for _, path := range []string{"/invitations", "/invitations/new"} {
			if res := officer.get(path); res.status != http.StatusForbidden {
				t.Errorf("GET %s as an officer: %d", path, res.status)
			}
		}
		res := officer.post("/invitations", url.Values{"email": {"x@example.org"}, "name": {"X"}, "unit_id_0": {itoa(w.munich.ID)}, "role_0": {"viewer"}})
		if res.status == http.StatusCreated || w.mail.count() != 0 {
			t.Errorf("an officer invited someone: %d", res.status)
		}
	})
}

// Without a mail server nothing is mailed, and the page says so instead of "sent": it shows the link to pass
// on, to the inviting admin only, on that page. The invitations list shows until when each role is given.
func TestInvitationWithoutMailServer(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		for _, lang := range []string{"en", "de"} {
			admin.post("/language", url.Values{"lang": {lang}, "back": {"/"}})
			form := admin.mustGet("/invitations/new")
			if !strings.Contains(form, esc(w.msg(lang, "ui.invite.intro_no_mail"))) || !strings.Contains(form, esc(w.msg(lang, "ui.invite.create"))) {
				t.Errorf("%s: the form promises an e-mail that no mail server will send", lang)
			}
			email := "vera." + lang + "@example.org"
			created := admin.post("/invitations", url.Values{"rows": {"1"}, "email": {email}, "name": {"Vera Volunteer"},
				"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"manager"}, "expires_at_0": {"2099-06-30"}})
			if created.status != http.StatusCreated || invitationLinkShown.FindStringSubmatch(created.body) == nil {
				t.Fatalf("%s: invite: %d, link shown: %v", lang, created.status, invitationLinkShown.MatchString(created.body))
			}
			if strings.Contains(created.body, esc(w.msg(lang, "ui.invite.sent", "name", "Vera Volunteer", "email", email))) ||
				!strings.Contains(created.body, esc(w.msg(lang, "ui.invite.not_mailed", "name", "Vera Volunteer"))) {
				t.Errorf("%s: the page does not say that nothing was mailed", lang)
			}
			list := admin.mustGet("/invitations")
			if until := esc(w.msg(lang, "ui.grant.until", "date", map[string]string{"en": "Jun 30, 2099", "de": "30.06.2099"}[lang])); !strings.Contains(list, until) {
				t.Errorf("%s: the invitations list does not show %q", lang, until)
			}
			if invitationLinkShown.MatchString(list) {
				t.Errorf("%s: the list shows an invitation's link again", lang)
			}
		}
	})
}

// With a mail server, the page says the invitation was sent, and the mail is in the inviting admin's
// language.
func TestInvitationMailInInvitersLanguage(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		admin := w.signIn("admin@example.org")
		for _, lang := range []string{"de", "en"} {
			admin.post("/language", url.Values{"lang": {lang}, "back": {"/"}})
			email := "vera." + lang + "@example.org"
			created := admin.post("/invitations", url.Values{"rows": {"1"}, "email": {email}, "name": {"Vera Volunteer"},
				"unit_id_0": {itoa(w.munich.ID)}, "role_0": {"viewer"}})
			if created.status != http.StatusCreated || !strings.Contains(created.body, esc(w.msg(lang, "ui.invite.sent", "name", "Vera Volunteer", "email", email))) {
				t.Fatalf("%s: invite: %d, says sent: %v", lang, created.status, strings.Contains(created.body, esc(w.msg(lang, "ui.invite.sent", "name", "Vera Volunteer", "email", email))))
			}
			mail := w.mail.last()
			if subject := w.msg(lang, "mail.invitation.subject"); !strings.Contains(mail, "\n"+subject+"\n") {
				t.Errorf("%s: the invitation mail's subject is not %q:\n%s", lang, subject, mail)
			}
			if greeting := w.msg(lang, "mail.invitation.body", "name", "Vera Volunteer", "inviter", "Ada Admin", "link", "")[:20]; !strings.Contains(mail, greeting) {
				t.Errorf("%s: the mail is not in the inviter's language:\n%s", lang, mail)
			}
		}
	})
}
