package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/roster-crm/roster/internal/domain"
)

// Member numbers are handed out from series (table member_number_series): the organization's default and any
// number of unit series. A number is taken by an UPDATE of its series' row in the transaction that saves the
// member, which holds the row until that transaction ends: concurrent creations wait for each other, and a
// rolled-back one gives its number back. Numbers that some contact already holds (typed by hand, imported)
// are skipped; a number written by hand or by an import that lies ahead in its contact's series moves the
// series past it, so that the series never runs into it later.

// firstMemberNumber is where the default series of a new database starts.
const firstMemberNumber = 100001

// seriesRow is a series as stored.
type seriesRow struct {
	id int64
	domain.MemberNumberSeries
}

const seriesCols = `s.id, COALESCE(s.unit_id, 0), COALESCE(u.name, ''), s.prefix, s.next_value, COALESCE(s.last_value, 0), s.width`

func scanSeries(rows *sql.Rows) ([]seriesRow, error) {
	var out []seriesRow
	err := eachRow(rows, func() error {
		var r seriesRow
		err := rows.Scan(&r.id, &r.UnitID, &r.UnitName, &r.Prefix, &r.Next, &r.Last, &r.Width)
		out = append(out, r)
		return err
	})
	return out, err
}

func (q *Q) allSeries(ctx context.Context) ([]seriesRow, error) {
	rows, err := q.query(ctx, `SELECT `+seriesCols+` FROM member_number_series s LEFT JOIN units u ON u.id = s.unit_id
		ORDER BY COALESCE(s.unit_id, 0)`)
	if err != nil {
		return nil, err
	}
	return scanSeries(rows)
}

// MemberNumberSeries lists the series, the organization's default first, then by unit id.
func (q *Q) MemberNumberSeries(ctx context.Context) ([]domain.MemberNumberSeries, error) {
	rows, err := q.allSeries(ctx)
	out := make([]domain.MemberNumberSeries, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.MemberNumberSeries)
	}
	return out, err
}

// SaveMemberNumberSeries writes the series of s.UnitID (0: the default), replacing the one there was.
func (q *Q) SaveMemberNumberSeries(ctx context.Context, s domain.MemberNumberSeries) error {
	var last any
	if s.Last != 0 {
		last = s.Last
	}
	res, err := q.exec(ctx, `UPDATE member_number_series SET prefix = $2, next_value = $3, last_value = $4, width = $5,
		updated_at = $6 WHERE COALESCE(unit_id, 0) = $1`, s.UnitID, s.Prefix, s.Next, last, s.Width, ts(q.now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = q.exec(ctx, `INSERT INTO member_number_series (unit_id, prefix, next_value, last_value, width, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, nullInt(s.UnitID), s.Prefix, s.Next, last, s.Width, ts(q.now))
	return err
}

// DeleteMemberNumberSeries removes the series of a unit; its contacts then take their numbers from the series
// above. The default series cannot be removed.
func (q *Q) DeleteMemberNumberSeries(ctx context.Context, unit int64) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM member_number_series WHERE unit_id = $1`, unit)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// seriesFor maps each of the home units to the series its contacts take numbers from: the unit series of the
// nearest unit at or above it, else the default.
func (q *Q) seriesFor(ctx context.Context, all []seriesRow, homes []int64) (map[int64]seriesRow, error) {
	byUnit := map[int64]seriesRow{}
	var def seriesRow
	for _, s := range all {
		if s.UnitID == 0 {
			def = s
		} else {
			byUnit[s.UnitID] = s
		}
	}
	out := map[int64]seriesRow{}
	homes = slices.Compact(slices.Sorted(slices.Values(homes)))
	if len(byUnit) > 0 {
		units := make([]int64, 0, len(byUnit))
		for u := range byUnit {
			units = append(units, u)
		}
		for start := 0; start < len(homes); start += 500 {
			var a args
			rows, err := q.query(ctx, `SELECT descendant_id, ancestor_id FROM unit_closure WHERE descendant_id IN `+
				a.in(homes[start:min(start+500, len(homes))])+` AND ancestor_id IN `+a.in(units)+` ORDER BY descendant_id, depth DESC`, a.list...)
			if err != nil {
				return nil, err
			}
			err = eachRow(rows, func() error {
				var home, unit int64
				err := rows.Scan(&home, &unit)
				out[home] = byUnit[unit] // the nearest comes last
				return err
			})
			if err != nil {
				return nil, err
			}
		}
	}
	for _, h := range homes {
		if _, ok := out[h]; !ok {
			if def.id == 0 {
				return nil, fmt.Errorf("no default member-number series")
			}
			out[h] = def
		}
	}
	return out, nil
}

// NextMemberNumbers hands out one new member number for each home unit given (a unit may be given several
// times), from the series of each, in the transaction of q. A series whose range is used up is a field error
// on member_number naming the series' unit.
func (q *Q) NextMemberNumbers(ctx context.Context, homes []int64) ([]string, error) {
	all, err := q.allSeries(ctx)
	if err != nil {
		return nil, err
	}
	series, err := q.seriesFor(ctx, all, homes)
	if err != nil {
		return nil, err
	}
	want := map[int64][]int{} // series id → positions in homes
	for i, h := range homes {
		want[series[h].id] = append(want[series[h].id], i)
	}
	out := make([]string, len(homes))
	for _, s := range all {
		pos := want[s.id]
		for round := 0; len(pos) > 0; round++ {
			if round == 10000 {
				return nil, fmt.Errorf("member-number series %d: no free number after %d tries", s.id, round)
			}
			k := int64(len(pos))
			var first int64
			var last sql.NullInt64
			err := q.db.QueryRowContext(ctx, `UPDATE member_number_series SET next_value = next_value + $2, updated_at = $3
				WHERE id = $1 RETURNING next_value - $2, last_value`, s.id, k, ts(q.now)).Scan(&first, &last)
			if err != nil {
				return nil, q.wrap(err, "next member numbers")
			}
			if last.Valid && first+k-1 > last.Int64 {
				name := s.UnitName
				if name == "" {
					name = "–"
				}
				var p domain.Problems
				p.AddParam("member_number", "member_numbers_used_up", name)
				return nil, p.Err()
			}
			numbers := make([]string, k)
			for j := range numbers {
				numbers[j] = s.Format(first + int64(j))
			}
			taken, _, err := q.TakenKeys(ctx, numbers, nil)
			if err != nil {
				return nil, err
			}
			for _, n := range numbers {
				if !taken[n] {
					out[pos[0]], pos = n, pos[1:]
				}
			}
		}
	}
	return out, nil
}

// HomeNumber is a member number written on a contact with the given home unit.
type HomeNumber struct {
	Home   int64
	Number string
}

// advanceMemberNumbers moves each series past the numbers written on contacts that take their numbers from it,
// when a number lies ahead in the series' range: a number typed by hand or imported is never handed out again.
func (q *Q) advanceMemberNumbers(ctx context.Context, written []HomeNumber) error {
	if len(written) == 0 {
		return nil
	}
	all, err := q.allSeries(ctx)
	if err != nil || len(all) == 0 {
		return err
	}
	homes := make([]int64, len(written))
	for i, w := range written {
		homes[i] = w.Home
	}
	series, err := q.seriesFor(ctx, all, homes)
	if err != nil {
		return err
	}
	top := map[int64]int64{}
	for _, w := range written {
		s := series[w.Home]
		if n, ok := s.Parse(w.Number); ok && s.Contains(n) && n >= top[s.id] {
			top[s.id] = n
		}
	}
	for id, n := range top {
		if _, err := q.exec(ctx, `UPDATE member_number_series SET next_value = $2 + 1, updated_at = $3
			WHERE id = $1 AND next_value <= $2`, id, n, ts(q.now)); err != nil {
			return err
		}
	}
	return nil
}

// fillMemberNumberSeries is the step of migration 0010: the default series starts after the highest member
// number made of digits only and after the counter of numbers handed out before, at 100001 at the least.
func fillMemberNumberSeries(ctx context.Context, q *Q) error {
	next := int64(firstMemberNumber)
	var counter int64
	if _, err := one(q.db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'member_number'`), &counter); err != nil {
		return err
	}
	next = max(next, counter+1)
	rows, err := q.query(ctx, `SELECT member_number FROM contacts WHERE member_number IS NOT NULL`)
	if err != nil {
		return err
	}
	digits := domain.MemberNumberSeries{}
	err = eachRow(rows, func() error {
		var number string
		if err := rows.Scan(&number); err != nil {
			return err
		}
		if n, ok := digits.Parse(number); ok {
			next = max(next, n+1)
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `INSERT INTO member_number_series (unit_id, prefix, next_value, width, updated_at)
		VALUES (NULL, '', $1, 0, $2)`, next, ts(q.now))
	return err
}
