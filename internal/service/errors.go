package service

import "github.com/roster-crm/roster/internal/domain"

// KindOf says what kind of failure err is, for the front ends to answer: the domain's kinds
// (domain.KindOf), and a database that cannot be reached, which only the store can tell.
func (s *Service) KindOf(err error) domain.ErrorKind {
	if k := domain.KindOf(err); k != domain.KindInternal {
		return k
	}
	if s.Unavailable(err) {
		return domain.KindUnavailable
	}
	return domain.KindInternal
}
