package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/roster-crm/roster/internal/domain"
)

// savedListCols and savedListFrom read a saved list with its owner and the unit it is shared with (alias l).
const savedListCols = `l.id, l.name, l.filter, l.user_id, ou.name, l.shared_unit_id, COALESCE(su.name, ''), l.created_at, l.updated_at`

const savedListFrom = ` FROM saved_lists l JOIN users ou ON ou.id = l.user_id LEFT JOIN units su ON su.id = l.shared_unit_id`

// sharedInto is the condition that list l is shared with a unit in the subtrees of roots.
func sharedInto(a *args, roots []int64) string {
	if len(roots) == 0 {
		return "FALSE"
	}
	return `l.shared_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id IN ` + a.in(roots) + `)`
}

func scanSavedList(row interface{ Scan(...any) error }, userID int64) (domain.SavedList, error) {
	var l domain.SavedList
	var filter, unitName string
	var owner int64
	var unit sql.NullInt64
	if err := row.Scan(&l.ID, &l.Name, &filter, &owner, &l.Owner, &unit, &unitName, reqTime{&l.CreatedAt}, reqTime{&l.UpdatedAt}); err != nil {
		return l, err
	}
	l.Mine = owner == userID
	if unit.Valid {
		l.SharedWith = &domain.UnitRef{ID: unit.Int64, Name: unitName}
	}
	return l, json.Unmarshal([]byte(filter), &l.Filter)
}

// SavedLists lists a user's own saved lists, then the lists others shared with a unit in the subtrees of
// roots (the user's read roots), each group by name.
func (q *Q) SavedLists(ctx context.Context, userID int64, roots []int64) ([]domain.SavedList, error) {
	var a args
	me := a.add(userID)
	rows, err := q.query(ctx, `SELECT `+savedListCols+savedListFrom+` WHERE l.user_id = `+me+
		` OR (`+sharedInto(&a, roots)+`) ORDER BY CASE WHEN l.user_id = `+me+` THEN 0 ELSE 1 END, l.name, l.id`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.SavedList
	err = eachRow(rows, func() error {
		l, err := scanSavedList(rows, userID)
		out = append(out, l)
		return err
	})
	return out, err
}

// SavedList returns one list that the user owns or that is shared with a unit in the subtrees of roots;
// ErrNotFound otherwise.
func (q *Q) SavedList(ctx context.Context, userID int64, roots []int64, id int64) (domain.SavedList, error) {
	var a args
	where := `l.id = ` + a.add(id) + ` AND (l.user_id = ` + a.add(userID) + ` OR ` + sharedInto(&a, roots) + `)`
	l, err := scanSavedList(q.db.QueryRowContext(ctx, `SELECT `+savedListCols+savedListFrom+` WHERE `+where, a.list...), userID)
	if errors.Is(err, sql.ErrNoRows) {
		return l, domain.ErrNotFound
	}
	return l, q.wrapNil(err, "SELECT saved list")
}

// SaveList stores a user's named filter, replacing the filter of a list with the same name (which stays
// shared as it was).
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

// ShareList shares one of a user's lists with a unit (0: makes it personal again); false when the user has no
// such list.
func (q *Q) ShareList(ctx context.Context, userID, id, unitID int64) (bool, error) {
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	res, err := q.exec(ctx, `UPDATE saved_lists SET shared_unit_id = $3, updated_at = $4 WHERE id = $1 AND user_id = $2`,
		id, userID, unit, ts(q.now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
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
