package store

import (
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
)

// This file is the one place that turns an actor's scope into SQL. Every query on contact data calls one of
// these functions; the randomized access test compares their results with a brute-force oracle.
//
// A contact is visible when its home unit or one of its secondary affiliations lies in a subtree rooted at a
// unit of the scope's ReadContacts roots. contact_reach holds, per contact, every unit at or above those units,
// so "visible" is "has a reach row on one of the roots".

// visibleSQL returns a predicate that is true when the contact c (by alias) is visible to scope for capability
// cap. With no roots it is false.
func visibleSQL(a *args, contactAlias string, s access.Scope, c access.Capability) string {
	return visibleIDSQL(a, contactAlias+".id", s, c)
}

// visibleEachSQL is visibleSQL as a check made row by row: a scalar subquery that the planner keeps as a filter
// on the rows of another index walked in name order (the given-name index, until enough are found). The EXISTS
// of visibleSQL may become a join that first reads every contact of the scope, which PostgreSQL's generic plans
// choose when they take a frequent given name for a rare one.
func visibleEachSQL(a *args, contactAlias string, s access.Scope, c access.Capability) string {
	roots := s.Roots(c)
	if len(roots) == 0 {
		return "1 = 0"
	}
	return "(SELECT 1 FROM contact_reach vis WHERE vis.contact_id = " + contactAlias + ".id AND vis.unit_id IN " +
		a.in(roots) + " LIMIT 1) IS NOT NULL"
}

// visibleIDSQL is visibleSQL for the contact whose id is the SQL expression id, for rows that refer to a
// contact without joining it (audit entries).
func visibleIDSQL(a *args, id string, s access.Scope, c access.Capability) string {
	roots := s.Roots(c)
	if len(roots) == 0 {
		return "1 = 0"
	}
	return "EXISTS (SELECT 1 FROM contact_reach vis WHERE vis.contact_id = " + id + " AND vis.unit_id IN " +
		a.in(roots) + ")"
}

// homeInScopeSQL returns a predicate that is true when the contact's home unit lies in the scope of cap: the
// condition for editing it. Secondary affiliations give sight, not ownership.
func homeInScopeSQL(a *args, contactAlias string, s access.Scope, c access.Capability) string {
	roots := s.Roots(c)
	if len(roots) == 0 {
		return "1 = 0"
	}
	return "EXISTS (SELECT 1 FROM unit_closure hs WHERE hs.descendant_id = " + contactAlias +
		".home_unit_id AND hs.ancestor_id IN " + a.in(roots) + ")"
}

// listRoots narrows the scope's read roots to a unit filter: the filter unit itself when it lies inside the
// scope, the scope roots inside the filter unit's subtree when it lies above them, nothing otherwise.
func (q *Q) listRoots(ctx context.Context, s access.Scope, unit int64) ([]int64, error) {
	roots := s.Roots(access.ReadContacts)
	if unit == 0 || len(roots) == 0 {
		return roots, nil
	}
	inside, err := q.IsUnder(ctx, unit, roots)
	if err != nil || inside {
		return []int64{unit}, err
	}
	var a args
	u := a.add(unit)
	rows, err := q.query(ctx, `SELECT descendant_id FROM unit_closure WHERE ancestor_id = `+u+
		` AND descendant_id IN `+a.in(roots), a.list...)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	slices.Sort(ids)
	return ids, err
}

// reachRangeSQL returns the FROM and WHERE parts that walk the contacts reachable from one scope root in sort
// order (alias r for contact_reach, c for contacts). root must come from listRoots.
func reachRangeSQL(a *args, root int64) (from, where string) {
	return "contact_reach r JOIN contacts c ON c.id = r.contact_id", "r.unit_id = " + a.add(root)
}

// scopePredicate is the condition for acting on contact c with capability cap: visibility for reading and
// for exporting (a file holds what its reader sees), the home unit in scope for everything else.
func scopePredicate(a *args, contactAlias string, s access.Scope, c access.Capability) string {
	if c == access.ReadContacts || c == access.ExportContacts {
		return visibleSQL(a, contactAlias, s, c)
	}
	return homeInScopeSQL(a, contactAlias, s, c)
}

// ReadScopeWithin narrows a scope to one unit's subtree for reading: what the actor may see there and nothing
// else (no other capability). unit 0 keeps the read roots as they are.
func (q *Q) ReadScopeWithin(ctx context.Context, s access.Scope, unit int64) (access.Scope, error) {
	roots, err := q.listRoots(ctx, s, unit)
	if err != nil {
		return access.Scope{}, err
	}
	return access.ReadOnlyScope(roots), nil
}
