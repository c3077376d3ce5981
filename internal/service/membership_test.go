package service_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestStatusSQLMatchesGo holds the status rules of the SQL (used to filter lists) and of Go (used on the
// contact page) together over random periods, type settings and days.
func TestStatusSQLMatchesGo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		r := rand.New(rand.NewPCG(7, 7))
		root := f.unit(0, "Root")
		sys := f.system()
		var types []domain.MembershipType
		for i, dues := range []bool{false, true, true} {
			ty, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{
				Name: ptr("T" + string(rune('A'+i))), DurationMonths: ptr(12 * i), GraceDays: ptr(r.IntN(90)),
				NewDays: ptr(30 + r.IntN(90)), RequiresDues: ptr(dues), VoteAfterDays: ptr(r.IntN(60))})
			if err != nil {
				t.Fatal(err)
			}
			types = append(types, ty)
		}
		base := domain.Date{Year: 2024, Month: 1, Day: 1}
		for i := range 150 {
			c := f.person(sys, root.ID, "S", "Status"+string(rune('a'+i%26)))
			for range 1 + r.IntN(2) {
				start := base.AddDays(r.IntN(900))
				in := domain.MembershipInput{TypeID: &types[r.IntN(len(types))].ID, StartDate: &start, Pending: ptr(r.IntN(15) == 0)}
				if r.IntN(3) == 0 {
					in.EndDate = ptr(start.AddDays(r.IntN(700)))
					in.EndReason = ptr([]string{"lapsed", "cancelled", "expelled"}[r.IntN(3)])
				}
				if r.IntN(2) == 0 {
					in.PaidUntil = ptr(start.AddDays(r.IntN(800)))
				}
				if _, err := f.svc.AddMembership(f.ctx, sys, c.ID, in); err != nil {
					t.Fatal(err)
				}
			}
			if r.IntN(20) == 0 {
				if _, err := f.svc.UpdateContact(f.ctx, sys, c.ID, domain.ContactInput{DeceasedOn: ptr(domain.Date{Year: 2026, Month: 1, Day: 2})}); err != nil {
					t.Fatal(err)
				}
			}
		}
		seen := map[string]bool{}
		for range 25 {
			today := base.AddDays(r.IntN(1300))
			list, err := st.Read().ListContacts(f.ctx, sys.Scope, domain.ContactFilter{}, store.Cursor{}, 1000, today)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range list {
				ms, err := st.Read().Memberships(f.ctx, sys.Scope, s.ID)
				if err != nil {
					t.Fatal(err)
				}
				c, _ := st.Read().Contact(f.ctx, sys.Scope, access.ReadContacts, s.ID)
				want := ""
				if sum := domain.Summarize(ms, today, !c.DeceasedOn.IsZero()); sum != nil {
					want = sum.Status
				}
				if s.Status != want {
					t.Fatalf("contact %d on %s: SQL says %q, Go says %q (periods %+v)", s.ID, today, s.Status, want, ms)
				}
				seen[want] = true
			}
		}
		for _, s := range domain.Statuses() {
			if !seen[s] {
				t.Errorf("status %q never occurred: the random data does not cover it", s)
			}
		}
	})
}

func TestMembershipAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st) // today is 2026-06-15
		root := f.unit(0, "Root")
		sys := f.system()
		ty, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member"),
			DurationMonths: ptr(12), GraceDays: ptr(30), NewDays: ptr(90), VoteAfterDays: ptr(60)})
		if err != nil {
			t.Fatal(err)
		}
		c := f.person(sys, root.ID, "Ada", "Rejoiner")
		// 2019–2020, lapsed; rejoined 2026-05-01: new, not yet entitled to vote (60 days' wait).
		for _, start := range []domain.Date{{Year: 2019, Month: 3, Day: 1}, {Year: 2026, Month: 5, Day: 1}} {
			if _, err := f.svc.AddMembership(f.ctx, sys, c.ID, domain.MembershipInput{TypeID: &ty.ID, StartDate: &start}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := f.svc.GetContact(f.ctx, sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := got.Membership
		if m.Status != domain.StatusNew || m.FirstJoined.String() != "2019-03-01" || m.MemberSince.String() != "2026-05-01" ||
			m.RejoinedOn.String() != "2026-05-01" || m.EndDate.String() != "2027-04-30" || !m.PaidUpUntil.IsZero() || m.EntitledToVote {
			t.Fatalf("summary = %+v", m)
		}
		if got.MemberNumber == "" {
			t.Fatal("a new member got no member number")
		}
		f.now = f.now.AddDate(0, 2, 0) // 2026-08-15: past the wait and the "new" period
		got, _ = f.svc.GetContact(f.ctx, sys, c.ID)
		if got.Membership.Status != domain.StatusCurrent || !got.Membership.EntitledToVote {
			t.Fatalf("two months later: %+v", got.Membership)
		}
		// Bad input: end before start, unknown type, invalid end reason — nothing is written.
		before, _ := f.svc.Memberships(f.ctx, sys, c.ID)
		_, err = f.svc.AddMembership(f.ctx, sys, c.ID, domain.MembershipInput{TypeID: ptr(int64(999)),
			StartDate: ptr(domain.Date{Year: 2026, Month: 1, Day: 1}), EndDate: ptr(domain.Date{Year: 2025, Month: 1, Day: 1}), EndReason: ptr("bored")})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !ve.Has("type_id") || !ve.Has("end_date") || !ve.Has("end_reason") {
			t.Fatalf("err = %v", err)
		}
		after, _ := f.svc.Memberships(f.ctx, sys, c.ID)
		if len(after) != len(before) {
			t.Fatal("an invalid membership was written")
		}
	})
}

// TestCreateMemberIsAtomic: a new contact with an invalid first membership is not saved at all.
func TestCreateMemberIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		root := f.unit(0, "Root")
		sys := f.system()
		ty, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member")})
		if err != nil {
			t.Fatal(err)
		}
		in := domain.ContactInput{HomeUnitID: &root.ID, FamilyName: ptr("Atomic")}
		_, err = f.svc.CreateMember(f.ctx, sys, in, &domain.MembershipInput{TypeID: &ty.ID})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !ve.Has("membership.start_date") {
			t.Fatalf("err = %v", err)
		}
		if n, _ := f.svc.CountContacts(f.ctx, sys, domain.ContactFilter{}, 0); n != 0 {
			t.Fatalf("%d contacts saved by a failed create", n)
		}
		c, err := f.svc.CreateMember(f.ctx, sys, in, &domain.MembershipInput{TypeID: &ty.ID, StartDate: ptr(domain.Date{Year: 2026, Month: 1, Day: 1})})
		if err != nil || c.Membership == nil || c.Membership.Status != domain.StatusCurrent || c.MemberNumber == "" {
			t.Fatalf("member: %+v %v", c, err)
		}
	})
}
