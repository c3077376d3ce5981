package store

import (
	"context"
	"encoding/json"

	"github.com/roster-crm/roster/internal/domain"
)

// SavedLists lists a user's saved lists by name.
func (q *Q) SavedLists(ctx context.Context, userID int64) ([]domain.SavedList, error) {
	rows, err := q.query(ctx, `SELECT id, name, filter, created_at, updated_at FROM saved_lists WHERE user_id = $1
		ORDER BY name, id`, userID)
	if err != nil {
		return nil, err
	}
	var out []domain.SavedList
	err = eachRow(rows, func() error {
		var l domain.SavedList
		var filter string
		if err := rows.Scan(&l.ID, &l.Name, &filter, reqTime{&l.CreatedAt}, reqTime{&l.UpdatedAt}); err != nil {
			return err
		}
		out = append(out, l)
		return json.Unmarshal([]byte(filter), &out[len(out)-1].Filter)
	})
	return out, err
}

// SaveList stores a user's named filter, replacing the filter of a list with the same name.
func (q *Q) SaveList(ctx context.Context, userID int64, l *domain.SavedList) error {
	b, err := json.Marshal(l.Filter)
	if err != nil {
		return err
	}
	l.CreatedAt, l.UpdatedAt = q.now, q.now
	err = q.db.QueryRowContext(ctx, `INSERT INTO saved_lists (user_id, name, filter, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (user_id, name) DO UPDATE SET filter = excluded.filter, updated_at = excluded.updated_at
		RETURNING id`, userID, l.Name, string(b), ts(q.now)).Scan(&l.ID)
	return q.wrapNil(err, "INSERT INTO saved_lists")
}

// DeleteSavedList removes one of a user's lists; false when there was none.
func (q *Q) DeleteSavedList(ctx context.Context, userID, id int64) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM saved_lists WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
