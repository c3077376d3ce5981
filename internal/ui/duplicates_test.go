package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

func TestDuplicatesReviewMergeAndDismiss(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		// "Anna Münchner" has anna@example.org; a second record with the same address (written differently)
		// and another name is a likely duplicate; so is Carla's twin in Berlin, outside the officer's scope.
		twin := w.contact("Annie", "Münchner-Huber", w.munich.ID)
		email := []domain.Email{{Address: "ANNA@example.org"}}
		twin = must(w.svc.UpdateContact(ctx, w.sys, twin.ID, domain.ContactInput{Emails: &email}))(t)
		berlinTwin := w.contact("Carlotta", "Berliner", w.berlin.ID)
		cemail := []domain.Email{{Address: "carla@example.org"}}
		must(w.svc.UpdateContact(ctx, w.sys, berlinTwin.ID, domain.ContactInput{Emails: &cemail}))(t)

		b := w.signIn("officer@example.org")
		list := b.mustGet("/duplicates")
		if !strings.Contains(list, esc("Münchner-Huber")) || !strings.Contains(list, "/duplicates/"+itoa(w.anna.ID)+"/"+itoa(twin.ID)) {
			t.Fatalf("the officer's duplicates page lacks the Munich pair:\n%s", list)
		}
		if strings.Contains(list, "Carlotta") || strings.Contains(list, "Berliner") {
			t.Error("the officer's duplicates page shows a Berlin contact")
		}
		if res := b.get("/duplicates/" + itoa(w.carla.ID) + "/" + itoa(berlinTwin.ID)); res.status != http.StatusNotFound || strings.Contains(res.body, "Carlotta") {
			t.Errorf("an out-of-scope pair: status %d", res.status)
		}
		review := b.mustGet("/duplicates/" + itoa(w.anna.ID) + "/" + itoa(twin.ID))
		if !strings.Contains(review, `name="take_family_name"`) || strings.Contains(review, `name="take_kind"`) {
			t.Error("the review offers a choice for differing fields only")
		}
		res := b.post("/duplicates/"+itoa(w.anna.ID)+"/"+itoa(twin.ID)+"/merge", url.Values{
			"survivor": {itoa(w.anna.ID)}, "take_given_name": {"other"},
			"version_a": {itoa(int64(w.anna.Version))}, "version_b": {itoa(int64(twin.Version))}})
		if res.status != http.StatusSeeOther || res.location != "/contacts/"+itoa(w.anna.ID) {
			t.Fatalf("merge: %d %s\n%s", res.status, res.location, res.body)
		}
		merged := must(w.svc.GetContact(ctx, w.sys, w.anna.ID))(t)
		if merged.GivenName != "Annie" || merged.FamilyName != "Münchner" {
			t.Errorf("merged name = %q %q", merged.GivenName, merged.FamilyName)
		}
		if _, err := w.svc.GetContact(ctx, w.sys, twin.ID); err == nil {
			t.Error("the other record is still there")
		}

		// The admin dismisses the Berlin pair; it leaves the list.
		admin := w.signIn("admin@example.org")
		if !strings.Contains(admin.mustGet("/duplicates"), "Carlotta") {
			t.Fatal("the admin does not see the Berlin pair")
		}
		if strings.Contains(admin.mustGet("/duplicates?unit="+itoa(w.bavaria.ID)), "Carlotta") {
			t.Error("a scan within Bayern shows a Berlin pair")
		}
		if strings.Contains(b.mustGet("/duplicates?unit="+itoa(w.berlin.ID)), "Carlotta") {
			t.Error("the officer scanning within Berlin sees a Berlin pair")
		}
		if res := admin.post("/duplicates/"+itoa(w.carla.ID)+"/"+itoa(berlinTwin.ID)+"/dismiss", url.Values{}); res.status != http.StatusSeeOther {
			t.Fatalf("dismiss: %d", res.status)
		}
		if strings.Contains(admin.mustGet("/duplicates"), "Carlotta") {
			t.Error("a dismissed pair came back")
		}
	})
}
