package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
)

// VisibleContactIDs returns those of ids (at most a page of them) that exist and that scope may read: which
// rows of a report may link to a contact.
func (q *Q) VisibleContactIDs(ctx context.Context, s access.Scope, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	var a args
	in := a.in(ids)
	rows, err := q.query(ctx, `SELECT c.id FROM contacts c WHERE c.id IN `+in+` AND `+
		visibleSQL(&a, "c", s, access.ReadContacts), a.list...)
	if err != nil {
		return nil, err
	}
	found, err := scanIDs(rows)
	for _, id := range found {
		out[id] = true
	}
	return out, err
}
