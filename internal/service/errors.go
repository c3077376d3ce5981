package service

import (
	"errors"

	"github.com/roster-crm/roster/internal/domain"
)

// KindOf says what kind of failure err is, for the front ends to answer: this is the one place where
// errors of the domain, the store and the database are told apart. nil has no kind.
func (s *Service) KindOf(err error) domain.ErrorKind {
	switch {
	case err == nil:
		return ""
	case errors.As(err, new(*domain.ValidationError)):
		return domain.KindInvalid
	case errors.Is(err, domain.ErrNotFound):
		return domain.KindNotFound
	case errors.Is(err, domain.ErrForbidden):
		return domain.KindForbidden
	case errors.Is(err, domain.ErrConflict):
		return domain.KindConflict
	case errors.Is(err, domain.ErrUnauthenticated), errors.Is(err, domain.ErrSecondFactorRequired):
		return domain.KindUnauthenticated
	case errors.Is(err, domain.ErrThrottled):
		return domain.KindThrottled
	case errors.Is(err, domain.ErrTooLarge):
		return domain.KindTooLarge
	case errors.Is(err, domain.ErrUnconfigured):
		return domain.KindUnconfigured
	case s.Unavailable(err):
		return domain.KindUnavailable
	}
	return domain.KindInternal
}
