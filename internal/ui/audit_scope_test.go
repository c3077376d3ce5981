package ui_test

import (
	"context"
	"html"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// TestAuditPageWithholdsContactsThatMovedAway: a Munich admin's audit trail keeps the entries about a contact
// that moved to Berlin, but no longer shows its name or e-mail address.
func TestAuditPageWithholdsContactsThatMovedAway(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("munich-admin@example.org", "Mia Admin", "en", w.munich.ID, access.Admin)
		ctx := context.Background()
		name := "Annabell"
		if _, err := w.svc.UpdateContact(ctx, w.sys, w.anna.ID, domain.ContactInput{GivenName: &name}); err != nil {
			t.Fatal(err)
		}
		admin := w.signIn("munich-admin@example.org")
		if page := admin.mustGet("/audit"); !strings.Contains(page, "Annabell") {
			t.Fatal("the Munich admin does not see a change to a Munich contact")
		}
		if _, err := w.svc.UpdateContact(ctx, w.sys, w.anna.ID, domain.ContactInput{HomeUnitID: &w.berlin.ID}); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(admin.mustGet("/audit"))
		for _, secret := range []string{"Annabell", "Münchner", "anna@example.org"} {
			if strings.Contains(page, secret) {
				t.Errorf("the Munich admin's audit trail shows %q of a contact now in Berlin", secret)
			}
		}
		if !strings.Contains(page, w.msg("en", "ui.audit.withheld")) {
			t.Error("the audit trail does not say why the changes are missing")
		}
	})
}
