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

// TestBulkLoadWithSuspendedIndexes loads contacts with indexes and foreign keys suspended, as the demo
// generator does for large loads, then checks that restoring brings back fast lookups and enforcement, and
// that a second restore (the repair at start-up) is a no-op.
func TestBulkLoadWithSuspendedIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ids, err := s.BulkInsertUnits(ctx, []store.NewUnit{{Code: "N", Name: "National"}, {Code: "S", ParentCode: "N", Name: "State"},
			{Code: "C", ParentCode: "S", Name: "County"}}, []store.NewPostalCode{{PostalCode: "12345", UnitCode: "C"}}, 0, "test")
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.SuspendContactIndexes(ctx)
		if err != nil || n < 5 {
			t.Fatalf("suspended %d, %v", n, err)
		}
		var batch []store.NewContact
		for i, name := range []string{"Åsa Öberg", "Zoë Adams", "Li Wei"} {
			c := domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: ids["C"]}, FamilyName: name,
				Emails: []domain.Email{{Address: "x@example.org", Primary: true}}, MemberNumber: []string{"", "1004094", "A-1"}[i]}
			c.DeriveNames("")
			batch = append(batch, store.NewContact{Contact: c})
		}
		if _, err := s.BulkInsertContacts(ctx, batch, domain.AuditEntry{ActorName: "test", Action: "contact.bulk_create", EntityType: "contact"}); err != nil {
			t.Fatal(err)
		}
		// New members continue after the numbers the load wrote (the demo's).
		if series, err := s.Read().MemberNumberSeries(ctx); err != nil || len(series) != 1 || series[0].Next != 1004095 {
			t.Errorf("member-number series after the load: %+v %v", series, err)
		}
		if n2, err := s.RestoreIndexes(ctx); err != nil || n2 != n {
			t.Fatalf("restored %d of %d: %v", n2, n, err)
		}
		if n3, err := s.RestoreIndexes(ctx); err != nil || n3 != 0 {
			t.Fatalf("second restore: %d %v", n3, err)
		}
		scope := access.FullScope([]int64{ids["N"]})
		list, err := s.Read().ListContacts(ctx, scope, domain.ContactFilter{UnitID: ids["S"]}, store.Cursor{}, 10, domain.Date{Year: 2026, Month: 1, Day: 1})
		if err != nil || len(list) != 3 || list[0].DisplayName != "Åsa Öberg" || list[2].DisplayName != "Zoë Adams" {
			t.Fatalf("list after bulk load: %+v %v", list, err)
		}
		// Foreign keys are enforced again.
		err = s.Write(ctx, func(q *store.Q) error {
			c := &domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: ids["C"]}, FamilyName: "Nowhere",
				Affiliations: []domain.UnitRef{{ID: 999999}}}
			c.DeriveNames("")
			_, err := q.InsertContact(ctx, scope, c, 0)
			return err
		})
		if !errors.Is(err, store.ErrReference) {
			t.Fatalf("contact affiliated with a missing unit: %v", err)
		}
	})
}

// A bulk load holds its suspended indexes: a repair (the clean-up of another server) leaves them alone while
// the load lives, a second load is refused, and once the load's hold has expired (its process died) the
// repair rebuilds them.
func TestInterruptedBulkLoadIsRepairedOnlyWhenItsProcessIsGone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		end, err := s.BeginBulkLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.RepairInterruptedBulkLoad(ctx); err != nil || n != 0 {
			t.Fatalf("a repair during a live load rebuilt %d indexes (%v)", n, err)
		}
		if _, err := s.BeginBulkLoad(ctx); !errors.Is(err, store.ErrBulkLoadRunning) {
			t.Fatalf("a second bulk load beside the first: %v", err)
		}
		// The loading process dies: its hold is not renewed and expires.
		if err := s.ExecScript(ctx, `UPDATE leases SET owner = 'dead', expires_at = '2000-01-01T00:00:00.000000Z'`); err != nil {
			t.Fatal(err)
		}
		n, err := s.RepairInterruptedBulkLoad(ctx)
		if err != nil || n < 5 {
			t.Fatalf("the repair after the load died rebuilt %d indexes (%v)", n, err)
		}
		if n, err := s.RepairInterruptedBulkLoad(ctx); err != nil || n != 0 {
			t.Fatalf("a second repair: %d %v", n, err)
		}
		_ = end // the dead load's end never comes
	})
}
