package domain_test

import (
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// An officer accrediting a meeting needs to know why a member may not vote, and until when grace lasts.
func TestWhyNotEntitledToVote(t *testing.T) {
	today := domain.Date{Year: 2026, Month: 6, Day: 15}
	d := func(y, m, day int) domain.Date { return domain.Date{Year: y, Month: time.Month(m), Day: day} }
	dues := domain.MembershipType{Name: "Member", RequiresDues: true, Voting: true, GraceDays: 60, NewDays: 90}
	term := domain.MembershipType{Name: "Member", Voting: true, GraceDays: 30, NewDays: 90, VoteAfterDays: 180}
	supporter := domain.MembershipType{Name: "Supporter", NewDays: 90}
	for _, tc := range []struct {
		name     string
		typ      domain.MembershipType
		m        domain.Membership
		deceased bool
		reason   string
		grace    domain.Date
		voteFrom domain.Date
	}{
		{"paid up", dues, domain.Membership{StartDate: d(2020, 1, 1), PaidUntil: d(2026, 12, 31)}, false, "", domain.Date{}, d(2020, 1, 1)},
		{"dues unpaid, in grace", dues, domain.Membership{StartDate: d(2020, 1, 1), PaidUntil: d(2026, 5, 31)}, false,
			domain.NoVoteDuesUnpaid, d(2026, 7, 30), d(2020, 1, 1)},
		{"dues unpaid, expired", dues, domain.Membership{StartDate: d(2020, 1, 1), PaidUntil: d(2025, 12, 31)}, false,
			domain.NoVoteDuesUnpaid, domain.Date{}, d(2020, 1, 1)},
		{"term ended", term, domain.Membership{StartDate: d(2024, 6, 1), EndDate: d(2026, 6, 1)}, false,
			domain.NoVoteTermEnded, d(2026, 7, 1), d(2024, 11, 28)},
		{"waiting period", term, domain.Membership{StartDate: d(2026, 5, 1)}, false, domain.NoVoteWaiting, domain.Date{}, d(2026, 10, 28)},
		{"no vote", supporter, domain.Membership{StartDate: d(2020, 1, 1)}, false, domain.NoVoteNonVoting, domain.Date{}, domain.Date{}},
		{"pending", term, domain.Membership{StartDate: d(2026, 7, 1)}, false, domain.NoVotePending, domain.Date{}, d(2026, 12, 28)},
		{"cancelled", term, domain.Membership{StartDate: d(2020, 1, 1), EndDate: d(2026, 1, 31), EndReason: "cancelled"}, false,
			domain.NoVoteCancelled, domain.Date{}, d(2020, 6, 29)},
		{"deceased", dues, domain.Membership{StartDate: d(2020, 1, 1), PaidUntil: d(2026, 12, 31)}, true, domain.NoVoteDeceased, domain.Date{}, d(2020, 1, 1)},
	} {
		m := tc.m
		m.TypeName = tc.typ.Name
		m.Derive(tc.typ)
		s := domain.Summarize([]domain.Membership{m}, today, tc.deceased)
		if s.NoVoteReason != tc.reason || s.EntitledToVote != (tc.reason == "") || s.GraceUntil != tc.grace || s.VoteFrom != tc.voteFrom {
			t.Errorf("%s: reason %q, entitled %v, grace until %v, vote from %v; want %q, grace until %v, vote from %v",
				tc.name, s.NoVoteReason, s.EntitledToVote, s.GraceUntil, s.VoteFrom, tc.reason, tc.grace, tc.voteFrom)
		}
	}
}
