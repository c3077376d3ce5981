package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func TestAuditTrailForAdminsInScope(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("munich-admin@example.org", "Mia Admin", "en", w.munich.ID, access.Admin)
		// A failed sign-in and a change to a Berlin contact.
		w.browser().post("/login", url.Values{"email": {"officer@example.org"}, "password": {"wrong password here"}})
		name := "Carlotta"
		if _, err := w.svc.UpdateContact(context.Background(), w.sys, w.carla.ID, domain.ContactInput{GivenName: &name}); err != nil {
			t.Fatal(err)
		}
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/audit")
		failure, update := "<strong>"+esc(w.msg("en", "ui.action.signin.failure"))+"</strong>", "<strong>"+esc(w.msg("en", "ui.action.contact.update"))+"</strong>"
		if !strings.Contains(page, failure) || !strings.Contains(page, "Carlotta") {
			t.Errorf("the national admin's audit trail lacks the failed sign-in or the Berlin change")
		}
		if only := admin.mustGet("/audit?action=signin.failure"); strings.Contains(only, update) || !strings.Contains(only, failure) {
			t.Error("the action filter does not filter")
		}
		local := w.signIn("munich-admin@example.org").mustGet("/audit")
		if strings.Contains(local, "Carlotta") {
			t.Error("a Munich admin sees a change to a Berlin contact")
		}
		if res := w.signIn("officer@example.org").get("/audit"); res.status != http.StatusForbidden {
			t.Errorf("a manager without audit rights: %d", res.status)
		}
	})
}

// The audit trail reads as people read: actions, fields and coded values by their names, times and dates in
// the page's format, roles as "Manager · München, until …" rather than Go maps, the action's code not beside
// its name. The filter offers users and actions from lists, a date range, and a contact found by name.
func TestAuditReadsAsPeopleRead(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		must(w.svc.Invite(ctx, w.sys, "vera@example.org", "Vera Volunteer", []domain.InvitedGrant{{UnitID: w.munich.ID, Role: access.Manager,
			ExpiresAt: new(time.Date(2099, 7, 1, 0, 0, 0, 0, time.Local))}}))(t)
		for _, c := range []*domain.Contact{w.anna, w.bert} {
			must(w.svc.UpdateContact(ctx, w.sys, c.ID, domain.ContactInput{BirthDate: &domain.Date{Year: 1980, Month: 2, Day: 29}}))(t)
		}
		admin := w.signIn("admin@example.org")
		admin.post("/language", url.Values{"lang": {"de"}, "back": {"/audit"}})
		page := admin.mustGet("/audit")
		for _, want := range []string{
			"<strong>" + esc(w.msg("de", "ui.action.invitation.create")) + "</strong>",
			esc(w.msg("de", "ui.role.manager")) + " · München, " + esc(w.msg("de", "ui.grant.until", "date", "30.06.2099")),
			"<ins>29.02.1980</ins>",
			`<a href="/contacts/` + itoa(w.anna.ID) + `">Anna Münchner</a>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the German audit page lacks %q", want)
			}
		}
		for _, unwanted := range []string{"map[", "<code>invitation.create</code>", ">invitation.create<", "1980-02-29", ">grants:"} {
			if strings.Contains(page, unwanted) {
				t.Errorf("the audit page shows %q", unwanted)
			}
		}
		if !strings.Contains(page, `<option value="signin.failure">`+esc(w.msg("de", "ui.action.signin.failure"))+`</option>`) ||
			!strings.Contains(page, `>Otto Officer (officer@example.org)</option>`) {
			t.Error("actions and users are not offered as lists")
		}

		// A contact by name: the trail of Anna only.
		only := admin.mustGet("/audit?contact=M%C3%BCnchner")
		if !strings.Contains(only, "Anna Münchner") || strings.Contains(only, "Bert Augsburger") || strings.Contains(only, "Vera") {
			t.Error("the contact filter does not keep to Anna")
		}
		if !strings.Contains(only, `name="contact_id" value="`+itoa(w.anna.ID)+`"`) {
			t.Error("the chosen contact is not kept in the form")
		}
		other := w.contact("Max", "Münchhausen", w.munich.ID)
		several := admin.mustGet("/audit?contact=M%C3%BCnch")
		if !strings.Contains(several, esc(w.msg("de", "ui.audit.choose_contact", "query", "Münch"))) ||
			!strings.Contains(several, "contact_id="+itoa(other.ID)) || !strings.Contains(several, "contact_id="+itoa(w.anna.ID)) {
			t.Error("several matching contacts are not offered to choose from")
		}
		if res := admin.get("/audit?contact=Niemand"); res.status != http.StatusUnprocessableEntity ||
			fieldError(res.body, "audit-contact") != esc(w.msg("de", "error.no_contact_found")) {
			t.Errorf("a contact nobody matches: %d %q", res.status, fieldError(res.body, "audit-contact"))
		}
		// A date range and a user.
		today := time.Now().Format("2006-01-02")
		tomorrow := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
		if p := admin.mustGet("/audit?from=" + tomorrow); !strings.Contains(p, esc(w.msg("de", "ui.audit.none"))) {
			t.Error("entries from tomorrow on")
		}
		if p := admin.mustGet("/audit?from=" + today + "&to=" + today); !strings.Contains(p, "Anna Münchner") {
			t.Error("today's entries are missing from a range of today")
		}
		officer := w.signIn("officer@example.org")
		officer.post("/logout", nil)
		var id string
		for _, u := range must(w.svc.Users(ctx, w.sys))(t) {
			if u.Email == "officer@example.org" {
				id = itoa(u.ID)
			}
		}
		byOfficer := admin.mustGet("/audit?user=" + id)
		if !strings.Contains(byOfficer, "<strong>"+esc(w.msg("de", "ui.action.signin.success"))+"</strong>") || strings.Contains(byOfficer, "Anna Münchner") {
			t.Error("the user filter does not keep to the officer's own actions")
		}
	})
}
