package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// Session lifetimes.
const (
	SessionIdle     = 8 * time.Hour
	SessionAbsolute = 7 * 24 * time.Hour
)

// SignIn checks an e-mail address and password and opens a session. Unknown accounts, wrong passwords and
// deactivated accounts fail alike and take about as long (a hash is computed either way), so the answer does
// not reveal which accounts exist.
func (s *Service) SignIn(ctx context.Context, email, password, from string) (secret string, user domain.User, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, hash, err := s.st.Read().UserCredentials(ctx, email)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return "", u, err
	}
	if hash == "" {
		hash = s.dummyHash()
	}
	ok, verr := auth.VerifyPassword(password, hash)
	success := err == nil && verr == nil && ok && u.Active
	werr := s.st.Write(ctx, func(q *store.Q) error {
		a := &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}
		if u.ID == 0 {
			a = &access.Actor{Name: "sign-in"}
		}
		action := "signin.success"
		if !success {
			action = "signin.failure"
		}
		if err := audit(ctx, q, a, action, "user", u.ID, 0, 0, map[string]domain.Change{
			"email": {Old: nil, New: email}, "from": {Old: nil, New: from}}); err != nil {
			return err
		}
		if !success {
			return nil
		}
		secret = auth.NewSecret("")
		return q.InsertSession(ctx, auth.HashSecret(secret), u.ID, q.Now().Add(SessionAbsolute))
	})
	if werr != nil {
		return "", u, werr
	}
	if !success {
		return "", domain.User{}, domain.ErrUnauthenticated
	}
	return secret, u, nil
}

// dummyHash is a valid hash of a random password, verified for unknown accounts to equalize timing.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy, _ = auth.HashPassword(auth.NewSecret(""), s.hash)
	})
	return s.dummy
}

// SessionActor resolves a session cookie to its actor; idle or expired sessions fail.
func (s *Service) SessionActor(ctx context.Context, secret string) (*access.Actor, error) {
	if secret == "" {
		return nil, domain.ErrUnauthenticated
	}
	hash := auth.HashSecret(secret)
	q := s.st.Read()
	userID, seen, err := q.SessionUser(ctx, hash, q.Now().Add(-SessionIdle))
	if err != nil {
		return nil, err
	}
	if q.Now().Sub(seen) > time.Minute {
		if err := s.st.Write(ctx, func(q *store.Q) error { return q.TouchSession(ctx, hash) }); err != nil {
			return nil, err
		}
	}
	return s.ActorFor(ctx, userID)
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	return s.st.Write(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, auth.HashSecret(secret)) })
}

// TokenActor resolves a personal API token to its actor.
func (s *Service) TokenActor(ctx context.Context, secret string) (*access.Actor, error) {
	if !strings.HasPrefix(secret, "rst_") {
		return nil, domain.ErrUnauthenticated
	}
	hash := auth.HashSecret(secret)
	q := s.st.Read()
	userID, last, err := q.APITokenUser(ctx, hash)
	if err != nil {
		return nil, err
	}
	if last == nil || q.Now().Sub(*last) > time.Minute {
		if err := s.st.Write(ctx, func(q *store.Q) error { return q.TouchAPIToken(ctx, hash) }); err != nil {
			return nil, err
		}
	}
	return s.ActorFor(ctx, userID)
}

// CreateAPIToken makes a personal API token for the actor; the secret is returned once and stored hashed.
func (s *Service) CreateAPIToken(ctx context.Context, a *access.Actor, name string, expires *time.Time) (domain.APIToken, error) {
	t := domain.APIToken{ExpiresAt: expires}
	var p domain.Problems
	t.Name = text(&p, "name", name, maxShort, true)
	if expires != nil && !expires.After(s.now()) {
		p.Add("expires_at", "in_the_past")
	}
	if a.IsSystem() {
		p.Add("user", "system_actor_has_no_tokens")
	}
	if err := p.Err(); err != nil {
		return t, err
	}
	secret := auth.NewSecret("rst_")
	err := s.st.Write(ctx, func(q *store.Q) error {
		if err := q.InsertAPIToken(ctx, a.UserID, &t, auth.HashSecret(secret)); err != nil {
			return err
		}
		return audit(ctx, q, a, "token.create", "api_token", t.ID, 0, 0, map[string]domain.Change{"name": {Old: "", New: t.Name}})
	})
	t.Secret = secret
	return t, err
}

// APITokens lists the actor's live tokens (without secrets).
func (s *Service) APITokens(ctx context.Context, a *access.Actor) ([]domain.APIToken, error) {
	l, err := s.st.Read().APITokens(ctx, a.UserID)
	if l == nil {
		l = []domain.APIToken{}
	}
	return l, err
}

// RevokeAPIToken revokes one of the actor's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.RevokeAPIToken(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "token.revoke", "api_token", id, 0, 0, nil)
	})
}
