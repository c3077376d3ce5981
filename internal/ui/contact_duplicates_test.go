package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

func TestAddPersonShowsLikelyDuplicatesFirst(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		before := w.count()
		form := url.Values{"given_name": {"Anne"}, "family_name": {"Neu"}, "email": {"Anna@Example.org"},
			"home_unit_id": {itoa(w.munich.ID)}, "then": {"show"}}
		res := officer.post("/contacts", form)
		if res.status != http.StatusOK {
			t.Fatalf("a likely duplicate: %d %q", res.status, res.location)
		}
		for _, want := range []string{`<a href="/contacts/` + itoa(w.anna.ID) + `" target="_blank" rel="noopener">Anna Münchner</a>`, "München",
			w.msg("en", "ui.duplicate.reason.email"), esc(w.msg("en", "ui.duplicate.title")),
			`name="duplicates_seen" id="duplicates-seen" value="` + itoa(w.anna.ID) + `"`,
			`value="Anna@Example.org"`, esc(w.msg("en", "ui.duplicate.save_anyway"))} {
			if !strings.Contains(res.body, want) {
				t.Errorf("duplicate step lacks %s", want)
			}
		}
		if w.count() != before {
			t.Fatal("the duplicate step saved the contact")
		}
		// "Save anyway" sends the form again with the duplicates it showed.
		form.Set("duplicates_seen", itoa(w.anna.ID))
		res = officer.post("/contacts", form)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/contacts/") || w.count() != before+1 {
			t.Fatalf("save anyway: %d %q", res.status, res.location)
		}
		// Seeing one duplicate does not excuse another: the new contact now matches too.
		form.Set("family_name", "Neu-Zwei")
		res = officer.post("/contacts", form)
		if res.status != http.StatusOK || !strings.Contains(res.body, ">Anne Neu</a>") || w.count() != before+1 {
			t.Errorf("a second, unseen duplicate: %d", res.status)
		}
		// Family name at the same postal code, with "save and add another" kept.
		must(w.svc.UpdateContact(context.Background(), w.sys, w.anna.ID, domain.ContactInput{
			Addresses: &[]domain.Address{{PostalCode: "80331", City: "München", Country: "DE"}}}))(t)
		res = officer.post("/contacts", url.Values{"family_name": {"münchner"}, "postal_code": {"80331"}, "country": {"DE"},
			"home_unit_id": {itoa(w.munich.ID)}, "then": {"another"}})
		if res.status != http.StatusOK || !strings.Contains(res.body, w.msg("en", "ui.duplicate.reason.name_postal_code")) ||
			!strings.Contains(res.body, `name="then" value="another">`+w.msg("en", "ui.duplicate.save_anyway_next")) {
			t.Errorf("same family name and postal code: %d", res.status)
		}
	})
}

func TestDuplicatesNeverRevealOtherUnits(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		must(w.svc.UpdateContact(context.Background(), w.sys, w.bert.ID, domain.ContactInput{MemberNumber: ptr("4711"),
			Addresses: &[]domain.Address{{PostalCode: "86150", City: "Augsburg", Country: "DE"}}}))(t)
		officer := w.signIn("officer@example.org")
		bertID := regexp.MustCompile(`"id":` + itoa(w.bert.ID) + `\b`)
		before := w.count()
		// Bert's e-mail address, and his family name at his postal code: the Munich officer must not learn of him.
		res := officer.post("/contacts", url.Values{"given_name": {"Bert"}, "family_name": {"Augsburger"}, "email": {"bert@example.org"},
			"postal_code": {"86150"}, "country": {"DE"}, "home_unit_id": {itoa(w.munich.ID)}})
		if res.status != http.StatusSeeOther || w.count() != before+1 {
			t.Fatalf("no visible duplicate, yet not saved: %d\n%s", res.status, res.body)
		}
		// The script's endpoint, with the session cookie as the page's fetch sends it.
		for _, body := range []string{`{"emails":[{"address":"bert@example.org"}]}`, `{"member_number":"4711"}`,
			`{"family_name":"Augsburger","addresses":[{"postal_code":"86150"}]}`} {
			found := officer.postJSON("/api/v1/contacts/duplicates", body)
			if found.status != http.StatusOK || bertID.MatchString(found.body) || !strings.Contains(found.body, `"duplicates":[`) {
				t.Errorf("API duplicates for %s: %d %s", body, found.status, found.body)
			}
		}
		found := officer.postJSON("/api/v1/contacts/duplicates", `{"emails":[{"address":"anna@example.org"}]}`)
		if !regexp.MustCompile(`"id":` + itoa(w.anna.ID) + `\b`).MatchString(found.body) {
			t.Errorf("the script's endpoint does not find Anna with the session cookie: %d %s", found.status, found.body)
		}
	})
}

// postJSON posts a JSON body as the page's script does: same origin, with the session cookie.
func (b *browser) postJSON(path, body string) response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.w.srv.URL+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func ptr[T any](v T) *T { return &v }
