package service_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestAuditFollowsTheContactsCurrentScope: a county admin edits a contact that then moves to another state.
// The admin's audit trail still lists what happened in the county, but without the contact's personal data;
// the contact's history is not found; once the contact is back in sight (here through an affiliation), both
// show everything again.
func TestAuditFollowsTheContactsCurrentScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		nat := f.unit(0, "National")
		north, south := f.unit(nat.ID, "North"), f.unit(nat.ID, "South")
		county := f.unit(north.ID, "County")
		sys := f.system()
		admin := f.actor(f.user("county-admin@example.org").ID)
		f.grant(admin.UserID, county.ID, access.Admin, nil)
		admin = f.actor(admin.UserID)
		c, err := f.svc.CreateContact(f.ctx, admin, domain.ContactInput{HomeUnitID: &county.ID, GivenName: ptr("Zelda"),
			FamilyName: ptr("Geheimnis"), Emails: &[]domain.Email{{Address: "zelda@example.org"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddNote(f.ctx, admin, c.ID, "Zelda's private note"); err != nil {
			t.Fatal(err)
		}
		trail := func() (string, []domain.AuditEntry) {
			l, err := f.svc.AuditLog(f.ctx, admin, domain.AuditFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var about []domain.AuditEntry
			for _, e := range l {
				if e.ContactID == c.ID {
					about = append(about, e)
				}
			}
			b, _ := json.Marshal(about)
			return string(b), about
		}
		if text, about := trail(); len(about) != 2 || !strings.Contains(text, "Geheimnis") || !strings.Contains(text, "private note") {
			t.Fatalf("the admin's own changes in sight: %s", text)
		}

		if _, err := f.svc.UpdateContact(f.ctx, sys, c.ID, domain.ContactInput{HomeUnitID: &south.ID}); err != nil {
			t.Fatal(err)
		}
		text, about := trail()
		if len(about) != 2 {
			t.Fatalf("entries about the moved contact: %d, want the 2 recorded in the county", len(about))
		}
		for _, e := range about {
			if !e.Withheld || e.Changes != nil {
				t.Errorf("entry %s about a contact out of sight: withheld %v, changes %v", e.Action, e.Withheld, e.Changes)
			}
		}
		for _, secret := range []string{"Zelda", "Geheimnis", "zelda@", "private note"} {
			if strings.Contains(text, secret) {
				t.Errorf("the audit trail shows %q of a contact out of sight: %s", secret, text)
			}
		}
		if _, err := f.svc.ContactHistory(f.ctx, admin, c.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("history of a contact out of sight: %v", err)
		}

		// An affiliation to the county brings it back in sight.
		if _, err := f.svc.UpdateContact(f.ctx, sys, c.ID, domain.ContactInput{AffiliationIDs: &[]int64{county.ID}}); err != nil {
			t.Fatal(err)
		}
		if text, about := trail(); len(about) != 2 || about[0].Withheld || !strings.Contains(text, "private note") {
			t.Errorf("entries about a contact back in sight: %s", text)
		}
		if h, err := f.svc.ContactHistory(f.ctx, admin, c.ID); err != nil || len(h) != 4 || h[0].Withheld {
			t.Errorf("history back in sight: %d entries, %v", len(h), err)
		}
	})
}
