package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The blank form has nothing in the likely-duplicates box, not even white space: the box is coloured as soon
// as it has any content, and an empty coloured bar above Save says nothing.
func TestAddPersonBlankFormHasNoEmptyWarning(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		body := w.signIn("officer@example.org").mustGet("/contacts/new")
		if !strings.Contains(body, `data-check-duplicates></div>`) {
			i := strings.Index(body, `id="duplicates"`)
			t.Errorf("the duplicates box of a blank form is not empty: %q", body[i:min(len(body), i+160)])
		}
	})
}

// Saving without a home unit says that one is required, next to the unit box, in the user's language; a date
// the calendar does not have is named at its field with the value typed.
func TestAddPersonFieldMessages(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("admin.de@example.org", "Ada Admin", "de", w.national.ID, "admin")
		for _, lang := range []string{"en", "de"} {
			admin := w.signIn(map[string]string{"en": "admin@example.org", "de": "admin.de@example.org"}[lang])
			before := w.count()
			res := admin.post("/contacts", url.Values{"given_name": {"Ohne"}, "family_name": {"Einheit"}, "then": {"show"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: no home unit answered %d", lang, res.status)
			}
			if got, want := fieldError(res.body, "home_unit_id"), esc(w.msg(lang, "error.home_unit_required")); got != want {
				t.Errorf("%s: home unit message %q, want %q", lang, got, want)
			}
			res = admin.post("/contacts", url.Values{"given_name": {"Falsches"}, "family_name": {"Datum"},
				"home_unit_id": {itoa(w.munich.ID)}, "membership_type": {itoa(w.regular.ID)},
				"membership_start": {"2026-02-30"}, "then": {"show"}})
			if got, want := fieldError(res.body, "membership_start"), esc(w.msg(lang, "error.nonexistent_date", "param", "2026-02-30")); got != want {
				t.Errorf("%s: start date message %q, want %q", lang, got, want)
			}
			if w.count() != before {
				t.Errorf("%s: a refused form saved a contact", lang)
			}
		}
	})
}
