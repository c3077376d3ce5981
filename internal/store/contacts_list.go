package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// summaryCols and summaryJoins read a contact as lists show it; they expect contact alias c.
func summaryCols(a *args, today domain.Date) string {
	return `c.id, c.kind, c.display_name, COALESCE(c.member_number, ''), c.home_unit_id, hu.name,
		COALESCE(pe.address, ''), COALESCE(pp.number, ''), COALESCE(pa.postal_code, ''), COALESCE(pa.city, ''),
		` + membershipStatusSQL(a, today) + `, c.deleted_at, c.sort_key`
}

const summaryJoins = ` JOIN units hu ON hu.id = c.home_unit_id
	LEFT JOIN memberships m ON m.id = c.current_membership_id
	LEFT JOIN contact_emails pe ON pe.contact_id = c.id AND pe.is_primary
	LEFT JOIN contact_phones pp ON pp.contact_id = c.id AND pp.is_primary
	LEFT JOIN contact_addresses pa ON pa.contact_id = c.id AND pa.is_primary`

func scanSummaries(q *Q, ctx context.Context, query string, a *args) ([]domain.ContactSummary, error) {
	rows, err := q.query(ctx, query, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.ContactSummary
	err = eachRow(rows, func() error {
		var s domain.ContactSummary
		err := rows.Scan(&s.ID, &s.Kind, &s.DisplayName, &s.MemberNumber, &s.HomeUnit.ID, &s.HomeUnit.Name,
			&s.Email, &s.Phone, &s.PostalCode, &s.City, &s.Status, timeScan{&s.DeletedAt}, &s.SortKey)
		out = append(out, s)
		return err
	})
	return out, err
}

// filterSQL adds the list filters as predicates on c and m.
func filterSQL(a *args, f domain.ContactFilter, today domain.Date) string {
	w := " AND c.deleted_at IS NULL"
	if f.Trashed {
		w = " AND c.deleted_at IS NOT NULL"
	}
	if f.Tag != "" {
		w += ` AND EXISTS (SELECT 1 FROM contact_tags ft JOIN tags tg ON tg.id = ft.tag_id
			WHERE ft.contact_id = c.id AND tg.name_key = ` + a.add(domain.Fold(f.Tag)) + `)`
	}
	if f.TypeID != 0 {
		w += " AND m.type_id = " + a.add(f.TypeID)
	}
	if !f.JoinedFrom.IsZero() {
		w += " AND m.start_date >= " + a.add(f.JoinedFrom)
	}
	if !f.JoinedTo.IsZero() {
		w += " AND m.start_date <= " + a.add(f.JoinedTo)
	}
	if f.HasEmail {
		w += " AND EXISTS (SELECT 1 FROM contact_emails fe WHERE fe.contact_id = c.id)"
	}
	if f.HasPhone {
		w += " AND EXISTS (SELECT 1 FROM contact_phones fp WHERE fp.contact_id = c.id)"
	}
	if len(f.Statuses) > 0 {
		w += " AND " + membershipStatusSQL(a, today) + " IN ("
		for i, s := range f.Statuses {
			if i > 0 {
				w += ", "
			}
			if s == "none" { // contacts without any membership
				s = ""
			}
			w += a.add(s)
		}
		w += ")"
	}
	return w
}

// Cursor is a position in a list: the sort key and id of the last row seen.
type Cursor struct {
	SortKey string
	ID      int64
}

// listOrder is how a list is ordered: the ORDER BY and the keyset condition that continues after a cursor.
type listOrder struct {
	orderBy string
	after   func(a *args, c Cursor) string
	less    func(x, y domain.ContactSummary) int
}

func orderOf(sort string) listOrder {
	byName := func(x, y domain.ContactSummary) int {
		if c := cmp.Compare(x.SortKey, y.SortKey); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	}
	switch sort {
	case "-name":
		return listOrder{"r.sort_key DESC, r.contact_id DESC",
			func(a *args, c Cursor) string {
				return "(r.sort_key, r.contact_id) < (" + a.add(c.SortKey) + ", " + a.add(c.ID) + ")"
			},
			func(x, y domain.ContactSummary) int { return byName(y, x) }}
	case "newest":
		return listOrder{"r.contact_id DESC",
			func(a *args, c Cursor) string { return "r.contact_id < " + a.add(c.ID) },
			func(x, y domain.ContactSummary) int { return cmp.Compare(y.ID, x.ID) }}
	}
	// A row-value comparison is what both planners turn into one index range.
	return listOrder{"r.sort_key, r.contact_id",
		func(a *args, c Cursor) string {
			return "(r.sort_key, r.contact_id) > (" + a.add(c.SortKey) + ", " + a.add(c.ID) + ")"
		},
		byName}
}

// ListContacts returns up to limit contacts visible to the scope that match f, in the order f.Sort names,
// starting after cursor (zero cursor: from the start). Each scope root is one index range over
// contact_reach; results of several roots are merged.
func (q *Q) ListContacts(ctx context.Context, s access.Scope, f domain.ContactFilter, after Cursor, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	roots, err := q.listRoots(ctx, s, f.UnitID)
	if err != nil {
		return nil, err
	}
	order := orderOf(f.Sort)
	var all []domain.ContactSummary
	for _, root := range roots {
		var a args
		cols := summaryCols(&a, today)
		from, where := reachRangeSQL(&a, root)
		if after.ID != 0 {
			where += " AND " + order.after(&a, after)
		}
		where += filterSQL(&a, f, today)
		page, err := scanSummaries(q, ctx, `SELECT `+cols+` FROM `+from+summaryJoins+` WHERE `+where+
			` ORDER BY `+order.orderBy+` LIMIT `+a.add(limit), &a)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	return mergeSorted(all, limit, order.less), nil
}

// mergeByKey orders summaries by (sort key, id), drops duplicates (a contact reached through two roots) and
// keeps the first limit.
func mergeByKey(all []domain.ContactSummary, limit int) []domain.ContactSummary {
	return mergeSorted(all, limit, orderOf("name").less)
}

func mergeSorted(all []domain.ContactSummary, limit int, less func(x, y domain.ContactSummary) int) []domain.ContactSummary {
	slices.SortFunc(all, less)
	all = slices.CompactFunc(all, func(x, y domain.ContactSummary) bool { return x.ID == y.ID })
	if len(all) > limit {
		all = all[:limit]
	}
	return all
}

// CountContacts counts the visible contacts matching f, stopping at limit when limit > 0 (lists show
// "10,000+" rather than wait for an exact count).
func (q *Q) CountContacts(ctx context.Context, s access.Scope, f domain.ContactFilter, limit int, today domain.Date) (int, error) {
	roots, err := q.listRoots(ctx, s, f.UnitID)
	if err != nil || len(roots) == 0 {
		return 0, err
	}
	if len(roots) == 1 && f.Plain() {
		return q.countReach(ctx, roots[0], limit)
	}
	var a args
	var inner string
	if len(roots) == 1 {
		from, where := reachRangeSQL(&a, roots[0])
		inner = `SELECT r.contact_id FROM ` + from + ` LEFT JOIN memberships m ON m.id = c.current_membership_id WHERE ` +
			where + filterSQL(&a, f, today)
	} else {
		inner = `SELECT DISTINCT r.contact_id FROM contact_reach r JOIN contacts c ON c.id = r.contact_id
			LEFT JOIN memberships m ON m.id = c.current_membership_id WHERE r.unit_id IN ` + a.in(roots) + filterSQL(&a, f, today)
	}
	if limit > 0 {
		inner += " LIMIT " + a.add(limit)
	}
	var n int
	err = q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+inner+`) x`, a.list...).Scan(&n)
	return n, q.wrapNil(err, "count contacts")
}

// countReach counts the live contacts under one root without touching the contacts table: the reach rows of
// the root (an index-only count) minus the trashed contacts among them (found through the small partial index
// on trashed contacts).
func (q *Q) countReach(ctx context.Context, root int64, limit int) (int, error) {
	var trashed int
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts c JOIN contact_reach r ON r.contact_id = c.id
		AND r.unit_id = $1 WHERE c.deleted_at IS NOT NULL`, root).Scan(&trashed); err != nil {
		return 0, q.wrap(err, "count trashed")
	}
	query, args := `SELECT COUNT(*) FROM contact_reach WHERE unit_id = $1`, []any{root}
	if limit > 0 {
		query = `SELECT COUNT(*) FROM (SELECT 1 FROM contact_reach WHERE unit_id = $1 LIMIT $2) x`
		args = append(args, limit+trashed)
	}
	var n int
	if err := q.db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, q.wrap(err, "count reach")
	}
	n -= trashed
	if limit > 0 && n > limit {
		n = limit
	}
	return n, nil
}

// CursorOf returns the list position of a visible contact, for "after this id" pagination without putting
// names into URLs.
func (q *Q) CursorOf(ctx context.Context, s access.Scope, id int64) (Cursor, error) {
	var a args
	idp := a.add(id)
	var cur Cursor
	ok, err := one(q.db.QueryRowContext(ctx, `SELECT c.sort_key, c.id FROM contacts c WHERE c.id = `+idp+
		` AND `+visibleSQL(&a, "c", s, access.ReadContacts), a.list...), &cur.SortKey, &cur.ID)
	if err == nil && !ok {
		err = domain.ErrNotFound
	}
	return cur, err
}
