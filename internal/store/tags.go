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
	_, err = q.exec(ctx, `UPDATE contacts SET updated_at = $2, updated_by = $3, version = version + 1 WHERE id = $1`,
		contactID, ts(q.now), nullInt(actor))
	return err == nil, err
}

// Tags lists all tag names, for suggestions. Tag names are labels, not personal data.
func (q *Q) Tags(ctx context.Context) ([]string, error) {
	rows, err := q.query(ctx, `SELECT name FROM tags ORDER BY name_key`)
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
