package service

import (
	"context"
	"errors"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// UnitByRef finds the unit an operator names on the command line: by official code or, when no unit has
// that code, by id. Codes come first because official codes such as "09" (Bayern) or "06037" are digits
// too; which unit a reference names does not depend on the actor. A unit outside the actor's scope is not
// found, like one that does not exist.
func (s *Service) UnitByRef(ctx context.Context, a *access.Actor, ref string) (domain.Unit, error) {
	q := s.st.Read()
	u, err := q.UnitByCode(ctx, ref)
	if errors.Is(err, domain.ErrNotFound) {
		if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil && id > 0 {
			u, err = q.Unit(ctx, id)
		}
	}
	if err != nil {
		return domain.Unit{}, err
	}
	return s.Unit(ctx, a, u.ID)
}
