package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestWritesTakeOnlyScopedContacts checks the rules of ScopedContact that the compiler cannot: a value from
// another transaction, or read for another capability, is refused and writes nothing; the scoped reads find
// nothing outside the scope; a create or a move outside the write scope is a field error.
func TestWritesTakeOnlyScopedContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var root, north, south domain.Unit
		var id int64
		all := func() access.Scope { return access.FullScope([]int64{root.ID}) }
		err := s.Write(ctx, func(q *store.Q) error {
			var err error
			if root, err = q.CreateUnit(ctx, domain.Unit{Name: "Root", Kind: "national"}); err != nil {
				return err
			}
			if north, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "North", Kind: "state"}); err != nil {
				return err
			}
			if south, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "South", Kind: "state"}); err != nil {
				return err
			}
			c := &domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: north.ID}, FamilyName: "Lovelace"}
			c.DeriveNames("")
			sc, err := q.InsertContact(ctx, all(), c, 0)
			id = sc.ID()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		northOfficer := access.NewScope([]access.GrantedUnit{{Role: access.Manager, UnitID: north.ID, Ancestors: []int64{root.ID}}})
		southOfficer := access.NewScope([]access.GrantedUnit{{Role: access.Manager, UnitID: south.ID, Ancestors: []int64{root.ID}}})
		version := func() int {
			c, err := s.Read().Contact(ctx, all(), access.ReadContacts, id)
			if err != nil {
				t.Fatal(err)
			}
			return c.Version
		}
		before := version()

		if _, err := s.Read().ContactInScope(ctx, all(), access.WriteContacts, id); err == nil {
			t.Error("a scoped read for a write worked outside a write transaction")
		}
		var stale *store.ScopedContact
		_ = s.Write(ctx, func(q *store.Q) error {
			stale, err = q.ContactInScope(ctx, northOfficer, access.WriteContacts, id)
			return err
		})
		err = s.Write(ctx, func(q *store.Q) error {
			_, err := q.SetTag(ctx, stale, "stale", true, 0)
			return err
		})
		if err == nil {
			t.Error("a ScopedContact of an earlier transaction was accepted")
		}
		err = s.Write(ctx, func(q *store.Q) error {
			sc, err := q.ContactInScope(ctx, northOfficer, access.ReadContacts, id)
			if err != nil {
				return err
			}
			c := *sc.Contact()
			c.FamilyName = "Byron"
			return q.UpdateContact(ctx, sc, &c, 0)
		})
		if err == nil {
			t.Error("a contact read for seeing was written")
		}
		err = s.Write(ctx, func(q *store.Q) error {
			_, err := q.ContactInScope(ctx, southOfficer, access.WriteContacts, id)
			return err
		})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("scoped read out of scope: %v", err)
		}
		err = s.Write(ctx, func(q *store.Q) error {
			set, err := q.IDsInScope(ctx, southOfficer, access.WriteContacts, []int64{id})
			if err != nil || len(set.IDs()) != 0 {
				t.Errorf("set out of scope = %v, %v", set.IDs(), err)
			}
			return q.DeleteContacts(ctx, set)
		})
		if err != nil || version() != before {
			t.Errorf("delete of an empty scoped set: %v", err)
		}
		err = s.Write(ctx, func(q *store.Q) error {
			sc, err := q.ContactInScope(ctx, northOfficer, access.WriteContacts, id)
			if err != nil {
				return err
			}
			c := *sc.Contact()
			c.HomeUnit = domain.UnitRef{ID: south.ID}
			return q.UpdateContact(ctx, sc, &c, 0)
		})
		if !isFieldError(err, "home_unit_id") {
			t.Errorf("move out of the write scope: %v", err)
		}
		err = s.Write(ctx, func(q *store.Q) error {
			c := &domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: south.ID}, FamilyName: "Hopper"}
			c.DeriveNames("")
			_, err := q.InsertContact(ctx, northOfficer, c, 0)
			return err
		})
		if !isFieldError(err, "home_unit_id") {
			t.Errorf("create out of the write scope: %v", err)
		}
		if v := version(); v != before {
			t.Errorf("version %d after refused writes, want %d", v, before)
		}
	})
}

func isFieldError(err error, field string) bool {
	var ve *domain.ValidationError
	return errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Field == field
}
