package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
)

// DismissDuplicate records that two visible contacts are not the same person.
func (q *Q) DismissDuplicate(ctx context.Context, x, y *ScopedContact, actor int64) error {
	a, err := q.scoped(x)
	if err != nil {
		return err
	}
	b, err := q.scoped(y)
	if err != nil {
		return err
	}
	if a > b {
		a, b = b, a
	}
	_, err = q.exec(ctx, `INSERT INTO duplicate_dismissals (contact_a, contact_b, decided_by, decided_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (contact_a, contact_b) DO NOTHING`, a, b, nullInt(actor), ts(q.now))
	return err
}

// DuplicateDismissals returns every dismissed pair (lower id first).
func (q *Q) DuplicateDismissals(ctx context.Context) (map[[2]int64]bool, error) {
	rows, err := q.query(ctx, `SELECT contact_a, contact_b FROM duplicate_dismissals`)
	if err != nil {
		return nil, err
	}
	out := map[[2]int64]bool{}
	err = eachRow(rows, func() error {
		var p [2]int64
		err := rows.Scan(&p[0], &p[1])
		out[p] = true
		return err
	})
	return out, err
}

// MoveContactRecords moves what hangs off one contact to another when the two are merged: memberships,
// notes, relationships (except those between the two and those the survivor already has), affiliations,
// attributes the survivor lacks, and the history entries. The caller then deletes the merged contact.
func (q *Q) MoveContactRecords(ctx context.Context, fromSC, toSC *ScopedContact) error {
	from, err := q.scoped(fromSC, access.WriteContacts)
	if err != nil {
		return err
	}
	to, err := q.scoped(toSC, access.WriteContacts)
	if err != nil {
		return err
	}
	for _, stmt := range []string{
		`UPDATE memberships SET contact_id = $2 WHERE contact_id = $1`,
		`UPDATE contact_notes SET contact_id = $2 WHERE contact_id = $1`,
		`DELETE FROM relationships WHERE (contact_id = $1 AND other_contact_id = $2) OR (contact_id = $2 AND other_contact_id = $1)`,
		`DELETE FROM relationships WHERE contact_id = $1 AND EXISTS (SELECT 1 FROM relationships s
			WHERE s.contact_id = $2 AND s.other_contact_id = relationships.other_contact_id AND s.kind = relationships.kind)`,
		`DELETE FROM relationships WHERE other_contact_id = $1 AND EXISTS (SELECT 1 FROM relationships s
			WHERE s.other_contact_id = $2 AND s.contact_id = relationships.contact_id AND s.kind = relationships.kind)`,
		`UPDATE relationships SET contact_id = $2 WHERE contact_id = $1`,
		`UPDATE relationships SET other_contact_id = $2 WHERE other_contact_id = $1`,
		`INSERT INTO contact_attributes (contact_id, name, value) SELECT $2, name, value FROM contact_attributes
			WHERE contact_id = $1 AND name NOT IN (SELECT name FROM contact_attributes WHERE contact_id = $2)`,
		`UPDATE audit_log SET contact_id = $2 WHERE contact_id = $1`,
	} {
		if _, err := q.exec(ctx, stmt, from, to); err != nil {
			return err
		}
	}
	for _, stmt := range []string{
		`DELETE FROM duplicate_dismissals WHERE contact_a = $1 OR contact_b = $1`,
		`UPDATE contacts SET current_membership_id = NULL WHERE id = $1`,
	} {
		if _, err := q.exec(ctx, stmt, from); err != nil {
			return err
		}
	}
	return q.repointCurrentMembership(ctx, to)
}
