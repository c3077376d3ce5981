package service

import (
	"context"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/geodata"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestEnrichmentRechecksScopeAtWrite moves a contact out of an officer's scope between the scan an enrichment
// plans with and the transactions that write: the write must leave it alone. (The plan and apply steps are
// called one by one here, which is why this test lives inside the package.)
func TestEnrichmentRechecksScopeAtWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := New(st, Options{PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}, Location: time.UTC})
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		sys, err := s.SystemActor(ctx, "test")
		must(err)
		unit := func(parent int64, name string) domain.Unit {
			in := domain.UnitInput{Name: &name}
			if parent != 0 {
				in.ParentID = &parent
			}
			u, err := s.CreateUnit(ctx, sys, in)
			must(err)
			sys, err = s.SystemActor(ctx, "test")
			must(err)
			return u
		}
		root := unit(0, "Root")
		north, south := unit(root.ID, "North"), unit(root.ID, "South")
		dresden := unit(north.ID, "Dresden")
		must(s.AddPostalCodes(ctx, sys, dresden.ID, []domain.PostalMapping{{PostalCode: "01067"}}))
		user, err := s.CreateUser(ctx, sys, domain.UserInput{Email: ptrTo("north@example.org"), Name: ptrTo("North")})
		must(err)
		_, err = s.GrantRole(ctx, sys, domain.GrantInput{UserID: user.ID, UnitID: north.ID, Role: access.Manager})
		must(err)
		officer, err := s.ActorFor(ctx, user.ID)
		must(err)
		c, err := s.CreateContact(ctx, officer, domain.ContactInput{HomeUnitID: &north.ID, FamilyName: ptrTo("Schumann"),
			Addresses: &[]domain.Address{{PostalCode: "01067", City: "Dresden", Country: "DE"}}})
		must(err)

		_, moves, err := s.planHomeUnits(ctx, officer)
		must(err)
		d, _, err := geodata.ElectoralDistricts("de")
		must(err)
		_, values, err := s.planDistricts(ctx, officer, d)
		must(err)
		if len(moves) != 1 || len(values) != 1 {
			t.Fatalf("plans: %d moves, %d districts", len(moves), len(values))
		}
		_, err = s.UpdateContact(ctx, sys, c.ID, domain.ContactInput{HomeUnitID: &south.ID})
		must(err)
		before, err := s.GetContact(ctx, sys, c.ID)
		must(err)

		if n, err := s.applyHomeUnits(ctx, officer, moves); err != nil || n != 0 {
			t.Errorf("home units of a contact that left the scope: %d moved, %v", n, err)
		}
		if n, err := s.applyDistricts(ctx, officer, d.Name, values); err != nil || n != 0 {
			t.Errorf("districts of a contact that left the scope: %d set, %v", n, err)
		}
		after, err := s.GetContact(ctx, sys, c.ID)
		must(err)
		if after.Version != before.Version || after.HomeUnit.ID != south.ID || len(after.Attributes) != 0 {
			t.Errorf("the contact changed: version %d → %d, home %d, attributes %v", before.Version, after.Version,
				after.HomeUnit.ID, after.Attributes)
		}
		// Back in scope, the same plans apply.
		_, err = s.UpdateContact(ctx, sys, c.ID, domain.ContactInput{HomeUnitID: &north.ID})
		must(err)
		if n, err := s.applyDistricts(ctx, officer, d.Name, values); err != nil || n != 1 {
			t.Errorf("districts in scope: %d set, %v", n, err)
		}
		if n, err := s.applyHomeUnits(ctx, officer, moves); err != nil || n != 1 {
			t.Errorf("home units in scope: %d moved, %v", n, err)
		}
	})
}

func ptrTo[T any](v T) *T { return &v }
