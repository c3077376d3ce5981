package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// AccreditationMember is one member on an accreditation list.
type AccreditationMember struct {
	ContactID      int64
	Kind           string
	MemberNumber   string
	GivenName      string
	MiddleName     string
	FamilyName     string
	DisplayName    string
	HomeUnit       string
	Status         string // new or current
	EntitledToVote bool
}

// AccreditationList calls fn, in name order, for every live contact whose home unit lies in unit's subtree
// and who is a member in good standing (new or current) on day today. Contacts merely affiliated with the
// subtree are not its members and are left out. The unit must lie inside the scope's read roots; otherwise
// the answer is ErrNotFound, as for a unit that does not exist. Rows are streamed from one query, so a
// list of any length is never held in memory.
func (q *Q) AccreditationList(ctx context.Context, s access.Scope, unit int64, today domain.Date, fn func(AccreditationMember) error) error {
	inside, err := q.IsUnder(ctx, unit, s.Roots(access.ReadContacts))
	if err != nil {
		return err
	}
	if !inside {
		return domain.ErrNotFound
	}
	var a args
	status := membershipStatusSQL(&a, today)
	vote := entitledToVoteSQL(&a, today)
	from, where := reachRangeSQL(&a, unit)
	u := a.add(unit)
	where += ` AND c.deleted_at IS NULL
		AND EXISTS (SELECT 1 FROM unit_closure hc WHERE hc.descendant_id = c.home_unit_id AND hc.ancestor_id = ` + u + `)
		AND ` + visibleSQL(&a, "c", s, access.ReadContacts) + `
		AND ` + membershipStatusSQL(&a, today) + ` IN ('new', 'current')`
	rows, err := q.query(ctx, `SELECT c.id, c.kind, COALESCE(c.member_number, ''), c.given_name, c.middle_name,
		c.family_name, c.display_name, hu.name, `+status+`, CASE WHEN `+vote+` THEN 1 ELSE 0 END
		FROM `+from+` JOIN units hu ON hu.id = c.home_unit_id JOIN memberships m ON m.id = c.current_membership_id
		WHERE `+where+` ORDER BY r.sort_key, r.contact_id`, a.list...)
	if err != nil {
		return err
	}
	return eachRow(rows, func() error {
		var m AccreditationMember
		var vote int
		if err := rows.Scan(&m.ContactID, &m.Kind, &m.MemberNumber, &m.GivenName, &m.MiddleName, &m.FamilyName,
			&m.DisplayName, &m.HomeUnit, &m.Status, &vote); err != nil {
			return err
		}
		m.EntitledToVote = vote == 1
		return fn(m)
	})
}
