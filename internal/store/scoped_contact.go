package store

import (
	"context"
	"errors"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// This file is the write side of scope.go. A write of contact data never takes a bare contact id: it takes a
// ScopedContact (or ScopedIDs for many contacts), which only a scoped read inside the same write transaction
// can make. So a write cannot skip the scope check, as a query cannot leave out gitea's
// AccessibleRepositoryCondition, and the check cannot be stale: a value read in one transaction (or on the
// reader pool) is refused by the writes of another. On PostgreSQL the scoped read also locks the contact
// rows until the transaction ends, so that no concurrent change moves them out of scope between the check
// and the write; SQLite's single writer with immediate transactions gives the same.

// ScopedContact is a contact that a scoped read found within an actor's reach for one capability, in the
// write transaction that will change it.
type ScopedContact struct {
	q     *Q
	id    int64
	cap   access.Capability
	scope access.Scope
	c     *domain.Contact
}

// ID is the contact's id.
func (sc *ScopedContact) ID() int64 { return sc.id }

// Contact is the contact as read, or as last written through sc. Callers clone it before changing it; the
// writes use sc's own id, never the record's.
func (sc *ScopedContact) Contact() *domain.Contact { return sc.c }

// ScopedIDs is a set of contacts that a scoped query found within an actor's reach for one capability, in the
// write transaction that will change them: ScopedContact for many contacts at once, without their records.
type ScopedIDs struct {
	q   *Q
	cap access.Capability
	ids []int64 // ascending
}

// IDs lists the contacts of the set, ascending.
func (s *ScopedIDs) IDs() []int64 { return slices.Clone(s.ids) }

// Has reports whether id belongs to the set.
func (s *ScopedIDs) Has(id int64) bool {
	_, ok := slices.BinarySearch(s.ids, id)
	return ok
}

// Only returns the subset of the set that ids name; it stays scoped, as a part of what was checked.
func (s *ScopedIDs) Only(ids []int64) *ScopedIDs {
	out := &ScopedIDs{q: s.q, cap: s.cap}
	for _, id := range ids {
		if s.Has(id) {
			out.ids = append(out.ids, id)
		}
	}
	slices.Sort(out.ids)
	out.ids = slices.Compact(out.ids)
	return out
}

// errUnscoped is a programming error, never caused by input: a write of contact data was handed no scoped
// value, or one made in another transaction or for another capability.
var errUnscoped = errors.New("store: contact write without a scoped read in its transaction")

// errNotInWrite refuses a scoped read for a write outside a write transaction: it would check nothing.
var errNotInWrite = errors.New("store: scoped reads for a write belong inside the write transaction")

// ContactInScope reads contact id with its lists for a change, if cap of scope reaches it (visible for
// ReadContacts, home unit in scope for any other capability); otherwise ErrNotFound. Trashed contacts are
// returned with DeletedAt set.
func (q *Q) ContactInScope(ctx context.Context, s access.Scope, cap access.Capability, id int64) (*ScopedContact, error) {
	if !q.tx {
		return nil, errNotInWrite
	}
	c, err := q.contact(ctx, s, cap, id, q.d.lockRows("c"))
	if err != nil {
		return nil, err
	}
	return &ScopedContact{q: q, id: id, cap: cap, scope: s, c: c}, nil
}

// IDsInScope returns the set of those ids that cap of scope reaches; the others are left out.
func (q *Q) IDsInScope(ctx context.Context, s access.Scope, cap access.Capability, ids []int64) (*ScopedIDs, error) {
	if !q.tx {
		return nil, errNotInWrite
	}
	set := &ScopedIDs{q: q, cap: cap}
	for start := 0; start < len(ids); start += 1000 {
		var a args
		in := a.in(ids[start:min(start+1000, len(ids))])
		rows, err := q.query(ctx, `SELECT c.id FROM contacts c WHERE c.id IN `+in+` AND `+
			scopePredicate(&a, "c", s, cap)+` ORDER BY c.id`+q.d.lockRows("c"), a.list...)
		if err != nil {
			return nil, err
		}
		found, err := scanIDs(rows)
		if err != nil {
			return nil, err
		}
		set.ids = append(set.ids, found...)
	}
	slices.Sort(set.ids)
	set.ids = slices.Compact(set.ids)
	return set, nil
}

// scoped returns the id of sc after checking that it was made in this transaction for one of caps (for any
// capability when none is given).
func (q *Q) scoped(sc *ScopedContact, caps ...access.Capability) (int64, error) {
	if sc == nil || sc.q != q || len(caps) > 0 && !slices.Contains(caps, sc.cap) {
		return 0, errUnscoped
	}
	return sc.id, nil
}

// scopedSet returns the ids of set after checking that it was made in this transaction for cap.
func (q *Q) scopedSet(set *ScopedIDs, cap access.Capability) ([]int64, error) {
	if set == nil || set.q != q || set.cap != cap {
		return nil, errUnscoped
	}
	return set.ids, nil
}
