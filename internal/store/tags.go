package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
)

// SetTag adds a tag to a contact or removes it, bumping the contact's version; it reports whether anything
// changed.
func (q *Q) SetTag(ctx context.Context, sc *ScopedContact, tag string, on bool, actor int64) (bool, error) {
	contactID, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return false, err
	}
	id, err := q.ensureTag(ctx, tag)
	if err != nil {
		return false, err
	}
	stmt := `INSERT INTO contact_tags (contact_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	if !on {
		stmt = `DELETE FROM contact_tags WHERE contact_id = $1 AND tag_id = $2`
	}
	res, err := q.exec(ctx, stmt, contactID, id)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	_, err = q.exec(ctx, `UPDATE contacts SET updated_at = $2, updated_by = $3, updated_by_name = NULL, version = version + 1
		WHERE id = $1`,
		contactID, ts(q.now), nullInt(actor))
	return err == nil, err
}

// Tags lists the names of the tags that contacts visible to the scope carry, for suggestions. A name carried
// only out of sight stays unlisted: it tells about contacts elsewhere ("Großspender", "Austritt angekündigt"),
// and names are typed freely, so one may itself be personal.
func (q *Q) Tags(ctx context.Context, s access.Scope) ([]string, error) {
	return q.tags(ctx, s, tagsFromContactsUpTo)
}

// tagsFromContactsUpTo is the largest scope, in reach rows, whose tags are found from its contacts; a larger
// one is searched from the tags, each stopping at its first visible contact. Either way the work follows the
// smaller side: a county's few thousand contacts, or the organization's few dozen tags (a tag carried only
// far away costs a walk over its carriers, which a large scope rarely meets).
const tagsFromContactsUpTo = 20000

func (q *Q) tags(ctx context.Context, s access.Scope, fromContactsUpTo int) ([]string, error) {
	roots := s.Roots(access.ReadContacts)
	if len(roots) == 0 {
		return nil, nil
	}
	var c args
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM contact_reach WHERE unit_id IN `+c.in(roots)+
		` LIMIT `+c.add(fromContactsUpTo+1)+`) x`, c.list...).Scan(&n)
	if err != nil {
		return nil, q.wrap(err, "count reach")
	}
	var a args
	var query string
	if n <= fromContactsUpTo {
		query = `SELECT t.name FROM tags t WHERE t.id IN (SELECT ct.tag_id FROM contact_reach r
			JOIN contact_tags ct ON ct.contact_id = r.contact_id WHERE r.unit_id IN ` + a.in(roots) + `) ORDER BY t.name_key`
	} else {
		// A scalar subquery with LIMIT 1, not EXISTS: PostgreSQL turns an EXISTS into a semi-join that hashes
		// every carrier of the tag (4 s a page at a million contacts); a subquery stays a loop that stops at
		// the first visible carrier (under 1 ms).
		query = `SELECT t.name FROM tags t WHERE (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = t.id AND ` +
			visibleIDSQL(&a, "ct.contact_id", s, access.ReadContacts) + ` LIMIT 1) IS NOT NULL ORDER BY t.name_key`
	}
	rows, err := q.query(ctx, query, a.list...)
	if err != nil {
		return nil, err
	}
	var out []string
	err = eachRow(rows, func() error {
		var t string
		err := rows.Scan(&t)
		out = append(out, t)
		return err
	})
	return out, err
}
