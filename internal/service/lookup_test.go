package service_test

import (
	"errors"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestLookupsByName: the command line names units by code or id and users by e-mail; what it finds is what
// the acting user may see, and a code wins over an id that happens to be the same digits.
func TestLookupsByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		coded := func(parent int64, name, code string) domain.Unit {
			u, err := f.svc.CreateUnit(f.ctx, f.system(), domain.UnitInput{Name: &name, Code: &code, ParentID: &parent})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		root := f.unit(0, "Bund")
		three := coded(root.ID, "Nord", "3") // a code that is another unit's id
		south := coded(root.ID, "Süd", "S")
		if south.ID != 3 {
			t.Fatalf("the test needs Süd to be unit 3, got %d", south.ID)
		}
		sys := f.system()
		for ref, want := range map[string]int64{"3": three.ID, "S": south.ID, "1": root.ID} {
			if u, err := f.svc.UnitByRef(f.ctx, sys, ref); err != nil || u.ID != want {
				t.Errorf("UnitByRef(%q) = %d, %v; want unit %d", ref, u.ID, err, want)
			}
		}
		if _, err := f.svc.UnitByRef(f.ctx, sys, "NOPE"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown unit: %v", err)
		}

		north := f.member("north@example.org", three.ID, access.Admin)
		f.member("south@example.org", south.ID, access.Manager)
		a := f.actor(north.ID)
		if _, err := f.svc.UnitByRef(f.ctx, a, "S"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a unit outside the scope is found by code: %v", err)
		}
		if _, err := f.svc.UnitByRef(f.ctx, a, "3"); err != nil {
			t.Errorf("own unit by code: %v", err)
		}

		if u, err := f.svc.UserByEmail(f.ctx, sys, " South@Example.org"); err != nil || u.Email != "south@example.org" {
			t.Errorf("UserByEmail as the system actor: %+v %v", u, err)
		}
		if _, err := f.svc.UserByEmail(f.ctx, a, "south@example.org"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("an admin finds a user of another unit: %v", err)
		}
		if me, err := f.svc.ActorByEmail(f.ctx, "NORTH@example.org"); err != nil || me.UserID != north.ID || !me.Scope.Has(access.ManageUsers) {
			t.Errorf("ActorByEmail: %+v %v", me, err)
		}
		if _, err := f.svc.ActorByEmail(f.ctx, "nobody@example.org"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("ActorByEmail of an unknown address: %v", err)
		}
	})
}
