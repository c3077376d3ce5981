package store

import (
	"context"
	"database/sql"
	"errors"
)

// Setting reads an organization setting; "" when unset.
func (q *Q) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := q.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting writes an organization setting.
func (q *Q) SetSetting(ctx context.Context, key, value string) error {
	_, err := q.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// PostalDirectory lists every postal-code mapping with its unit, for demo data and enrichment.
func (q *Q) PostalDirectory(ctx context.Context) ([]PostalEntry, error) {
	rows, err := q.query(ctx, `SELECT p.postal_code, p.unit_id, p.place, COALESCE(u.parent_id, 0) FROM postal_codes p
		JOIN units u ON u.id = p.unit_id WHERE u.archived_at IS NULL ORDER BY p.unit_id, p.postal_code`)
	if err != nil {
		return nil, err
	}
	var out []PostalEntry
	err = eachRow(rows, func() error {
		var e PostalEntry
		err := rows.Scan(&e.PostalCode, &e.UnitID, &e.Place, &e.ParentID)
		out = append(out, e)
		return err
	})
	return out, err
}

// PostalEntry is one postal code of a unit, with the unit's parent.
type PostalEntry struct {
	PostalCode string
	UnitID     int64
	ParentID   int64
	Place      string
}

// CountUnits counts all units.
func (q *Q) CountUnits(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&n)
	return n, err
}

// MaxContactID returns the highest contact id, 0 for none.
func (q *Q) MaxContactID(ctx context.Context) (int64, error) {
	var n int64
	err := q.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM contacts`).Scan(&n)
	return n, err
}
