package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// Saved mappings are per user: saving under a known name replaces the columns and keeps the id; one user
// neither sees, reads nor deletes another's.
func TestImportMappingsPerUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ann, bob domain.User
		err := s.Write(ctx, func(q *store.Q) error {
			ann = domain.User{Email: "ann@example.org", Name: "Ann", Language: "en"}
			bob = domain.User{Email: "bob@example.org", Name: "Bob", Language: "de"}
			if err := q.InsertUser(ctx, &ann, "", 0); err != nil {
				return err
			}
			return q.InsertUser(ctx, &bob, "", 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		save := func(user int64, m *domain.ImportMapping) {
			t.Helper()
			if err := s.Write(ctx, func(q *store.Q) error { return q.SaveImportMapping(ctx, user, m) }); err != nil {
				t.Fatal(err)
			}
		}
		first := &domain.ImportMapping{Name: "Kreisliste", Columns: []domain.ImportColumn{
			{Header: "Vorname", Field: "given_name"}, {Header: "Geburtstag", Field: "birth_date", DateOrder: "dmy"}}}
		save(ann.ID, first)
		again := &domain.ImportMapping{Name: "Kreisliste", Preset: "x", Columns: []domain.ImportColumn{
			{Header: "Vorname", Field: "given_name"}, {Header: "Partei", Field: "attribute", Key: "party"}}}
		save(ann.ID, again)
		if again.ID != first.ID || !again.CreatedAt.Equal(first.CreatedAt) {
			t.Errorf("saving under the same name made a new mapping: %d/%v, first %d/%v", again.ID, again.CreatedAt, first.ID, first.CreatedAt)
		}
		bobs := &domain.ImportMapping{Name: "Kreisliste", Columns: []domain.ImportColumn{{Header: "Name", Field: "full_name"}}}
		save(bob.ID, bobs)
		if bobs.ID == first.ID {
			t.Fatal("two users' mappings of the same name share a row")
		}

		list, err := s.Read().ImportMappings(ctx, ann.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("Ann's mappings: %+v, %v", list, err)
		}
		if m := list[0]; m.Preset != "x" || len(m.Columns) != 2 || m.Columns[1] != (domain.ImportColumn{Header: "Partei", Field: "attribute", Key: "party"}) {
			t.Errorf("Ann's mapping reads back as %+v", m)
		}
		if _, err := s.Read().ImportMapping(ctx, ann.ID, bobs.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Ann reads Bob's mapping: %v", err)
		}
		if m, err := s.Read().ImportMapping(ctx, bob.ID, bobs.ID); err != nil || m.Columns[0].Field != "full_name" {
			t.Errorf("Bob's own mapping: %+v, %v", m, err)
		}
		var deleted bool
		err = s.Write(ctx, func(q *store.Q) (err error) { deleted, err = q.DeleteImportMapping(ctx, ann.ID, bobs.ID); return })
		if err != nil || deleted {
			t.Errorf("Ann deleted Bob's mapping: %v, %v", deleted, err)
		}
		err = s.Write(ctx, func(q *store.Q) (err error) { deleted, err = q.DeleteImportMapping(ctx, ann.ID, first.ID); return })
		if err != nil || !deleted {
			t.Errorf("Ann's delete: %v, %v", deleted, err)
		}
		if list, _ := s.Read().ImportMappings(ctx, bob.ID); len(list) != 1 {
			t.Errorf("Bob's mappings after Ann's delete: %+v", list)
		}
	})
}
