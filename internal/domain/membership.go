package domain

import (
	"slices"
	"time"
)

// Membership statuses, derived from dates and the type's settings; never stored.
const (
	StatusPending   = "pending"
	StatusNew       = "new"
	StatusCurrent   = "current"
	StatusGrace     = "grace"
	StatusExpired   = "expired"
	StatusCancelled = "cancelled"
	StatusDeceased  = "deceased"
)

// Statuses() lists every membership status in display order.
// Statuses lists every membership status in display order.
func Statuses() []string {
	return []string{StatusPending, StatusNew, StatusCurrent, StatusGrace, StatusExpired, StatusCancelled, StatusDeceased}
}

// GoodStanding reports whether a status counts as a member in good standing.
func GoodStanding(status string) bool { return status == StatusNew || status == StatusCurrent }

// JoinMethods lists how a membership can begin.
func JoinMethods() []string {
	return []string{"form", "online", "event", "transfer", "import", "other"}
}

// EndReasons lists why a membership can end.
func EndReasons() []string {
	return []string{"lapsed", "cancelled", "expelled", "deceased", "transferred"}
}

// MembershipType holds per-type settings that drive status derivation.
type MembershipType struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	DurationMonths int       `json:"duration_months"` // length of a new term; 0 = no fixed end
	GraceDays      int       `json:"grace_days"`      // days after lapsing during which the status is "grace"
	NewDays        int       `json:"new_days"`        // days after the start during which the status is "new"
	Voting         bool      `json:"voting"`          // members of this type may vote
	VoteAfterDays  int       `json:"vote_after_days"` // waiting period before a new member may vote
	RequiresDues   bool      `json:"requires_dues"`   // the membership lapses when dues are not paid up
	Active         bool      `json:"active"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// MembershipTypeInput holds the editable fields of a membership type.
type MembershipTypeInput struct {
	Name           *string `json:"name"`
	DurationMonths *int    `json:"duration_months"`
	GraceDays      *int    `json:"grace_days"`
	NewDays        *int    `json:"new_days"`
	Voting         *bool   `json:"voting"`
	VoteAfterDays  *int    `json:"vote_after_days"`
	RequiresDues   *bool   `json:"requires_dues"`
	Active         *bool   `json:"active"`
}

// Membership is one period of membership of a contact.
type Membership struct {
	ID         int64     `json:"id"`
	ContactID  int64     `json:"contact_id"`
	TypeID     int64     `json:"type_id"`
	TypeName   string    `json:"type_name"`
	StartDate  Date      `json:"start_date"`
	EndDate    Date      `json:"end_date"`   // last day of the term; zero = no fixed end
	PaidUntil  Date      `json:"paid_until"` // dues paid through this date; zero = none recorded
	Pending    bool      `json:"pending"`    // awaiting approval
	JoinMethod string    `json:"join_method"`
	EndReason  string    `json:"end_reason"`
	Notes      string    `json:"notes"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Dates derived from the type's settings when the period is written, so that SQL can filter by status
	// with plain comparisons on both databases.
	ValidUntil Date `json:"-"` // the earlier of EndDate and, for dues types, PaidUntil
	GraceUntil Date `json:"-"` // ValidUntil + grace days
	NewUntil   Date `json:"-"` // last day on which the status is "new"
	VoteFrom   Date `json:"-"` // first day on which the member may vote; zero for non-voting types
}

// MembershipInput holds the editable fields of a membership period.
type MembershipInput struct {
	TypeID     *int64  `json:"type_id"`
	StartDate  *Date   `json:"start_date"`
	EndDate    *Date   `json:"end_date"`
	PaidUntil  *Date   `json:"paid_until"`
	Pending    *bool   `json:"pending"`
	JoinMethod *string `json:"join_method"`
	EndReason  *string `json:"end_reason"`
	Notes      *string `json:"notes"`
}

// Derive fills the derived dates of m from its type's settings.
func (m *Membership) Derive(t MembershipType) {
	m.ValidUntil = m.EndDate
	if t.RequiresDues && !m.PaidUntil.IsZero() && (m.ValidUntil.IsZero() || m.PaidUntil.Before(m.ValidUntil)) {
		m.ValidUntil = m.PaidUntil
	}
	m.GraceUntil = Date{}
	if !m.ValidUntil.IsZero() {
		m.GraceUntil = m.ValidUntil.AddDays(t.GraceDays)
	}
	m.NewUntil = m.StartDate.AddDays(t.NewDays - 1)
	m.VoteFrom = Date{}
	if t.Voting {
		m.VoteFrom = m.StartDate.AddDays(t.VoteAfterDays)
	}
}

// StatusOn derives the status of the period on a given day. The SQL in the storage layer implements the same
// rules (store.membershipStatusSQL); a test holds the two together.
func (m *Membership) StatusOn(today Date, deceased bool) string {
	switch {
	case deceased:
		return StatusDeceased
	case m.Pending || m.StartDate.After(today):
		return StatusPending
	case !m.EndDate.IsZero() && m.EndDate.Before(today) && slices.Contains([]string{"cancelled", "expelled"}, m.EndReason):
		return StatusCancelled
	case !m.ValidUntil.IsZero() && m.ValidUntil.Before(today):
		if !m.GraceUntil.Before(today) {
			return StatusGrace
		}
		return StatusExpired
	case !m.NewUntil.Before(today):
		return StatusNew
	}
	return StatusCurrent
}

// EntitledToVote reports whether the period gives a vote on the given day.
func (m *Membership) EntitledToVote(today Date, deceased bool) bool {
	return GoodStanding(m.StatusOn(today, deceased)) && !m.VoteFrom.IsZero() && !m.VoteFrom.After(today)
}

// Reasons a member is not entitled to vote (MemberSummary.NoVoteReason), in the order they are checked.
const (
	NoVoteDeceased   = "deceased"
	NoVotePending    = "pending"         // the period awaits approval or has not begun
	NoVoteCancelled  = "cancelled"       // ended for reason cancelled or expelled
	NoVoteDuesUnpaid = "dues_unpaid"     // a dues type, paid up only until before today (grace or expired)
	NoVoteTermEnded  = "term_ended"      // the term ended (grace or expired)
	NoVoteNonVoting  = "non_voting_type" // the membership type has no vote
	NoVoteWaiting    = "waiting_period"  // a new member, before the type's waiting period is over
)

// MemberSummary answers the questions officers ask about a contact's membership.
type MemberSummary struct {
	Status         string `json:"status"`
	Type           string `json:"type"`
	FirstJoined    Date   `json:"first_joined"`
	MemberSince    Date   `json:"member_since"`  // start of the current unbroken run of periods
	RejoinedOn     Date   `json:"rejoined_on"`   // set when the current run followed a lapse
	PaidUpUntil    Date   `json:"paid_up_until"` // dues paid through; zero when no payment is recorded
	EndDate        Date   `json:"end_date"`      // end of the current term; zero for no fixed end
	EntitledToVote bool   `json:"entitled_to_vote"`
	NoVoteReason   string `json:"no_vote_reason"` // why not, one of the NoVote constants; "" when entitled
	VoteFrom       Date   `json:"vote_from"`      // first day the current period gives a vote; zero for a non-voting type
	GraceUntil     Date   `json:"grace_until"`    // last day of grace while the status is grace; zero otherwise
}

// NoVoteReason says why the period gives no vote on the given day, "" when it does.
func (m *Membership) NoVoteReason(today Date, deceased bool) string {
	switch st := m.StatusOn(today, deceased); {
	case st == StatusDeceased:
		return NoVoteDeceased
	case st == StatusPending:
		return NoVotePending
	case st == StatusCancelled:
		return NoVoteCancelled
	case st == StatusGrace || st == StatusExpired:
		if !m.PaidUntil.IsZero() && m.ValidUntil == m.PaidUntil && (m.EndDate.IsZero() || m.PaidUntil.Before(m.EndDate)) {
			return NoVoteDuesUnpaid
		}
		return NoVoteTermEnded
	case m.VoteFrom.IsZero():
		return NoVoteNonVoting
	case m.VoteFrom.After(today):
		return NoVoteWaiting
	}
	return ""
}

// Summarize computes a contact's membership summary from all its periods (any order). It returns nil for a
// contact who never had a membership.
func Summarize(periods []Membership, today Date, deceased bool) *MemberSummary {
	if len(periods) == 0 {
		return nil
	}
	ps := slices.Clone(periods)
	slices.SortFunc(ps, func(a, b Membership) int {
		if c := a.StartDate.Compare(b.StartDate); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	cur := ps[len(ps)-1]
	s := &MemberSummary{
		Status:         cur.StatusOn(today, deceased),
		Type:           cur.TypeName,
		FirstJoined:    ps[0].StartDate,
		PaidUpUntil:    cur.PaidUntil,
		EndDate:        cur.EndDate,
		EntitledToVote: cur.EntitledToVote(today, deceased),
		NoVoteReason:   cur.NoVoteReason(today, deceased),
		VoteFrom:       cur.VoteFrom,
	}
	if s.Status == StatusGrace {
		s.GraceUntil = cur.GraceUntil
	}
	// Walk back while each period began before the previous one's grace ran out: that is one unbroken run.
	run := len(ps) - 1
	for run > 0 {
		prev := ps[run-1]
		if !prev.GraceUntil.IsZero() && prev.GraceUntil.Before(ps[run].StartDate) {
			break
		}
		if slices.Contains([]string{"cancelled", "expelled"}, prev.EndReason) && prev.EndDate.Before(ps[run].StartDate) {
			break
		}
		run--
	}
	s.MemberSince = ps[run].StartDate
	if run > 0 {
		s.RejoinedOn = ps[run].StartDate
	}
	return s
}
