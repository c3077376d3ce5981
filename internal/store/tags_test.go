package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestTagsBothWays: the two ways of finding the tags of a scope — from its contacts (small scopes) and from
// the tags (large ones) — give the same names: those of visible contacts, trashed ones included.
func TestTagsBothWays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var root, north, south domain.Unit
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
			all := access.FullScope([]int64{root.ID})
			for _, c := range []domain.Contact{
				{HomeUnit: domain.UnitRef{ID: north.ID}, FamilyName: "N", Tags: []string{"north", "both"}},
				{HomeUnit: domain.UnitRef{ID: south.ID}, FamilyName: "S", Tags: []string{"south", "both"}},
				{HomeUnit: domain.UnitRef{ID: south.ID}, FamilyName: "A", Tags: []string{"Affiliated"},
					Affiliations: []domain.UnitRef{{ID: north.ID}}},
			} {
				c.Kind = "person"
				c.DeriveNames("")
				if _, err := q.InsertContact(ctx, all, &c, 0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			roots []int64
			want  []string
		}{
			{[]int64{root.ID}, []string{"Affiliated", "both", "north", "south"}},
			{[]int64{north.ID}, []string{"Affiliated", "both", "north"}},
			{[]int64{south.ID}, []string{"Affiliated", "both", "south"}},
			{nil, nil},
		} {
			sc := access.ReadOnlyScope(tc.roots)
			small, err1 := s.Read().Tags(ctx, sc)
			large, err2 := s.Read().TagsFromTags(ctx, sc)
			if err1 != nil || err2 != nil || !slices.Equal(small, tc.want) || !slices.Equal(large, tc.want) {
				t.Errorf("roots %v: %v and %v, want %v (%v %v)", tc.roots, small, large, tc.want, err1, err2)
			}
		}
	})
}
