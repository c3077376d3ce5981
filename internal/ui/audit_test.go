package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
		if !strings.Contains(page, "signin.failure") || !strings.Contains(page, "Carlotta") {
			t.Errorf("the national admin's audit trail lacks the failed sign-in or the Berlin change")
		}
		if only := admin.mustGet("/audit?action=signin.failure"); strings.Contains(only, "contact.update") {
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
