package cli_test

import (
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The command line exports the machine variant by default and the one for people with --lang; a viewer
// exports nothing.
func TestCLIExportContacts(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Nord", "--code", "N")
		for email, role := range map[string]string{"officer@example.org": "manager", "viewer@example.org": "viewer"} {
			s.ok("", "user add", "--email", email, "--name", "User "+role)
			s.ok("", "user grant", "--email", email, "--unit", "N", "--role", role)
		}
		svc := s.service()
		sys, err := svc.SystemActor(t.Context(), "test")
		if err != nil {
			t.Fatal(err)
		}
		u, err := svc.UnitByRef(t.Context(), sys, "N")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(t.Context(), sys, domain.ContactInput{HomeUnitID: &u.ID, GivenName: new("Ada"),
			FamilyName: new("Lovelace"), Phones: &[]domain.Phone{{Number: "+49 40 123456"}}}); err != nil {
			t.Fatal(err)
		}
		out := s.ok("", "export contacts", "--as", "officer@example.org")
		if !strings.HasPrefix(out, "id,display_name,member_number,status,home_unit,email,phone,street,postal_code,city,paid_up_until\n") ||
			!strings.Contains(out, ",+49 40 123456,") {
			t.Errorf("machine export: %q", out)
		}
		if out := s.ok("", "export contacts", "--as", "officer@example.org", "--lang", "de"); !strings.HasPrefix(out, "\ufeffRoster-ID,Name,") {
			t.Errorf("German export: %q", out)
		}
		if msg := s.fails(1, "export contacts", "--as", "viewer@example.org"); !strings.Contains(msg, "not allowed") {
			t.Error("the viewer's export failed without a word")
		}
		if msg := s.fails(1, "export accreditation", "N", "--as", "viewer@example.org"); msg == "" {
			t.Error("the viewer's accreditation list failed without a word")
		}
		if out := s.ok("", "export accreditation", "N", "--as", "officer@example.org", "--format", "csv",
			"--meeting", "Mitgliederversammlung", "--meeting-date", "2026-09-19"); !strings.Contains(out, "Member no.") {
			t.Errorf("accreditation: %q", out)
		}
		if msg := s.fails(1, "export accreditation", "N", "--as", "officer@example.org", "--meeting-date", "19.09.2026"); !strings.Contains(msg, "meeting_date") {
			t.Errorf("a malformed meeting date: %q", msg)
		}
	})
}
