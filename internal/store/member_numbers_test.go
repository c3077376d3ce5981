package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A number is taken in the transaction that saves the member: when that transaction fails, the number is
// handed out again, so the series has no gaps. Numbers some contact holds already are skipped.
func TestMemberNumberGivenBackOnRollback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var unit domain.Unit
		err := s.Write(ctx, func(q *store.Q) error {
			var err error
			unit, err = q.CreateUnit(ctx, domain.Unit{Name: "Bund"})
			if err != nil {
				return err
			}
			return q.SaveMemberNumberSeries(ctx, domain.MemberNumberSeries{Prefix: "M-", Next: 41, Width: 3})
		})
		if err != nil {
			t.Fatal(err)
		}
		next := func(fail bool) []string {
			var got []string
			failed := errors.New("the member's saving failed")
			err := s.Write(ctx, func(q *store.Q) error {
				var err error
				if got, err = q.NextMemberNumbers(ctx, []int64{unit.ID, unit.ID}); err != nil {
					return err
				}
				if fail {
					return failed
				}
				return nil
			})
			if err != nil && !errors.Is(err, failed) {
				t.Fatal(err)
			}
			return got
		}
		if got := next(true); got[0] != "M-041" || got[1] != "M-042" {
			t.Fatalf("first numbers %v", got)
		}
		if got := next(false); got[0] != "M-041" || got[1] != "M-042" {
			t.Errorf("after a rollback the numbers are %v, want M-041 and M-042 again", got)
		}
		if got := next(false); got[0] != "M-043" || got[1] != "M-044" {
			t.Errorf("then %v, want M-043 and M-044", got)
		}
	})
}
