package access

import (
	"slices"
	"time"
)

// GrantedUnit is one live grant as scope resolution needs it: the role and the unit with its ancestors.
type GrantedUnit struct {
	Role      string
	UnitID    int64
	UnitName  string
	Ancestors []int64 // ancestor ids of UnitID, excluding itself
}

// Scope is, per capability, the minimal set of units whose subtrees the capability covers. A unit under a
// root is never itself a root, so lists can walk each root's subtree without duplicates from nesting.
type Scope struct {
	roots map[Capability][]int64
}

// NewScope builds the scope of a set of live grants.
func NewScope(grants []GrantedUnit) Scope {
	s := Scope{roots: map[Capability][]int64{}}
	for _, c := range AllCapabilities() {
		var cand []GrantedUnit
		for _, g := range grants {
			if slices.Contains(Capabilities(g.Role), c) {
				cand = append(cand, g)
			}
		}
		units := map[int64]bool{}
		for _, g := range cand {
			units[g.UnitID] = true
		}
		var roots []int64
		for _, g := range cand {
			covered := false
			for _, a := range g.Ancestors {
				if units[a] {
					covered = true
					break
				}
			}
			if !covered && !slices.Contains(roots, g.UnitID) {
				roots = append(roots, g.UnitID)
			}
		}
		slices.Sort(roots)
		s.roots[c] = roots
	}
	return s
}

// FullScope gives every capability on the given root units: the scope of the system actor.
func FullScope(rootUnits []int64) Scope {
	s := Scope{roots: map[Capability][]int64{}}
	for _, c := range AllCapabilities() {
		s.roots[c] = slices.Clone(rootUnits)
	}
	return s
}

// Roots returns the root units of capability c (possibly none).
func (s Scope) Roots(c Capability) []int64 { return s.roots[c] }

// Has reports whether c applies anywhere.
func (s Scope) Has(c Capability) bool { return len(s.roots[c]) > 0 }

// Covers reports whether c applies to a unit given the unit's id and its ancestors.
func (s Scope) Covers(c Capability, unitID int64, ancestors []int64) bool {
	for _, r := range s.roots[c] {
		if r == unitID || slices.Contains(ancestors, r) {
			return true
		}
	}
	return false
}

// CoversStrictlyBelow reports whether c applies to a unit through a grant on one of its ancestors (not on the
// unit itself): unit admins manage the units below their own.
func (s Scope) CoversStrictlyBelow(c Capability, ancestors []int64) bool {
	for _, r := range s.roots[c] {
		if slices.Contains(ancestors, r) {
			return true
		}
	}
	return false
}

// Actor is who performs an action: a signed-in user, or the system for background work and the operator CLI.
type Actor struct {
	UserID   int64 // 0 for the system actor
	Name     string
	Email    string
	Language string // the user's UI language
	Scope    Scope
	Grants   []GrantedUnit
	At       time.Time // when the scope was resolved

	// Gates: while set, the scope is empty and front ends lead the user to accept the data-protection pledge
	// or to enrol a second factor.
	PledgeRequired    bool
	EnrolmentRequired bool
}

// IsSystem reports whether the actor is the system actor.
func (a *Actor) IsSystem() bool { return a.UserID == 0 }

// Label is how the audit trail names the actor.
func (a *Actor) Label() string {
	if a.IsSystem() {
		return "system: " + a.Name
	}
	return a.Email
}

// ReadOnlyScope covers reading contacts under the given roots and nothing else: a narrowed view for scans
// within part of a user's scope.
func ReadOnlyScope(roots []int64) Scope {
	return Scope{roots: map[Capability][]int64{ReadContacts: slices.Clone(roots)}}
}
