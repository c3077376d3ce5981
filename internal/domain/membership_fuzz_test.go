package domain_test

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

var epoch = domain.Date{Year: 2000, Month: 1, Day: 1}

// day turns a fuzzed offset into a date; 0 means "no date".
func day(offset int32) domain.Date {
	if offset == 0 {
		return domain.Date{}
	}
	return epoch.AddDays(int(offset))
}

// rank orders the statuses a period passes through as time goes by.
func rank(status string) int { return slices.Index(domain.Statuses(), status) }

func endReason(b uint8) string {
	reasons := append([]string{""}, domain.EndReasons()...)
	return reasons[int(b)%len(reasons)]
}

// FuzzMembershipStatus: for any dates and type settings the status is one of the known ones; for periods
// and types the service accepts, a status never moves backwards in time (an expired member does not
// become current again by waiting), and only members in good standing of a voting type may vote.
func FuzzMembershipStatus(f *testing.F) {
	f.Fuzz(func(t *testing.T, start, end, paid, today, later int32, grace, newDays, voteAfter int32,
		dues, voting, pending, deceased bool, reason uint8) {
		typ := domain.MembershipType{GraceDays: int(grace), NewDays: int(newDays), VoteAfterDays: int(voteAfter),
			RequiresDues: dues, Voting: voting}
		m := domain.Membership{StartDate: epoch.AddDays(int(start)), EndDate: day(end), PaidUntil: day(paid),
			Pending: pending, EndReason: endReason(reason)}
		m.Derive(typ)
		d1, d2 := epoch.AddDays(int(today)), epoch.AddDays(int(later))
		if d2.Before(d1) {
			d1, d2 = d2, d1
		}
		s1, s2 := m.StatusOn(d1, deceased), m.StatusOn(d2, deceased)
		for _, s := range []string{s1, s2} {
			if !slices.Contains(domain.Statuses(), s) {
				t.Fatalf("status %q is not a known status (period %+v)", s, m)
			}
		}
		switch {
		case deceased && s1 != domain.StatusDeceased:
			t.Fatalf("deceased member has status %q", s1)
		case !deceased && pending && s1 != domain.StatusPending:
			t.Fatalf("pending period has status %q", s1)
		case !deceased && s1 == domain.StatusDeceased:
			t.Fatal("living member is deceased")
		}
		for _, d := range []domain.Date{d1, d2} {
			if m.EntitledToVote(d, deceased) && (!voting || !domain.GoodStanding(m.StatusOn(d, deceased))) {
				t.Fatalf("vote on %v with status %q, voting type %v", d, m.StatusOn(d, deceased), voting)
			}
		}
		if sum := domain.Summarize([]domain.Membership{m}, d1, deceased); sum == nil || sum.Status != s1 || sum.FirstJoined != m.StartDate {
			t.Fatalf("summary of one period: %+v, status %q", sum, s1)
		}
		// What the service accepts: settings within 0..3650 days, an end not before the start, an end date
		// with every end reason.
		valid := grace >= 0 && grace <= 3650 && newDays >= 0 && newDays <= 3650 && voteAfter >= 0 && voteAfter <= 3650 &&
			(m.EndDate.IsZero() || !m.EndDate.Before(m.StartDate)) && (m.EndReason == "" || !m.EndDate.IsZero())
		if valid && rank(s2) < rank(s1) {
			t.Fatalf("status went back from %q on %v to %q on %v (period %+v, type %+v)", s1, d1, s2, d2, m, typ)
		}
		if valid && m.EntitledToVote(d1, deceased) && !m.EntitledToVote(d2, deceased) && domain.GoodStanding(s2) {
			t.Fatalf("lost the vote between %v and %v while still in good standing", d1, d2)
		}
	})
}

// periodsFrom decodes fuzz bytes into membership periods, 8 bytes each.
func periodsFrom(data []byte, typ domain.MembershipType) []domain.Membership {
	var ps []domain.Membership
	for i := 0; i+8 <= len(data) && len(ps) < 16; i += 8 {
		b := data[i : i+8]
		start := int16(binary.LittleEndian.Uint16(b[0:]))
		length := binary.LittleEndian.Uint16(b[2:]) // an end is never before the start
		paid := int16(binary.LittleEndian.Uint16(b[4:]))
		m := domain.Membership{ID: int64(len(ps) + 1), StartDate: epoch.AddDays(int(start)), Pending: b[6]&1 != 0,
			EndReason: endReason(b[7]), TypeName: "Member"}
		if length != 0 || m.EndReason != "" { // an end reason needs an end date
			m.EndDate = m.StartDate.AddDays(int(length))
		}
		if paid != 0 {
			m.PaidUntil = m.StartDate.AddDays(int(paid))
		}
		m.Derive(typ)
		ps = append(ps, m)
	}
	return ps
}

// FuzzSummarize: the summary on a contact's page depends only on its periods, not on the order the
// database returns them in, and its dates are consistent.
func FuzzSummarize(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, today int32, grace, newDays uint16, dues, deceased bool) {
		typ := domain.MembershipType{GraceDays: int(grace % 3651), NewDays: int(newDays % 3651), RequiresDues: dues, Voting: true}
		ps := periodsFrom(data, typ)
		d := epoch.AddDays(int(today))
		sum := domain.Summarize(ps, d, deceased)
		if len(ps) == 0 {
			if sum != nil {
				t.Fatalf("summary without periods: %+v", sum)
			}
			return
		}
		if sum == nil {
			t.Fatal("no summary for a contact with periods")
		}
		if !slices.Contains(domain.Statuses(), sum.Status) {
			t.Fatalf("unknown status %q", sum.Status)
		}
		first, latest := ps[0], ps[0]
		for _, p := range ps[1:] {
			if p.StartDate.Before(first.StartDate) {
				first = p
			}
			if p.StartDate.After(latest.StartDate) || p.StartDate == latest.StartDate && p.ID > latest.ID {
				latest = p
			}
		}
		if sum.FirstJoined != first.StartDate || sum.Status != latest.StatusOn(d, deceased) || sum.Type != "Member" {
			t.Fatalf("summary %+v: first joined %v, latest period %+v", sum, first.StartDate, latest)
		}
		if sum.MemberSince.Before(sum.FirstJoined) || sum.MemberSince.After(latest.StartDate) {
			t.Fatalf("member since %v outside [%v, %v]", sum.MemberSince, sum.FirstJoined, latest.StartDate)
		}
		if !sum.RejoinedOn.IsZero() && sum.RejoinedOn != sum.MemberSince {
			t.Fatalf("rejoined on %v, member since %v, first joined %v", sum.RejoinedOn, sum.MemberSince, sum.FirstJoined)
		}
		if sum.EntitledToVote && !domain.GoodStanding(sum.Status) {
			t.Fatalf("entitled to vote with status %q", sum.Status)
		}
		if sum.EntitledToVote != (sum.NoVoteReason == "") {
			t.Fatalf("entitled to vote %v, yet the reason against is %q", sum.EntitledToVote, sum.NoVoteReason)
		}
		if (sum.Status == domain.StatusGrace) != !sum.GraceUntil.IsZero() || sum.GraceUntil.Before(d) && !sum.GraceUntil.IsZero() {
			t.Fatalf("status %s with grace until %v on %v", sum.Status, sum.GraceUntil, d)
		}
		reversed := slices.Clone(ps)
		slices.Reverse(reversed)
		if again := domain.Summarize(reversed, d, deceased); *again != *sum {
			t.Fatalf("summary depends on the order of periods:\n%+v\n%+v", sum, again)
		}
	})
}
