package ui

import (
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// countedUnit is a unit of the tree with its contacts and members in good standing, as the server last
// counted them in the background.
type countedUnit struct {
	treeUnit
	Count   domain.UnitCount
	Counted bool // false for a unit added since the last count
	OwnAsOf bool // counted at another time than the page's "as of"
}

// withCounts joins the counts to the tree and returns the time of the newest count, which the page shows
// once; a unit counted at another time says so itself.
func withCounts(units []treeUnit, counts map[int64]domain.UnitCount) ([]countedUnit, time.Time) {
	var asOf time.Time
	for _, c := range counts {
		if c.ComputedAt.After(asOf) {
			asOf = c.ComputedAt
		}
	}
	out := make([]countedUnit, len(units))
	for i, x := range units {
		c, ok := counts[x.ID]
		out[i] = countedUnit{treeUnit: x, Count: c, Counted: ok, OwnAsOf: ok && !c.ComputedAt.Equal(asOf)}
	}
	return out, asOf
}
