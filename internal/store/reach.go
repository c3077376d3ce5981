package store

import "context"

// Sets of contacts whose reach rows must be recomputed, as SQL selecting contact ids from parameter $1.
const (
	// contactsTouchingSubtree: contacts homed or affiliated anywhere in the subtree of unit $1.
	contactsTouchingSubtree = `SELECT c.id FROM contacts c WHERE c.home_unit_id IN
			(SELECT descendant_id FROM unit_closure WHERE ancestor_id = $1)
		UNION SELECT af.contact_id FROM contact_affiliations af WHERE af.unit_id IN
			(SELECT descendant_id FROM unit_closure WHERE ancestor_id = $1)`
	// oneContact: contact $1.
	oneContact = `SELECT CAST($1 AS BIGINT)`
)

// rebuildReach recomputes contact_reach for the contacts selected by set (one of the constants above) with
// its parameter.
func (q *Q) rebuildReach(ctx context.Context, set string, param int64) error {
	if _, err := q.exec(ctx, `DELETE FROM contact_reach WHERE contact_id IN (`+set+`)`, param); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO contact_reach (contact_id, unit_id, sort_key)
		SELECT c.id, uc.ancestor_id, c.sort_key
		FROM contacts c JOIN unit_closure uc ON uc.descendant_id = c.home_unit_id
		WHERE c.id IN (`+set+`)
		UNION
		SELECT c.id, uc.ancestor_id, c.sort_key
		FROM contact_affiliations af
		JOIN contacts c ON c.id = af.contact_id
		JOIN unit_closure uc ON uc.descendant_id = af.unit_id
		WHERE af.contact_id IN (`+set+`)`, param)
	return err
}

// updateReachSortKey keeps the denormalized sort key in step with a renamed contact.
func (q *Q) updateReachSortKey(ctx context.Context, contactID int64, key string) error {
	_, err := q.exec(ctx, `UPDATE contact_reach SET sort_key = $2 WHERE contact_id = $1`, contactID, key)
	return err
}
