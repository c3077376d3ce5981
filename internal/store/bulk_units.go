package store

import (
	"context"
	"fmt"
)

// NewUnit is one unit of a tree import, referring to its parent by official code.
type NewUnit struct {
	Code, ParentCode, Name, Kind string
}

// NewPostalCode maps a postal code to a unit of a tree import by the unit's code.
type NewPostalCode struct {
	PostalCode, UnitCode, Place string
}

// BulkInsertUnits imports a unit tree (parents before children; a unit without parent code becomes a child
// of attachTo, or a root when attachTo is 0) with its postal-code mappings in one transaction, and records one
// audit entry. It returns the new ids by code.
func (s *Store) BulkInsertUnits(ctx context.Context, units []NewUnit, codes []NewPostalCode, attachTo int64, actorLabel string) (map[string]int64, error) {
	var base []int64 // ancestors-or-self of attachTo
	if attachTo != 0 {
		rows, err := s.read.QueryContext(ctx, `SELECT ancestor_id FROM unit_closure WHERE descendant_id = $1 ORDER BY depth`, attachTo)
		if err != nil {
			return nil, err
		}
		if base, err = scanIDs(rows); err != nil {
			return nil, err
		}
		if len(base) == 0 {
			return nil, fmt.Errorf("unit %d does not exist", attachTo)
		}
	}
	if len(units) == 0 {
		return nil, fmt.Errorf("no units to import")
	}
	ids := map[string]int64{}
	err := s.withBulk(ctx, func(bw bulkWriter) error {
		var next int64
		if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM units`).Scan(&next); err != nil {
			return err
		}
		now := s.d.bulkTime(s.Now())
		anc := map[string][]int64{} // code → ancestors-or-self, nearest first
		var unitRows, closureRows, postalRows [][]any
		for _, u := range units {
			if u.Code == "" || ids[u.Code] != 0 {
				return fmt.Errorf("unit %q: code missing or repeated", u.Name)
			}
			id := next
			next++
			ids[u.Code] = id
			var parent any
			chain := []int64{id}
			if u.ParentCode == "" {
				chain = append(chain, base...)
				if attachTo != 0 {
					parent = attachTo
				}
			} else {
				pa, ok := anc[u.ParentCode]
				if !ok {
					return fmt.Errorf("unit %q: parent %q comes later or is missing", u.Code, u.ParentCode)
				}
				parent = pa[0]
				chain = append(chain, pa...)
			}
			anc[u.Code] = chain
			depth := len(chain) - 1
			unitRows = append(unitRows, []any{id, parent, u.Name, u.Kind, u.Code, depth, now, now})
			for d, a := range chain {
				closureRows = append(closureRows, []any{a, id, d})
			}
		}
		for _, pc := range codes {
			id, ok := ids[pc.UnitCode]
			if !ok {
				return fmt.Errorf("postal code %s: unknown unit code %q", pc.PostalCode, pc.UnitCode)
			}
			postalRows = append(postalRows, []any{pc.PostalCode, id, pc.Place})
		}
		if err := bw.copy(ctx, "units", []string{"id", "parent_id", "name", "kind", "code", "depth", "created_at", "updated_at"}, unitRows); err != nil {
			return err
		}
		if err := bw.copy(ctx, "unit_closure", []string{"ancestor_id", "descendant_id", "depth"}, closureRows); err != nil {
			return err
		}
		if err := bw.copy(ctx, "postal_codes", []string{"postal_code", "unit_id", "place"}, postalRows); err != nil {
			return err
		}
		if err := s.d.syncSequences(ctx, bw.q(), "units"); err != nil {
			return err
		}
		changes := fmt.Sprintf(`{"units": {"old": 0, "new": %d}, "postal_codes": {"old": 0, "new": %d}}`, len(unitRows), len(postalRows))
		first := unitRows[0][0]
		return bw.copy(ctx, "audit_log", []string{"at", "actor_label", "action", "entity_type", "entity_id", "unit_id", "changes"},
			[][]any{{now, actorLabel, "unit.import", "unit", first, first, changes}})
	})
	return ids, err
}
