package service

import (
	"context"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// UserByEmail finds a user by e-mail address (in any case) as the actor sees users: a user the actor may not
// see is not found, like one that does not exist.
func (s *Service) UserByEmail(ctx context.Context, a *access.Actor, email string) (domain.User, error) {
	q := s.st.Read()
	u, _, err := q.UserCredentials(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return domain.User{}, err
	}
	return s.visibleUser(ctx, q, a, u.ID)
}

// ActorByEmail resolves the user with this e-mail address as an actor, for the operator who acts as that
// user on the command line: the same identity and scope as when the user signs in (see ActorFor).
func (s *Service) ActorByEmail(ctx context.Context, email string) (*access.Actor, error) {
	u, _, err := s.st.Read().UserCredentials(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, err
	}
	return s.ActorFor(ctx, u.ID)
}
