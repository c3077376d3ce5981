package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// RefreshUnitCounts recomputes, for every unit, the live contacts and the members in good standing on day
// today homed anywhere in its subtree: one pass over the contacts grouped by home unit, rolled up the tree in
// memory, written in one transaction.
func (s *Store) RefreshUnitCounts(ctx context.Context, today domain.Date) (int, error) {
	// The counts are as of the start of the reading: a change made while it runs is after them, so the next
	// check for counts behind the data finds it.
	at := ts(s.Now())
	var a args
	status := membershipStatusSQL(&a, today)
	rows, err := s.read.QueryContext(ctx, `SELECT c.home_unit_id, COUNT(*),
		SUM(CASE WHEN `+status+` IN ('new', 'current') THEN 1 ELSE 0 END)
		FROM `+s.d.wholeTable("contacts c")+` LEFT JOIN memberships m ON m.id = c.current_membership_id
		WHERE c.deleted_at IS NULL GROUP BY c.home_unit_id`, a.list...)
	if err != nil {
		return 0, err
	}
	type count struct{ contacts, members int }
	byHome := map[int64]count{}
	err = eachRow(rows, func() error {
		var unit int64
		var c count
		err := rows.Scan(&unit, &c.contacts, &c.members)
		byHome[unit] = c
		return err
	})
	if err != nil {
		return 0, err
	}
	tree, err := s.loadAncestry(ctx)
	if err != nil {
		return 0, err
	}
	total := map[int64]count{}
	for unit := range tree {
		total[unit] = count{}
	}
	for home, c := range byHome {
		for _, anc := range tree[home] {
			t := total[anc]
			total[anc] = count{t.contacts + c.contacts, t.members + c.members}
		}
	}
	// Upserts rather than delete-and-insert: two refreshes at the same time (a server's periodic job and an
	// operator's command, say) then both succeed, and the newer computation wins row by row.
	err = s.Write(ctx, func(q *Q) error {
		if _, err := q.exec(ctx, `DELETE FROM unit_counts WHERE unit_id NOT IN (SELECT id FROM units)`); err != nil {
			return err
		}
		// In id order: two refreshes at once then lock the rows in the same order and never deadlock.
		for _, unit := range slices.Sorted(maps.Keys(total)) {
			c := total[unit]
			if _, err := q.exec(ctx, `INSERT INTO unit_counts (unit_id, contacts, members, computed_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (unit_id) DO UPDATE SET contacts = excluded.contacts, members = excluded.members,
				computed_at = excluded.computed_at WHERE unit_counts.computed_at <= excluded.computed_at`,
				unit, c.contacts, c.members, at); err != nil {
				return err
			}
		}
		return nil
	})
	return len(total), err
}

// UnitCounts returns the last computed counts of the units in the subtrees of roots.
func (q *Q) UnitCounts(ctx context.Context, roots []int64) (map[int64]domain.UnitCount, error) {
	out := map[int64]domain.UnitCount{}
	if len(roots) == 0 {
		return out, nil
	}
	var a args
	rows, err := q.query(ctx, `SELECT unit_id, contacts, members, computed_at FROM unit_counts WHERE unit_id IN
		(SELECT descendant_id FROM unit_closure WHERE ancestor_id IN `+a.in(roots)+`)`, a.list...)
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		c := domain.UnitCount{Includes: domain.CountsHome}
		err := rows.Scan(&c.UnitID, &c.Contacts, &c.Members, reqTime{&c.ComputedAt})
		out[c.UnitID] = c
		return err
	})
	return out, err
}

// UnitCountsAge returns when the counts were last computed; zero when never.
func (q *Q) UnitCountsAge(ctx context.Context) (time.Time, error) {
	var at *time.Time
	err := q.db.QueryRowContext(ctx, `SELECT MAX(computed_at) FROM unit_counts`).Scan(timeScan{&at})
	if err != nil || at == nil {
		return time.Time{}, err
	}
	return *at, nil
}

// LastChangeAt returns when the newest entry of the audit trail was written — every change of contact data
// writes one — or zero for an empty trail: one step down the primary key.
func (q *Q) LastChangeAt(ctx context.Context) (time.Time, error) {
	var at *time.Time
	err := q.db.QueryRowContext(ctx, `SELECT at FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(timeScan{&at})
	if errors.Is(err, sql.ErrNoRows) || err == nil && at == nil {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, q.wrap(err, "last change")
	}
	return *at, nil
}
