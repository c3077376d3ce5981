package store

import "github.com/roster-crm/roster/internal/domain"

// membershipStatusSQL derives the membership status of contact c from its current membership m on day today,
// by the same rules as domain.Membership.StatusOn (a test holds the two together). Dates are compared as
// DATE on PostgreSQL and as ISO text on SQLite, which orders the same.
func membershipStatusSQL(a *args, today domain.Date) string {
	t := a.add(today)
	return `(CASE WHEN m.id IS NULL THEN ''
		WHEN c.deceased_on IS NOT NULL THEN 'deceased'
		WHEN m.pending OR m.start_date > ` + t + ` THEN 'pending'
		WHEN m.end_date IS NOT NULL AND m.end_date < ` + t + ` AND m.end_reason IN ('cancelled', 'expelled') THEN 'cancelled'
		WHEN m.valid_until IS NOT NULL AND m.valid_until < ` + t + ` THEN
			CASE WHEN m.grace_until >= ` + t + ` THEN 'grace' ELSE 'expired' END
		WHEN m.new_until >= ` + t + ` THEN 'new'
		ELSE 'current' END)`
}

// entitledToVoteSQL is true when the current membership m gives a vote on day today, by the rule of
// domain.Membership.EntitledToVote: good standing (new or current) on a voting type after its waiting period.
func entitledToVoteSQL(a *args, today domain.Date) string {
	t := a.add(today)
	return `(` + membershipStatusSQL(a, today) + ` IN ('new', 'current') AND m.vote_from IS NOT NULL AND m.vote_from <= ` + t + `)`
}
