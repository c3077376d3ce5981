package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestSmoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var root, state, county domain.Unit
		err := s.Write(ctx, func(q *store.Q) error {
			var err error
			if root, err = q.CreateUnit(ctx, domain.Unit{Name: "Bund", Kind: "national", Code: "DE"}); err != nil {
				return err
			}
			if state, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "Bayern", Kind: "state"}); err != nil {
				return err
			}
			if county, err = q.CreateUnit(ctx, domain.Unit{ParentID: state.ID, Name: "München", Kind: "county"}); err != nil {
				return err
			}
			c := &domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: county.ID}, GivenName: "Jörg", FamilyName: "Müller",
				BirthDate: domain.Date{Year: 1970, Month: 3, Day: 4},
				Emails:    []domain.Email{{Address: "j.mueller@example.org", Primary: true}},
				Addresses: []domain.Address{{PostalCode: "80331", City: "München", Primary: true}},
				Tags:      []string{"Volunteer"}}
			c.DeriveNames("")
			_, err = q.InsertContact(ctx, access.FullScope([]int64{root.ID}), c, 0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sc := access.NewScope([]access.GrantedUnit{{Role: "viewer", UnitID: state.ID, Ancestors: []int64{root.ID}}})
		today := domain.Date{Year: 2026, Month: 11, Day: 23}
		list, err := s.Read().ListContacts(ctx, sc, domain.ContactFilter{}, store.Cursor{}, 50, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].DisplayName != "Jörg Müller" || list[0].Email != "j.mueller@example.org" {
			t.Fatalf("list = %+v", list)
		}
		for _, q := range []string{"mül", "jörg mu", "80331", "j.mueller@"} {
			res, err := s.Read().SearchContacts(ctx, sc, q, 10, today)
			if err != nil || len(res) != 1 {
				t.Fatalf("search %q = %+v, %v", q, res, err)
			}
		}
		c, err := s.Read().Contact(ctx, sc, access.ReadContacts, list[0].ID)
		if err != nil || c.BirthDate.String() != "1970-03-04" || len(c.Tags) != 1 {
			t.Fatalf("contact = %+v, %v", c, err)
		}
		other := access.NewScope(nil)
		if _, err := s.Read().Contact(ctx, other, access.ReadContacts, list[0].ID); err != domain.ErrNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		n, err := s.Read().CountContacts(ctx, sc, domain.ContactFilter{Tag: "volunteer"}, 0, today)
		if err != nil || n != 1 {
			t.Fatalf("count = %d, %v", n, err)
		}
	})
}

// Two refreshes of the unit counts at the same time both succeed: a server's periodic job may meet an
// operator's command, or a second server.
func TestUnitCountsRefreshConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Write(ctx, func(q *store.Q) error {
			root, err := q.CreateUnit(ctx, domain.Unit{Name: "Bund", Kind: "national"})
			for i := range 30 {
				if err == nil {
					_, err = q.CreateUnit(ctx, domain.Unit{Name: fmt.Sprintf("Land %d", i), Kind: "state", ParentID: root.ID})
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				_, err := s.RefreshUnitCounts(ctx, domain.Date{Year: 2026, Month: 1, Day: 1})
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Errorf("a refresh beside others: %v", err)
			}
		}
	})
}
