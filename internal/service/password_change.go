package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// ChangePassword sets a signed-in user's new password after checking the current one, so that a session
// left open on a shared computer cannot be turned into a lost account. Every session of the user ends; the
// returned secret is a new session for this browser, signed in as fully as the one it replaces (a second
// factor proven there stays proven). A wrong current password counts towards the account's sign-in
// throttling like a failed sign-in.
func (s *Service) ChangePassword(ctx context.Context, a *access.Actor, current, password, from, userAgent string) (string, error) {
	if a.IsSystem() {
		return "", domain.ErrForbidden
	}
	r := s.st.Read()
	acct := accountThrottle(a.Email, from)
	if _, until, err := r.Throttle(ctx, acct.key); err != nil {
		return "", err
	} else if until != nil && until.After(r.Now()) {
		return "", domain.ErrThrottled
	}
	u, hash, err := r.UserCredentials(ctx, a.Email)
	if err != nil {
		return "", err
	}
	if ok, verr := auth.VerifyPassword(current, hash); verr != nil || !ok {
		if err := s.st.Write(ctx, func(q *store.Q) error {
			return s.recordSignIn(ctx, q, u, a.Email, from, false, false, acct)
		}); err != nil {
			return "", err
		}
		return "", domain.Invalid("current_password", "wrong_password")
	}
	if _, err := s.UpdateUser(ctx, a, a.UserID, domain.UserInput{Password: &password}); err != nil {
		return "", err
	}
	secret := auth.NewSecret("")
	err = s.st.Write(ctx, func(q *store.Q) error {
		return q.InsertSession(ctx, auth.HashSecret(secret), store.NewSession{UserID: a.UserID,
			Expires: q.Now().Add(SessionAbsolute), FromAddress: from, UserAgent: truncate(userAgent, 200)})
	})
	return secret, err
}
