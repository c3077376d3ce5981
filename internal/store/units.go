package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/roster-crm/roster/internal/domain"
)

const unitCols = `u.id, COALESCE(u.parent_id, 0), u.name, u.kind, COALESCE(u.code, ''), u.depth, u.archived_at, u.created_at, u.updated_at`

func scanUnit(sc interface{ Scan(...any) error }) (domain.Unit, error) {
	var u domain.Unit
	err := sc.Scan(&u.ID, &u.ParentID, &u.Name, &u.Kind, &u.Code, &u.Depth, timeScan{&u.ArchivedAt}, reqTime{&u.CreatedAt}, reqTime{&u.UpdatedAt})
	return u, err
}

// Unit returns one unit by id. Units are organizational structure, not personal data: callers decide which
// units an actor may see.
func (q *Q) Unit(ctx context.Context, id int64) (domain.Unit, error) {
	u, err := scanUnit(q.db.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.ErrNotFound
	}
	return u, err
}

// UnitByCode finds a unit by its official code.
func (q *Q) UnitByCode(ctx context.Context, code string) (domain.Unit, error) {
	u, err := scanUnit(q.db.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units u WHERE u.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.ErrNotFound
	}
	return u, err
}

// Ancestors returns the ids of a unit's ancestors, nearest first, excluding the unit.
func (q *Q) Ancestors(ctx context.Context, id int64) ([]int64, error) {
	rows, err := q.query(ctx, `SELECT ancestor_id FROM unit_closure WHERE descendant_id = $1 AND depth > 0 ORDER BY depth`, id)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// UnitPath returns the unit and its ancestors from the root down.
func (q *Q) UnitPath(ctx context.Context, id int64) ([]domain.Unit, error) {
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM unit_closure c JOIN units u ON u.id = c.ancestor_id
		WHERE c.descendant_id = $1 ORDER BY c.depth DESC`, id)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// RootUnits returns the ids of all units without a parent.
func (q *Q) RootUnits(ctx context.Context) ([]int64, error) {
	rows, err := q.query(ctx, `SELECT id FROM units WHERE parent_id IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// UnitsUnder lists the units in the subtrees of roots (the roots included), parents before children.
func (q *Q) UnitsUnder(ctx context.Context, roots []int64, includeArchived bool) ([]domain.Unit, error) {
	if len(roots) == 0 {
		return nil, nil
	}
	var a args
	where := ""
	if !includeArchived {
		where = " AND u.archived_at IS NULL"
	}
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id IN (
		SELECT descendant_id FROM unit_closure WHERE ancestor_id IN `+a.in(roots)+`)`+where+`
		ORDER BY u.depth, u.name, u.id`, a.list...)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// IsUnder reports whether unit lies at or below one of roots.
func (q *Q) IsUnder(ctx context.Context, unit int64, roots []int64) (bool, error) {
	if len(roots) == 0 || unit == 0 {
		return false, nil
	}
	var a args
	u := a.add(unit)
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM unit_closure WHERE descendant_id = `+u+
		` AND ancestor_id IN `+a.in(roots), a.list...).Scan(&n)
	return n > 0, err
}

// CreateUnit inserts a unit below parent (0 for a root) and its closure rows.
func (q *Q) CreateUnit(ctx context.Context, u domain.Unit) (domain.Unit, error) {
	u.Depth = 0
	if u.ParentID != 0 {
		p, err := q.Unit(ctx, u.ParentID)
		if err != nil {
			return u, err
		}
		u.Depth = p.Depth + 1
	}
	u.CreatedAt, u.UpdatedAt = q.now, q.now
	err := q.db.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, kind, code, depth, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		nullInt(u.ParentID), u.Name, u.Kind, nullStr(u.Code), u.Depth, ts(q.now)).Scan(&u.ID)
	if err != nil {
		return u, q.wrap(err, "INSERT INTO units")
	}
	_, err = q.exec(ctx, `INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
		SELECT ancestor_id, CAST($1 AS BIGINT), depth + 1 FROM unit_closure WHERE descendant_id = $2
		UNION ALL SELECT CAST($1 AS BIGINT), CAST($1 AS BIGINT), 0`, u.ID, u.ParentID)
	return u, err
}

// UpdateUnit changes name, kind and code.
func (q *Q) UpdateUnit(ctx context.Context, u domain.Unit) error {
	_, err := q.exec(ctx, `UPDATE units SET name = $2, kind = $3, code = $4, updated_at = $5 WHERE id = $1`,
		u.ID, u.Name, u.Kind, nullStr(u.Code), ts(q.now))
	return err
}

// MoveUnit re-parents a unit with its whole subtree, rewrites the closure and depths, and recomputes who can
// see the contacts of the subtree. The caller has checked that newParent is not inside the subtree.
func (q *Q) MoveUnit(ctx context.Context, id, newParent int64) error {
	parent, err := q.Unit(ctx, newParent)
	if err != nil {
		return err
	}
	u, err := q.Unit(ctx, id)
	if err != nil {
		return err
	}
	shift := parent.Depth + 1 - u.Depth
	steps := []struct {
		sql  string
		args []any
	}{
		// Cut the subtree off from its old ancestors.
		{`DELETE FROM unit_closure
			WHERE descendant_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = $1)
			AND ancestor_id IN (SELECT ancestor_id FROM unit_closure WHERE descendant_id = $1 AND depth > 0)`, []any{id}},
		// Join it to the new parent's ancestors.
		{`INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
			SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
			FROM unit_closure a, unit_closure d
			WHERE a.descendant_id = $1 AND d.ancestor_id = $2`, []any{newParent, id}},
		{`UPDATE units SET depth = depth + $2, updated_at = $3
			WHERE id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = $1)`, []any{id, shift, ts(q.now)}},
		{`UPDATE units SET parent_id = $2 WHERE id = $1`, []any{id, newParent}},
	}
	for _, st := range steps {
		if _, err := q.exec(ctx, st.sql, st.args...); err != nil {
			return err
		}
	}
	return q.rebuildReach(ctx, contactsTouchingSubtree, id)
}

// ArchiveUnit marks a unit archived (or active again when archived is false).
func (q *Q) ArchiveUnit(ctx context.Context, id int64, archived bool) error {
	var at any
	if archived {
		at = ts(q.now)
	}
	_, err := q.exec(ctx, `UPDATE units SET archived_at = $2, updated_at = $3 WHERE id = $1`, id, at, ts(q.now))
	return err
}

// UnitUsage counts what still depends on a unit: live contacts homed in it and active child units.
func (q *Q) UnitUsage(ctx context.Context, id int64) (contacts, children int, err error) {
	err = q.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM contacts WHERE home_unit_id = $1 AND deleted_at IS NULL),
		(SELECT COUNT(*) FROM units WHERE parent_id = $1 AND archived_at IS NULL)`, id).Scan(&contacts, &children)
	return contacts, children, err
}

// AddPostalCodes adds postal-code mappings, updating the place name of existing ones.
func (q *Q) AddPostalCodes(ctx context.Context, ms []domain.PostalMapping) error {
	for _, m := range ms {
		if _, err := q.exec(ctx, `INSERT INTO postal_codes (postal_code, unit_id, place) VALUES ($1, $2, $3)
			ON CONFLICT (postal_code, unit_id) DO UPDATE SET place = excluded.place`, m.PostalCode, m.UnitID, m.Place); err != nil {
			return err
		}
	}
	return nil
}

// RemovePostalCode deletes one mapping.
func (q *Q) RemovePostalCode(ctx context.Context, code string, unit int64) error {
	_, err := q.exec(ctx, `DELETE FROM postal_codes WHERE postal_code = $1 AND unit_id = $2`, code, unit)
	return err
}

// PostalCodeUnits returns the active units mapped to a postal code that lie under one of roots.
func (q *Q) PostalCodeUnits(ctx context.Context, code string, roots []int64) ([]domain.PostalMapping, error) {
	if len(roots) == 0 {
		return nil, nil
	}
	var a args
	c := a.add(code)
	rows, err := q.query(ctx, `SELECT p.postal_code, p.unit_id, u.name, p.place FROM postal_codes p
		JOIN units u ON u.id = p.unit_id
		WHERE p.postal_code = `+c+` AND u.archived_at IS NULL
		AND EXISTS (SELECT 1 FROM unit_closure uc WHERE uc.descendant_id = p.unit_id AND uc.ancestor_id IN `+a.in(roots)+`)
		ORDER BY u.name, p.unit_id`, a.list...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PostalMapping
	for rows.Next() {
		var m domain.PostalMapping
		if err := rows.Scan(&m.PostalCode, &m.UnitID, &m.UnitName, &m.Place); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PostalCodePlaces lists the distinct places a postal code names, whichever unit it maps to (place names are
// geography, not the structure of the organization), in order.
func (q *Q) PostalCodePlaces(ctx context.Context, code string) ([]string, error) {
	rows, err := q.query(ctx, `SELECT DISTINCT place FROM postal_codes WHERE postal_code = $1 AND place <> '' ORDER BY place`, code)
	if err != nil {
		return nil, err
	}
	var out []string
	err = eachRow(rows, func() error {
		var p string
		err := rows.Scan(&p)
		out = append(out, p)
		return err
	})
	return out, err
}

// PostalCodeWithin lists the units below roots (at or below one of them) that contain a unit the postal code
// maps to: the mapped units and those above them, as far up as roots reach.
func (q *Q) PostalCodeWithin(ctx context.Context, code string, roots []int64) ([]int64, error) {
	if len(roots) == 0 {
		return nil, nil
	}
	var a args
	c := a.add(code)
	rows, err := q.query(ctx, `SELECT DISTINCT up.ancestor_id FROM postal_codes p
		JOIN units u ON u.id = p.unit_id AND u.archived_at IS NULL
		JOIN unit_closure up ON up.descendant_id = p.unit_id
		WHERE p.postal_code = `+c+` AND EXISTS (SELECT 1 FROM unit_closure s WHERE s.descendant_id = up.ancestor_id
			AND s.ancestor_id IN `+a.in(roots)+`)
		ORDER BY up.ancestor_id`, a.list...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// PostalCodeIn reports whether the postal code maps to a live unit at or below unit; known reports whether it
// maps to any live unit at all.
func (q *Q) PostalCodeIn(ctx context.Context, code string, unit int64) (in, known bool, err error) {
	err = q.db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM postal_codes p JOIN units u ON u.id = p.unit_id AND u.archived_at IS NULL
			JOIN unit_closure up ON up.descendant_id = p.unit_id WHERE p.postal_code = $1 AND up.ancestor_id = $2),
		EXISTS (SELECT 1 FROM postal_codes p JOIN units u ON u.id = p.unit_id AND u.archived_at IS NULL
			WHERE p.postal_code = $1)`, code, unit).Scan(&in, &known)
	return in, known, q.wrapNil(err, "postal code in unit")
}

// UnitPostalCodes lists the postal codes mapped to a unit.
func (q *Q) UnitPostalCodes(ctx context.Context, unit int64) ([]domain.PostalMapping, error) {
	rows, err := q.query(ctx, `SELECT postal_code, unit_id, place FROM postal_codes WHERE unit_id = $1 ORDER BY postal_code`, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PostalMapping
	for rows.Next() {
		var m domain.PostalMapping
		if err := rows.Scan(&m.PostalCode, &m.UnitID, &m.Place); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanUnits(rows *sql.Rows) ([]domain.Unit, error) {
	defer rows.Close()
	var out []domain.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PostalCodesUnder maps each postal code to the active units under roots it is mapped to.
func (q *Q) PostalCodesUnder(ctx context.Context, roots []int64) (map[string][]int64, error) {
	out := map[string][]int64{}
	if len(roots) == 0 {
		return out, nil
	}
	var a args
	rows, err := q.query(ctx, `SELECT p.postal_code, p.unit_id FROM postal_codes p JOIN units u ON u.id = p.unit_id
		WHERE u.archived_at IS NULL AND EXISTS (SELECT 1 FROM unit_closure uc WHERE uc.descendant_id = p.unit_id
		AND uc.ancestor_id IN `+a.in(roots)+`) ORDER BY p.postal_code, p.unit_id`, a.list...)
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		var code string
		var unit int64
		err := rows.Scan(&code, &unit)
		out[code] = append(out[code], unit)
		return err
	})
	return out, err
}
