package service

import (
	"context"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// Unavailable reports whether err, returned by any function of the service, means that the database could not
// be reached or did not answer in time, rather than that the request was wrong or the code failed. The front
// ends ask it for errors that are not domain errors: such a request may succeed when it is tried again.
func (s *Service) Unavailable(err error) bool { return s.st.Unavailable(err) }

// Readiness checks that the database answers within ctx's deadline and reports its schema version next to
// the one this binary needs, for readiness probes.
func (s *Service) Readiness(ctx context.Context) (store.SchemaStatus, error) {
	return s.st.Readiness(ctx)
}

// ImportCounts sums up all import batches for the operator's monitoring. It takes no actor: the result is
// numbers of the whole installation, no records, and it is served only to whoever holds the metrics
// endpoint.
func (s *Service) ImportCounts(ctx context.Context) (domain.ImportCounts, error) {
	return s.st.Read().ImportCounts(ctx)
}
