package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
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

// A postal code that belongs to another unit than the chosen home unit (an Augsburg code saved into München)
// is questioned before saving, also without the page's script; ticking the box saves. An empty town becomes
// the postal code's place. A home unit that was only preset (the officer's only unit) is marked as not chosen,
// so that the script's suggestion still runs.
func TestAddPersonPostalCodeOutsideUnit(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		must(0, w.svc.AddPostalCodes(ctx, w.sys, w.augsburg.ID, []domain.PostalMapping{{PostalCode: "86150", Place: "Augsburg"}}))(t)
		officer := w.signIn("officer@example.org")
		blank := officer.mustGet("/contacts/new")
		if strings.Contains(blank, "data-unit-chosen") || !strings.Contains(blank, `<option value="`+itoa(w.munich.ID)+`" selected>`) {
			t.Errorf("the officer's only unit should be preset, not marked as chosen")
		}
		before := w.count()
		form := url.Values{"given_name": {"Paula"}, "family_name": {"Pendler"}, "street": {"Maximilianstraße 1"},
			"postal_code": {"86150"}, "country": {"DE"}, "home_unit_id": {itoa(w.munich.ID)}, "then": {"show"}}
		res := officer.post("/contacts", form)
		confirm := "86150@" + itoa(w.munich.ID)
		if res.status != http.StatusOK || w.count() != before {
			t.Fatalf("a postal code outside the unit: %d, %d saved", res.status, w.count()-before)
		}
		for _, want := range []string{esc(w.msg("en", "ui.contact.postal_outside", "code", "86150", "place", "Augsburg", "unit", "München")),
			`name="postal_unit_confirmed" value="` + confirm + `"`, esc(w.msg("en", "ui.contact.postal_outside_confirm", "unit", "München")),
			`value="Augsburg"`, "data-unit-chosen"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("the question lacks %s", want)
			}
		}
		// A confirmation of another code or unit does not count.
		form.Set("postal_unit_confirmed", "80331@"+itoa(w.munich.ID))
		if res = officer.post("/contacts", form); res.status != http.StatusOK || w.count() != before {
			t.Fatalf("a stale confirmation saved: %d", res.status)
		}
		form.Set("postal_unit_confirmed", confirm)
		res = officer.post("/contacts", form)
		if res.status != http.StatusSeeOther || w.count() != before+1 {
			t.Fatalf("confirmed: %d\n%s", res.status, res.body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(res.location, "/contacts/"), 10, 64)
		c := must(w.svc.GetContact(ctx, w.sys, id))(t)
		if c.HomeUnit.ID != w.munich.ID || len(c.Addresses) != 1 || c.Addresses[0].City != "Augsburg" {
			t.Errorf("saved %+v in %s, want München with the town Augsburg filled in", c.Addresses, c.HomeUnit.Name)
		}
		// A code of the unit itself is saved at once, its town filled in.
		res = officer.post("/contacts", url.Values{"family_name": {"Hiesig"}, "postal_code": {"80331"}, "country": {"DE"},
			"home_unit_id": {itoa(w.munich.ID)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("a code of the unit: %d\n%s", res.status, res.body)
		}
		id, _ = strconv.ParseInt(strings.TrimPrefix(res.location, "/contacts/"), 10, 64)
		if c := must(w.svc.GetContact(ctx, w.sys, id))(t); c.Addresses[0].City != "München" {
			t.Errorf("town %q, want München from the postal code", c.Addresses[0].City)
		}
		// The admin saving a München code into Bayern (above München) is not asked.
		admin := w.signIn("admin@example.org")
		res = admin.post("/contacts", url.Values{"family_name": {"Landesweit"}, "postal_code": {"80331"}, "country": {"DE"},
			"home_unit_id": {itoa(w.bavaria.ID)}})
		if res.status != http.StatusSeeOther {
			t.Errorf("a code below the chosen unit was questioned: %d", res.status)
		}
	})
}
