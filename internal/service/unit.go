package service

import (
	"context"
	"errors"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Units lists the units an actor works with: every unit in the subtrees of its grants (any role), parents
// first. Archived units are included when asked.
func (s *Service) Units(ctx context.Context, a *access.Actor, includeArchived bool) ([]domain.Unit, error) {
	l, err := s.st.Read().UnitsUnder(ctx, a.Scope.Roots(access.ReadContacts), includeArchived)
	if l == nil {
		l = []domain.Unit{}
	}
	return l, err
}

// Unit returns a unit in the actor's scope, or ErrNotFound.
func (s *Service) Unit(ctx context.Context, a *access.Actor, id int64) (domain.Unit, error) {
	q := s.st.Read()
	ok, err := q.IsUnder(ctx, id, a.Scope.Roots(access.ReadContacts))
	if err != nil {
		return domain.Unit{}, err
	}
	if !ok {
		return domain.Unit{}, domain.ErrNotFound
	}
	return q.Unit(ctx, id)
}

// UnitPath returns the unit and its ancestors, root first, for breadcrumbs; ancestors above the actor's
// scope are included because unit names are structure, not personal data.
func (s *Service) UnitPath(ctx context.Context, a *access.Actor, id int64) ([]domain.Unit, error) {
	if _, err := s.Unit(ctx, a, id); err != nil {
		return nil, err
	}
	return s.st.Read().UnitPath(ctx, id)
}

// canManageBelow reports whether the actor manages unit u: admins manage the units strictly below their own;
// the system actor manages all.
func canManageBelow(a *access.Actor, u domain.Unit, ancestors []int64) bool {
	return a.IsSystem() || a.Scope.CoversStrictlyBelow(access.ManageUnits, ancestors)
}

func validateUnit(u *domain.Unit) error {
	var p domain.Problems
	u.Name = text(&p, "name", u.Name, maxShort, true)
	u.Kind = text(&p, "kind", u.Kind, 50, false)
	u.Code = text(&p, "code", u.Code, 32, false)
	return p.Err()
}

// CreateUnit adds a unit. Admins add units below their own unit or below any unit under it; only the system
// actor creates roots.
func (s *Service) CreateUnit(ctx context.Context, a *access.Actor, in domain.UnitInput) (domain.Unit, error) {
	var u domain.Unit
	if in.ParentID != nil {
		u.ParentID = *in.ParentID
	}
	if in.Name != nil {
		u.Name = *in.Name
	}
	if in.Kind != nil {
		u.Kind = *in.Kind
	}
	if in.Code != nil {
		u.Code = *in.Code
	}
	if err := validateUnit(&u); err != nil {
		return u, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		if u.ParentID == 0 {
			if !a.IsSystem() {
				return domain.Invalid("parent_id", "required")
			}
		} else {
			parent, err := q.Unit(ctx, u.ParentID)
			if errors.Is(err, domain.ErrNotFound) {
				return domain.Invalid("parent_id", "unknown_unit")
			} else if err != nil {
				return err
			}
			if parent.ArchivedAt != nil {
				return domain.Invalid("parent_id", "archived_unit")
			}
			ok, err := q.IsUnder(ctx, parent.ID, a.Scope.Roots(access.ManageUnits))
			if err != nil {
				return err
			}
			if !ok {
				return domain.Invalid("parent_id", "unit_out_of_scope")
			}
		}
		var err error
		if u, err = q.CreateUnit(ctx, u); err != nil {
			return uniqueToField(err, "code")
		}
		return audit(ctx, q, a, "unit.create", "unit", u.ID, 0, u.ID, map[string]domain.Change{
			"name": {Old: "", New: u.Name}, "kind": {Old: "", New: u.Kind}, "code": {Old: "", New: u.Code},
			"parent_id": {Old: nil, New: u.ParentID}})
	})
	return u, err
}

// UpdateUnit renames a unit, changes its kind or code, or moves it with its subtree to a new parent.
func (s *Service) UpdateUnit(ctx context.Context, a *access.Actor, id int64, in domain.UnitInput) (domain.Unit, error) {
	var u domain.Unit
	err := s.st.Write(ctx, func(q *store.Q) error {
		prev, anc, err := s.managedUnit(ctx, q, a, id)
		if err != nil {
			return err
		}
		u = prev
		if in.Name != nil {
			u.Name = *in.Name
		}
		if in.Kind != nil {
			u.Kind = *in.Kind
		}
		if in.Code != nil {
			u.Code = *in.Code
		}
		if err := validateUnit(&u); err != nil {
			return err
		}
		changes := map[string]domain.Change{}
		domain.Diff(changes, "name", prev.Name, u.Name)
		domain.Diff(changes, "kind", prev.Kind, u.Kind)
		domain.Diff(changes, "code", prev.Code, u.Code)
		if err := q.UpdateUnit(ctx, u); err != nil {
			return uniqueToField(err, "code")
		}
		if in.ParentID != nil && *in.ParentID != prev.ParentID {
			if err := s.moveUnit(ctx, q, a, prev, anc, *in.ParentID); err != nil {
				return err
			}
			domain.Diff(changes, "parent_id", prev.ParentID, *in.ParentID)
			if u, err = q.Unit(ctx, id); err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return audit(ctx, q, a, "unit.update", "unit", id, 0, id, changes)
	})
	return u, err
}

// managedUnit loads a unit the actor manages: ErrNotFound when out of sight, ErrForbidden when visible but
// not manageable (an admin's own unit, or no admin grant).
func (s *Service) managedUnit(ctx context.Context, q *store.Q, a *access.Actor, id int64) (domain.Unit, []int64, error) {
	u, err := q.Unit(ctx, id)
	if err != nil {
		return u, nil, err
	}
	anc, err := q.Ancestors(ctx, id)
	if err != nil {
		return u, nil, err
	}
	if !canManageBelow(a, u, anc) {
		if a.IsSystem() || a.Scope.Covers(access.ReadContacts, id, anc) {
			return u, anc, domain.ErrForbidden
		}
		return u, anc, domain.ErrNotFound
	}
	return u, anc, nil
}

func (s *Service) moveUnit(ctx context.Context, q *store.Q, a *access.Actor, u domain.Unit, anc []int64, newParent int64) error {
	if newParent == 0 {
		return domain.Invalid("parent_id", "required")
	}
	parent, err := q.Unit(ctx, newParent)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invalid("parent_id", "unknown_unit")
	} else if err != nil {
		return err
	}
	inside, err := q.IsUnder(ctx, parent.ID, []int64{u.ID})
	if err != nil {
		return err
	}
	if inside {
		return domain.Invalid("parent_id", "move_into_own_subtree")
	}
	if parent.ArchivedAt != nil {
		return domain.Invalid("parent_id", "archived_unit")
	}
	ok, err := q.IsUnder(ctx, parent.ID, a.Scope.Roots(access.ManageUnits))
	if err != nil {
		return err
	}
	if !ok && !a.IsSystem() {
		return domain.Invalid("parent_id", "unit_out_of_scope")
	}
	return q.MoveUnit(ctx, u.ID, parent.ID)
}

// ArchiveUnit retires a unit that no live contact calls home and that has no active children; restore=true
// brings it back.
func (s *Service) ArchiveUnit(ctx context.Context, a *access.Actor, id int64, restore bool) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		u, _, err := s.managedUnit(ctx, q, a, id)
		if err != nil {
			return err
		}
		if (u.ArchivedAt == nil) == restore {
			return nil
		}
		if !restore {
			contacts, children, err := q.UnitUsage(ctx, id)
			if err != nil {
				return err
			}
			if contacts > 0 {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "unit", Code: "unit_has_contacts", Param: strconv.Itoa(contacts)}}}
			}
			if children > 0 {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "unit", Code: "unit_has_children", Param: strconv.Itoa(children)}}}
			}
		}
		if err := q.ArchiveUnit(ctx, id, !restore); err != nil {
			return err
		}
		action := "unit.archive"
		if restore {
			action = "unit.restore"
		}
		return audit(ctx, q, a, action, "unit", id, 0, id, nil)
	})
}

// AddPostalCodes maps postal codes to a unit the actor manages (its own unit included).
func (s *Service) AddPostalCodes(ctx context.Context, a *access.Actor, unitID int64, ms []domain.PostalMapping) error {
	var p domain.Problems
	for i := range ms {
		ms[i].UnitID = unitID
		ms[i].PostalCode = text(&p, "postal_codes."+strconv.Itoa(i)+".postal_code", ms[i].PostalCode, 16, true)
		ms[i].Place = text(&p, "postal_codes."+strconv.Itoa(i)+".place", ms[i].Place, maxShort, false)
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.IsUnder(ctx, unitID, a.Scope.Roots(access.ManageUnits))
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		if err := q.AddPostalCodes(ctx, ms); err != nil {
			return err
		}
		codes := []string{}
		for _, m := range ms {
			codes = append(codes, m.PostalCode)
		}
		return audit(ctx, q, a, "unit.postal_codes", "unit", unitID, 0, unitID,
			map[string]domain.Change{"postal_codes": {Old: nil, New: codes}})
	})
}

// UnitPostalCodes lists the postal codes mapped to a unit in the actor's scope.
func (s *Service) UnitPostalCodes(ctx context.Context, a *access.Actor, unitID int64) ([]domain.PostalMapping, error) {
	if _, err := s.Unit(ctx, a, unitID); err != nil {
		return nil, err
	}
	l, err := s.st.Read().UnitPostalCodes(ctx, unitID)
	if l == nil {
		l = []domain.PostalMapping{}
	}
	return l, err
}

// HomeUnitPath returns the path from the root to a visible contact's home unit. It may lie outside the
// actor's scope (the contact is visible through an affiliation); unit names are structure, not personal data.
func (s *Service) HomeUnitPath(ctx context.Context, a *access.Actor, contactID int64) ([]domain.Unit, error) {
	q := s.st.Read()
	c, err := q.Contact(ctx, a.Scope, access.ReadContacts, contactID)
	if err != nil {
		return nil, err
	}
	return q.UnitPath(ctx, c.HomeUnit.ID)
}
