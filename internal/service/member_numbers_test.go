package service_test

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// member adds a person with a current membership in unit, which gives them a member number.
func (w *importWorld) member(a *access.Actor, unit int64, family string, typ int64) (*domain.Contact, error) {
	given := "Mia"
	return w.svc.CreateMember(w.ctx, a, domain.ContactInput{GivenName: &given, FamilyName: &family, HomeUnitID: &unit},
		&domain.MembershipInput{TypeID: &typ, StartDate: new(w.svc.Today())})
}

func (w *importWorld) memberType() int64 {
	w.t.Helper()
	name := "Member"
	t, err := w.svc.SaveMembershipType(w.ctx, w.system(), 0, domain.MembershipTypeInput{Name: &name})
	if err != nil {
		w.t.Fatal(err)
	}
	return t.ID
}

// New members continue the numbering the organization already has (not a second pattern beside it); a unit
// can have numbers of its own (a prefix, a range); a range that is used up says so and saves nothing.
func TestMemberNumbersFollowThePattern(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		typ := w.memberType()
		// A member with a number of the organization's own, typed in: the next is the one after it.
		old := "1004094"
		home := w.north.ID
		if _, err := w.svc.CreateContact(w.ctx, sys, domain.ContactInput{FamilyName: new("Alt"), HomeUnitID: &home,
			MemberNumber: &old}); err != nil {
			t.Fatal(err)
		}
		c := must(w.member(sys, w.north.ID, "Neu", typ))
		if c.MemberNumber != "1004095" {
			t.Errorf("new member number %q next to 1004094, want 1004095", c.MemberNumber)
		}
		// North County gets numbers of its own: N- and four digits, from 1 to 2.
		must(w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{UnitID: w.north.ID, Prefix: "N-", Next: 1, Last: 2, Width: 4}))
		for _, want := range []string{"N-0001", "N-0002"} {
			if c := must(w.member(sys, w.north.ID, "Nord", typ)); c.MemberNumber != want {
				t.Errorf("North County member number %q, want %s", c.MemberNumber, want)
			}
		}
		if c := must(w.member(sys, w.south.ID, "Süd", typ)); c.MemberNumber != "1004096" {
			t.Errorf("South County member number %q, want the organization's 1004096", c.MemberNumber)
		}
		before := must(w.svc.CountContacts(w.ctx, sys, domain.ContactFilter{}, 0))
		_, err := w.member(sys, w.north.ID, "Zuviel", typ)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Code != "member_numbers_used_up" || ve.Fields[0].Param != "North County" {
			t.Errorf("a used-up range: %v", err)
		}
		if after := must(w.svc.CountContacts(w.ctx, sys, domain.ContactFilter{}, 0)); after != before {
			t.Errorf("a member without a number was saved")
		}
		// A number typed by hand ahead in a series moves it on; another series may not overlap.
		must(w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{UnitID: w.north.ID, Prefix: "N-", Next: 3, Width: 4}))
		typed := "N-0007"
		if _, err := w.svc.CreateContact(w.ctx, sys, domain.ContactInput{FamilyName: new("Hand"), HomeUnitID: &home,
			MemberNumber: &typed}); err != nil {
			t.Fatal(err)
		}
		if c := must(w.member(sys, w.north.ID, "Nord", typ)); c.MemberNumber != "N-0008" {
			t.Errorf("after N-0007 was typed in, the next is %q", c.MemberNumber)
		}
		_, err = w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{UnitID: w.south.ID, Prefix: "N-", Next: 100})
		if !errors.As(err, &ve) || ve.Fields[0].Code != "member_numbers_overlap" {
			t.Errorf("an overlapping series: %v", err)
		}
		// Only admins of the whole organization set the pattern.
		if _, err := w.svc.SaveMemberNumberSeries(w.ctx, w.officer, domain.MemberNumberSeries{UnitID: w.north.ID, Next: 5}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a county officer set a series: %v", err)
		}
	})
}

// Members created at the same time get distinct numbers without gaps, on both databases: a number is taken in
// the transaction that saves the member, and one whose saving fails is handed out again.
func TestMemberNumbersUniqueAndGapFreeUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		typ := w.memberType()
		must(w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{Next: 500, Width: 6}))
		const n = 24
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			numbers []string
			failed  int
		)
		for i := range n {
			wg.Go(func() {
				unit := []int64{w.north.ID, w.south.ID}[i%2]
				var typeID = typ
				if i%6 == 5 {
					typeID = -1 // an unknown type: the member is not saved, and nor is the number taken
				}
				c, err := w.member(sys, unit, "Gleichzeitig"+strconv.Itoa(i), typeID)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed++
					return
				}
				numbers = append(numbers, c.MemberNumber)
			})
		}
		wg.Wait()
		if failed != n/6 {
			t.Fatalf("%d creations failed, want %d", failed, n/6)
		}
		slices.Sort(numbers)
		var want []string
		for i := range n - n/6 {
			want = append(want, domain.MemberNumberSeries{Width: 6}.Format(int64(500+i)))
		}
		if !slices.Equal(numbers, want) {
			t.Errorf("numbers handed out at the same time:\n got %v\nwant %v", numbers, want)
		}
	})
}

// An import can number its new members as the form does: each new contact with a membership and no number in
// the file gets the next of its series, in file order, across chunks (two are written at once on
// PostgreSQL); a number in the file moves its series on; a contact without a membership gets none.
func TestImportAssignsMemberNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		typ := w.memberType()
		must(w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{Next: 900}))
		must(w.svc.SaveMemberNumberSeries(w.ctx, sys, domain.MemberNumberSeries{UnitID: w.north.ID, Prefix: "N-", Next: 1, Width: 3}))
		cols := columns(importfile.GivenName, importfile.FamilyName, importfile.PostalCode, importfile.MemberNumber,
			importfile.MembershipStart)
		recs := []string{
			"Ben|Bauer|10115|N-010|2026-01-01",
			"Ann|Arndt|10115||2026-01-01",
			"Cem|Cakir|10115||2026-01-01",
			"Dan|Dorn|80331||2026-01-01",
			"Eve|Ernst|10115||",
			"Fay|Fink|10115||2026-01-01",
			"Gus|Graf|10117||2026-01-01",
		}
		b, err := w.run(sys, recs, domain.ImportOptions{Columns: cols, MembershipType: typ, AssignMemberNumbers: true}, false)
		if err != nil || b.Created != len(recs) {
			t.Fatalf("import: %+v %v", b, err)
		}
		want := map[string]string{"Bauer": "N-010", "Arndt": "N-011", "Cakir": "N-012", "Dorn": "900", "Ernst": "",
			"Fink": "N-013", "Graf": "N-014"}
		for family, number := range want {
			res, err := w.svc.SearchContacts(w.ctx, sys, family, 5)
			if err != nil || len(res) != 1 || res[0].MemberNumber != number {
				t.Errorf("%s: %+v %v, want member number %q", family, res, err, number)
			}
		}
		// Without the option, imported members keep what the file says.
		b, err = w.run(sys, []string{"Hal|Horn|10115||2026-01-01"}, domain.ImportOptions{Columns: cols, MembershipType: typ}, false)
		if err != nil || b.Created != 1 {
			t.Fatalf("import: %+v %v", b, err)
		}
		if res, _ := w.svc.SearchContacts(w.ctx, sys, "Horn", 5); len(res) != 1 || res[0].MemberNumber != "" {
			t.Errorf("without the option: %+v", res)
		}
	})
}
