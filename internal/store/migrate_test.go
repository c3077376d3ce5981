package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestMigrateFromEmpty(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.OpenEmpty(t)
		st, err := s.SchemaStatus(ctx)
		if err != nil || !st.Fresh() || st.Latest < 1 {
			t.Fatalf("status of an empty database: %+v %v", st, err)
		}
		applied, err := s.Migrate(ctx, 0)
		if err != nil || len(applied) != st.Latest {
			t.Fatalf("applied %v, %v", applied, err)
		}
		again, err := s.Migrate(ctx, 0)
		if err != nil || len(again) != 0 {
			t.Fatalf("second run applied %v, %v", again, err)
		}
		st, _ = s.SchemaStatus(ctx)
		if !st.UpToDate() {
			t.Fatalf("after migrating: %+v", st)
		}
	})
}

// TestMigrationsWithData loads, at every schema version that has a fixture in testdata/migrations, data that
// was valid at that version, then migrates to the latest version and reads it back through today's queries.
func TestMigrationsWithData(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.OpenEmpty(t)
		st, _ := s.SchemaStatus(ctx)
		loaded := 0
		for v := 1; v <= st.Latest; v++ {
			if _, err := s.Migrate(ctx, v); err != nil {
				t.Fatalf("migrate to %d: %v", v, err)
			}
			fixture, err := os.ReadFile(fmt.Sprintf("testdata/migrations/%04d.sql", v))
			if os.IsNotExist(err) {
				continue
			}
			if err := s.ExecScript(ctx, string(fixture)); err != nil {
				t.Fatalf("fixture %04d: %v", v, err)
			}
			loaded++
		}
		if loaded == 0 {
			t.Fatal("no migration fixtures found")
		}
		if _, err := s.Migrate(ctx, 0); err != nil {
			t.Fatal(err)
		}
		scope := access.NewScope([]access.GrantedUnit{{Role: "manager", UnitID: 2, Ancestors: []int64{1}}})
		today := domain.Date{Year: 2026, Month: 1, Day: 1}
		list, err := s.Read().ListContacts(ctx, scope, domain.ContactFilter{}, store.Cursor{}, 10, today)
		if err != nil || len(list) != 1 || list[0].DisplayName != "Grete Öztürk" || list[0].Status != domain.StatusExpired {
			t.Fatalf("contacts after migrating: %+v %v", list, err)
		}
		// Migration 0009 gave the contacts already there their given-name search key.
		found, err := s.Read().SearchContacts(ctx, access.FullScope([]int64{1}), "hubertus", 10, today)
		if err != nil || len(found) != 1 || found[0].ID != 2 {
			t.Fatalf("search by the given name after migrating: %+v %v", found, err)
		}
		// Migration 0010 starts the member numbers after Grete's 100001.
		series, err := s.Read().MemberNumberSeries(ctx)
		if err != nil || len(series) != 1 || series[0].UnitID != 0 || series[0].Next != 100002 {
			t.Fatalf("member-number series after migrating: %+v %v", series, err)
		}
		c, err := s.Read().Contact(ctx, scope, access.ReadContacts, 1)
		if err != nil || c.BirthDate.String() != "1960-02-29" || c.Emails[0].Address != "grete@example.org" {
			t.Fatalf("contact after migrating: %+v %v", c, err)
		}
		h, err := s.Read().ContactHistory(ctx, scope, 1, 10)
		if err != nil || len(h) != 1 || h[0].Changes["family_name"].New != "Öztürk" {
			t.Fatalf("history after migrating: %+v %v", h, err)
		}
		lists, err := s.Read().SavedLists(ctx, 1, []int64{1})
		if err != nil || len(lists) != 1 || !lists[0].Mine || lists[0].SharedWith != nil {
			t.Fatalf("saved lists after migrating: %+v %v", lists, err)
		}
		// An import from before: nothing of it was changed since (the fact it found stays as it was), its
		// undo has done nothing yet, and its rejected row has no cells to download, only its problem.
		r := s.Read()
		batch, err := r.ImportBatch(ctx, 1, 0)
		if err != nil || batch.Status != domain.ImportDone || batch.UndoKept != 0 || batch.Updated != 1 {
			t.Fatalf("import batch after migrating: %+v %v", batch, err)
		}
		writes, err := r.ImportWrites(ctx, 1)
		if err != nil || len(writes) != 1 || writes[0].Before.Attributes["party"] != "X" {
			t.Fatalf("import writes after migrating: %+v %v", writes, err)
		}
		if touched, err := r.ImportTouched(ctx, 1, batch.StartedAt, writes); err != nil || len(touched) != 0 {
			t.Errorf("records touched since the old import: %v %v", touched, err)
		}
		var rejected []int
		err = r.ImportRejectedRows(ctx, 1, func(line int, cells []string, problems []domain.FieldError) error {
			if cells != nil || len(problems) != 1 {
				t.Errorf("rejected line %d: %q %+v", line, cells, problems)
			}
			rejected = append(rejected, line)
			return nil
		})
		if err != nil || len(rejected) != 1 || rejected[0] != 3 {
			t.Errorf("rejected rows after migrating: %v %v", rejected, err)
		}
		// New rows get fresh ids after the fixture's explicit ones (PostgreSQL sequences included).
		err = s.Write(ctx, func(q *store.Q) error {
			u, err := q.CreateUnit(ctx, domain.Unit{ParentID: 2, Name: "County"})
			if err == nil && u.ID <= 2 {
				err = fmt.Errorf("new unit got id %d", u.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
