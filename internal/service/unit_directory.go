package service

import (
	"context"

	"github.com/roster-crm/roster/internal/domain"
)

// UnitDirectory lists every active unit, parents first, for the one form that people without an account
// fill in: an access request names the unit it is for. Unit names and the shape of the tree are structure,
// not personal data (see UnitPath); no contact, count or grant comes with them.
func (s *Service) UnitDirectory(ctx context.Context) ([]domain.Unit, error) {
	q := s.st.Read()
	roots, err := q.RootUnits(ctx)
	if err != nil {
		return nil, err
	}
	l, err := q.UnitsUnder(ctx, roots, false)
	if l == nil {
		l = []domain.Unit{}
	}
	return l, err
}
