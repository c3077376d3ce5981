package service

import (
	"context"
	"fmt"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// ImportUnitTree loads a whole unit tree with postal codes in one transaction: the set-up of a new
// organization. Only the system actor may do it.
func (s *Service) ImportUnitTree(ctx context.Context, a *access.Actor, units []store.NewUnit, codes []store.NewPostalCode) (map[string]int64, error) {
	if !a.IsSystem() {
		return nil, domain.ErrForbidden
	}
	for _, u := range units {
		x := domain.Unit{Name: u.Name, Kind: u.Kind, Code: u.Code}
		if err := validateUnit(&x); err != nil {
			return nil, fmt.Errorf("unit %s: %w", u.Code, err)
		}
	}
	return s.st.BulkInsertUnits(ctx, units, codes, 0, a.Label())
}

// BulkAddContacts adds many validated contacts at once (demo data, benchmarks). Every contact must have a
// home unit in the actor's write scope.
func (s *Service) BulkAddContacts(ctx context.Context, a *access.Actor, batch []store.NewContact) ([]int64, error) {
	roots := a.Scope.Roots(access.WriteContacts)
	q := s.st.Read()
	allowed := map[int64]bool{}
	today := s.Today()
	types := map[int64]domain.MembershipType{}
	ts, err := q.MembershipTypes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		types[t.ID] = t
	}
	for i := range batch {
		c := &batch[i].Contact
		if _, err := normalizeContact(c, "", today); err != nil {
			return nil, fmt.Errorf("contact %d (%s): %w", i, c.DisplayName, err)
		}
		c.DeriveNames("")
		ok, seen := allowed[c.HomeUnit.ID]
		if !seen {
			if ok, err = q.IsUnder(ctx, c.HomeUnit.ID, roots); err != nil {
				return nil, err
			}
			allowed[c.HomeUnit.ID] = ok
		}
		if !ok {
			return nil, fmt.Errorf("contact %d: %w", i, domain.Invalid("home_unit_id", "unit_out_of_scope"))
		}
		for j := range batch[i].Memberships {
			m := &batch[i].Memberships[j]
			t, ok := types[m.TypeID]
			if !ok {
				return nil, fmt.Errorf("contact %d: %w", i, domain.Invalid("type_id", "unknown_type"))
			}
			m.Derive(t)
		}
	}
	return s.st.BulkInsertContacts(ctx, batch, domain.AuditEntry{ActorName: a.Label(), Action: "contact.bulk_create", EntityType: "contact"})
}

// Setting and SetSetting read and write organization settings (name, country).
func (s *Service) Setting(ctx context.Context, key string) (string, error) {
	return s.st.Read().Setting(ctx, key)
}

// SetSetting writes an organization setting; the system actor only.
func (s *Service) SetSetting(ctx context.Context, a *access.Actor, key, value string) error {
	if !a.IsSystem() {
		return domain.ErrForbidden
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		old, err := q.Setting(ctx, key)
		if err != nil {
			return err
		}
		if err := q.SetSetting(ctx, key, value); err != nil {
			return err
		}
		return audit(ctx, q, a, "setting.update", "setting", 0, 0, 0, map[string]domain.Change{key: {Old: old, New: value}})
	})
}

// PostalDirectory lists all postal-code mappings (structure, not personal data).
func (s *Service) PostalDirectory(ctx context.Context) ([]store.PostalEntry, error) {
	return s.st.Read().PostalDirectory(ctx)
}

// BeginBulkLoad drops the non-unique contact indexes before a large bulk load; end rebuilds them. Queries
// stay correct in between, only slower. One bulk load runs at a time; if its process dies, the periodic
// clean-up rebuilds the indexes once the load's hold on them has expired. The system actor only.
func (s *Service) BeginBulkLoad(ctx context.Context, a *access.Actor) (end func(context.Context) error, err error) {
	if !a.IsSystem() {
		return nil, domain.ErrForbidden
	}
	return s.st.BeginBulkLoad(ctx)
}
