package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// What the demo generator needs beyond the use cases: facts about the whole database, for the system actor
// only.

// CountAllUnits counts every unit of the database: the demo is set up only in an empty one.
func (s *Service) CountAllUnits(ctx context.Context, a *access.Actor) (int, error) {
	if !a.IsSystem() {
		return 0, domain.ErrForbidden
	}
	return s.st.Read().CountUnits(ctx)
}

// LastContactID is the highest contact id: generated member numbers continue after it.
func (s *Service) LastContactID(ctx context.Context, a *access.Actor) (int64, error) {
	if !a.IsSystem() {
		return 0, domain.ErrForbidden
	}
	return s.st.Read().MaxContactID(ctx)
}

// SampleContacts returns up to n live persons with an e-mail address spread over the database, for files
// that match existing contacts (the demo import file, the benchmark).
func (s *Service) SampleContacts(ctx context.Context, a *access.Actor, n int) ([]store.SampledContact, error) {
	if !a.IsSystem() {
		return nil, domain.ErrForbidden
	}
	return s.st.Read().SampleContacts(ctx, n)
}
