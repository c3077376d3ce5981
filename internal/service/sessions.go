package service

import (
	"context"
	"regexp"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

var reSessionID = regexp.MustCompile(`^[0-9a-f]{12}$`)

// Sessions lists the actor's own sessions; current marks the one of the request (by its secret).
func (s *Service) Sessions(ctx context.Context, a *access.Actor, current string) ([]domain.Session, error) {
	list, hashes, err := s.st.Read().Sessions(ctx, a.UserID)
	cur := auth.HashSecret(current)
	for i := range list {
		list[i].Current = hashes[i] == cur
	}
	if list == nil {
		list = []domain.Session{}
	}
	return list, err
}

// EndSession ends one of the actor's own sessions by its id.
func (s *Service) EndSession(ctx context.Context, a *access.Actor, id string) error {
	if !reSessionID.MatchString(id) {
		return domain.ErrNotFound
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.DeleteSessionByID(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "session.end", "user", a.UserID, 0, 0, nil)
	})
}

// SignOutEverywhere ends all of the actor's sessions.
func (s *Service) SignOutEverywhere(ctx context.Context, a *access.Actor) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		if err := q.DeleteUserSessions(ctx, a.UserID); err != nil {
			return err
		}
		return audit(ctx, q, a, "session.end_all", "user", a.UserID, 0, 0, nil)
	})
}

// ExpiringGrants returns live grants that end within the given time: the actor's own, and, for admins, those
// in their ManageUsers scope — so both the user and the granting admin are warned in advance.
func (s *Service) ExpiringGrants(ctx context.Context, a *access.Actor, within time.Duration) ([]domain.Grant, error) {
	q := s.st.Read()
	l, err := q.ExpiringGrants(ctx, a.UserID, a.Scope.Roots(access.ManageUsers), q.Now().Add(within))
	if l == nil {
		l = []domain.Grant{}
	}
	return l, err
}
