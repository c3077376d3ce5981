package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The organization's admin sets the member-number pattern on a settings page: a unit's own series, shown in
// the list and used for the next member there; a bad value is named at its field; a county officer may not.
func TestMemberNumbersSettingsPage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/settings/member-numbers")
		if !strings.Contains(page, "<code>100001</code>") || !strings.Contains(page, esc(w.msg("en", "ui.member_numbers.whole_organization"))) {
			t.Fatalf("the page lacks the organization's series")
		}
		res := admin.post("/settings/member-numbers", url.Values{"unit_id": {itoa(w.bavaria.ID)}, "prefix": {"BY-"},
			"next": {"1"}, "last": {""}, "width": {"6"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.status, fieldError(res.body, "prefix")+fieldError(res.body, "next"))
		}
		if page = admin.mustGet("/settings/member-numbers"); !strings.Contains(page, "<td data-label=\"For\">Bayern</td>") ||
			!strings.Contains(page, "<code>BY-000001</code>") {
			t.Errorf("the list lacks Bayern's series")
		}
		// Editing starts from what is set.
		if page = admin.mustGet("/settings/member-numbers?unit=" + itoa(w.bavaria.ID)); !strings.Contains(page, `name="prefix" type="text" value="BY-"`) {
			t.Errorf("the form does not start from Bayern's series")
		}
		res = admin.post("/settings/member-numbers", url.Values{"unit_id": {""}, "prefix": {"M1"}, "next": {"x"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "next") != esc(w.msg("en", "error.invalid_number")) {
			t.Errorf("a bad next number: %d %q", res.status, fieldError(res.body, "next"))
		}
		res = admin.post("/settings/member-numbers", url.Values{"unit_id": {""}, "prefix": {"M1"}, "next": {"5"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "prefix") != esc(w.msg("en", "error.prefix_ends_in_digit")) {
			t.Errorf("a prefix ending in a digit: %d %q", res.status, fieldError(res.body, "prefix"))
		}
		if res = admin.post("/settings/member-numbers/"+itoa(w.bavaria.ID)+"/remove", nil); res.status != http.StatusSeeOther {
			t.Errorf("remove: %d", res.status)
		}
		officer := w.signIn("officer@example.org")
		if res := officer.get("/settings/member-numbers"); res.status != http.StatusForbidden {
			t.Errorf("a county officer sees the page: %d", res.status)
		}
		if res := officer.post("/settings/member-numbers", url.Values{"next": {"1"}}); res.status != http.StatusForbidden {
			t.Errorf("a county officer saved a series: %d", res.status)
		}
	})
}

// The import form offers to number new members; ticked, the imported member gets the next number of the
// series, and the option is kept when the mapping is saved for later.
func TestImportOffersMemberNumbers(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		filePage := officer.uploadOK("mitglieder.csv", []byte("Vorname,Nachname,Eintritt\nMia,Mitglied,2026-01-01\nOle,Ohne,\n"))
		if page := officer.mustGet(filePage); !strings.Contains(page, `name="assign_member_numbers"`) ||
			!strings.Contains(page, esc(w.msg("en", "ui.import.assign_member_numbers"))) {
			t.Fatalf("the import form does not offer member numbers")
		}
		form := url.Values{"field.0": {"given_name"}, "field.1": {"family_name"}, "field.2": {"membership_start"},
			"order.2": {"ymd"}, "membership_type": {itoa(w.regular.ID)}, "on_match": {"skip"}, "country": {"DE"},
			"unit_id": {itoa(w.munich.ID)}, "dry_run": {"0"}, "assign_member_numbers": {"1"}}
		officer.finished(officer.run(filePage, form))
		for family, number := range map[string]string{"Mitglied": "100001", "Ohne": ""} {
			res := must(w.svc.SearchContacts(context.Background(), w.sys, family, 5))(t)
			if len(res) != 1 || res[0].MemberNumber != number {
				t.Errorf("%s: %+v, want member number %q", family, res, number)
			}
		}
	})
}
