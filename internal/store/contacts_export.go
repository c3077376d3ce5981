package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// LetterFields is what a list export adds to a contact's summary, so that the list is enough for letters.
type LetterFields struct {
	Street      string      // of the primary address
	PaidUpUntil domain.Date // of the current membership; zero when no payment is recorded
}

// LetterFields returns the letter fields of those of ids that are visible to the scope with capability c,
// keyed by contact id: one query per page of a list export.
func (q *Q) LetterFields(ctx context.Context, s access.Scope, c access.Capability, ids []int64) (map[int64]LetterFields, error) {
	out := make(map[int64]LetterFields, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var a args
	rows, err := q.query(ctx, `SELECT c.id, COALESCE(pa.street, ''), m.paid_until FROM contacts c
		LEFT JOIN contact_addresses pa ON pa.contact_id = c.id AND pa.is_primary
		LEFT JOIN memberships m ON m.id = c.current_membership_id
		WHERE c.id IN `+a.in(ids)+` AND `+visibleSQL(&a, "c", s, c), a.list...)
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		var id int64
		var f LetterFields
		err := rows.Scan(&id, &f.Street, &f.PaidUpUntil)
		out[id] = f
		return err
	})
	return out, err
}
