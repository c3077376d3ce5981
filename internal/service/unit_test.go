package service_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestDeepTreeMoveAndArchive builds a chain of 10 levels, moves a subtree from one branch to another and
// checks that sight follows the move at once, then archives units.
func TestDeepTreeMoveAndArchive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		root := f.unit(0, "Level 0")
		chain := []domain.Unit{root}
		for i := 1; i < 10; i++ {
			chain = append(chain, f.unit(chain[i-1].ID, fmt.Sprintf("Level %d", i)))
		}
		other := f.unit(root.ID, "Other branch")
		sys := f.system()
		deep := f.person(sys, chain[9].ID, "Deep", "Down")
		mid := f.person(sys, chain[5].ID, "Mid", "Way")
		// Officers at level 3 and on the other branch.
		l3, ob := f.user("l3@example.org"), f.user("ob@example.org")
		f.grant(l3.ID, chain[3].ID, access.Manager, nil)
		f.grant(ob.ID, other.ID, access.Admin, nil)
		if units, _ := f.svc.Units(f.ctx, f.actor(l3.ID), false); len(units) != 7 {
			t.Fatalf("level-3 officer sees %d units, want 7 (levels 3–9)", len(units))
		}
		if _, err := f.svc.GetContact(f.ctx, f.actor(l3.ID), deep.ID); err != nil {
			t.Fatalf("level 3 cannot see level 9: %v", err)
		}
		// Move level 5 (with 6–9 and both contacts) under the other branch.
		moved, err := f.svc.UpdateUnit(f.ctx, sys, chain[5].ID, domain.UnitInput{ParentID: &other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if moved.Depth != 2 || moved.ParentID != other.ID {
			t.Fatalf("moved unit: depth %d parent %d", moved.Depth, moved.ParentID)
		}
		path, _ := f.svc.UnitPath(f.ctx, sys, chain[9].ID)
		if len(path) != 7 || path[1].ID != other.ID {
			t.Fatalf("path of the deepest unit after the move: %v", path)
		}
		for _, c := range []*domain.Contact{deep, mid} {
			if _, err := f.svc.GetContact(f.ctx, f.actor(l3.ID), c.ID); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s still visible to the old branch: %v", c.DisplayName, err)
			}
			if _, err := f.svc.GetContact(f.ctx, f.actor(ob.ID), c.ID); err != nil {
				t.Errorf("%s not visible to the new branch: %v", c.DisplayName, err)
			}
		}
		// A unit cannot move below itself; an admin cannot move units outside their branch.
		_, err = f.svc.UpdateUnit(f.ctx, sys, chain[1].ID, domain.UnitInput{ParentID: &chain[4].ID})
		if ve := (*domain.ValidationError)(nil); !errors.As(err, &ve) || !ve.Has("parent_id") {
			t.Errorf("move below itself: %v", err)
		}
		if _, err := f.svc.UpdateUnit(f.ctx, f.actor(ob.ID), chain[5].ID, domain.UnitInput{ParentID: &chain[2].ID}); err == nil {
			t.Error("admin of the other branch moved a unit into a branch it does not manage")
		}
		// Admins manage units below their own, not their own.
		if _, err := f.svc.UpdateUnit(f.ctx, f.actor(ob.ID), other.ID, domain.UnitInput{Name: ptr("Renamed")}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("admin renamed its own unit: %v", err)
		}
		if _, err := f.svc.UpdateUnit(f.ctx, f.actor(ob.ID), chain[7].ID, domain.UnitInput{Name: ptr("Renamed")}); err != nil {
			t.Errorf("admin could not rename a unit below: %v", err)
		}
		// Archive: refused while contacts live there, allowed once empty.
		err = f.svc.ArchiveUnit(f.ctx, f.actor(ob.ID), chain[9].ID, false)
		if ve := (*domain.ValidationError)(nil); !errors.As(err, &ve) || ve.Fields[0].Code != "unit_has_contacts" {
			t.Fatalf("archive with contacts: %v", err)
		}
		if err := f.svc.TrashContact(f.ctx, sys, deep.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ArchiveUnit(f.ctx, f.actor(ob.ID), chain[9].ID, false); err != nil {
			t.Fatalf("archive empty unit: %v", err)
		}
		if _, err := f.svc.CreateContact(f.ctx, sys, domain.ContactInput{HomeUnitID: &chain[9].ID, FamilyName: ptr("X")}); err == nil {
			t.Error("created a contact in an archived unit")
		}
	})
}

// TestAuditTrail checks that changes are recorded with their before and after values in the contact's
// history, and that a failed change records nothing.
func TestAuditTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		root := f.unit(0, "Root")
		admin := f.user("admin@example.org")
		f.grant(admin.ID, root.ID, access.Admin, nil)
		a := f.actor(admin.ID)
		c := f.person(a, root.ID, "Erika", "Mustermann")
		if _, err := f.svc.UpdateContact(f.ctx, a, c.ID, domain.ContactInput{FamilyName: ptr("Musterfrau"),
			Emails: &[]domain.Email{{Address: "erika@example.org"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateContact(f.ctx, a, c.ID, domain.ContactInput{Emails: &[]domain.Email{{Address: "broken"}}}); err == nil {
			t.Fatal("invalid e-mail accepted")
		}
		if err := f.svc.TrashContact(f.ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.ContactHistory(f.ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range h {
			actions = append(actions, e.Action)
			if e.ActorName != "admin@example.org" || e.At.IsZero() {
				t.Errorf("entry %+v lacks actor or time", e)
			}
		}
		if fmt.Sprint(actions) != "[contact.trash contact.update contact.create]" {
			t.Fatalf("history actions %v", actions)
		}
		ch := h[1].Changes["family_name"]
		if ch.Old != "Mustermann" || ch.New != "Musterfrau" || h[1].Changes["emails"].New == nil {
			t.Fatalf("update changes %+v", h[1].Changes)
		}
		// Purge removes the personal data from the history but keeps who did what.
		if err := f.svc.PurgeContact(f.ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
		log, err := f.svc.AuditLog(f.ctx, a, domain.AuditFilter{EntityType: "contact", EntityID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		// The purged contact leaves no trace in the exact count of the unit's list (reach rows minus trashed).
		if n, err := f.svc.CountContacts(f.ctx, a, domain.ContactFilter{}, 1000); err != nil || n != 0 {
			t.Fatalf("count after purge: %d, %v", n, err)
		}
		if n, err := f.svc.CountContacts(f.ctx, a, domain.ContactFilter{Trashed: true}, 1000); err != nil || n != 0 {
			t.Fatalf("trash count after purge: %d, %v", n, err)
		}
		if len(log) != 4 || log[0].Action != "contact.purge" {
			t.Fatalf("audit after purge: %+v", log)
		}
		for _, e := range log {
			if e.Changes != nil && e.Action != "contact.purge" {
				t.Errorf("personal data survived the purge in %s: %v", e.Action, e.Changes)
			}
		}
	})
}
