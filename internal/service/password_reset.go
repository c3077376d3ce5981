package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// ResetValidity is how long a password-reset link works.
const ResetValidity = 30 * time.Minute

// RequestPasswordReset mails a single-use reset link to an active account. It answers the same whether or
// not the account exists, so it reveals nothing; unknown addresses are only audited.
func (s *Service) RequestPasswordReset(ctx context.Context, email, from string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	mayMail, err := s.countResetRequest(ctx, email, from)
	if err != nil {
		return err
	}
	u, _, err := s.st.Read().UserCredentials(ctx, email)
	if err == domain.ErrNotFound || err == nil && !u.Active {
		return s.st.Write(ctx, func(q *store.Q) error {
			return audit(ctx, q, &access.Actor{Name: "password reset"}, "password_reset.unknown", "user", 0, 0, 0,
				map[string]domain.Change{"email": {Old: nil, New: email}, "from": {Old: nil, New: from}})
		})
	}
	if err != nil {
		return err
	}
	if !mayMail { // asked too often: the same answer, but no more mail to this mailbox for a while
		return nil
	}
	secret := auth.NewSecret("")
	err = s.st.Write(ctx, func(q *store.Q) error {
		if err := q.InsertPasswordReset(ctx, auth.HashSecret(secret), u.ID, q.Now().Add(ResetValidity)); err != nil {
			return err
		}
		return audit(ctx, q, &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}, "password_reset.request", "user", u.ID, 0, 0,
			map[string]domain.Change{"from": {Old: nil, New: from}})
	})
	if err != nil {
		return err
	}
	link := s.baseURL + "/password-reset/" + secret
	body := fmt.Sprintf("Hello %s,\n\nSomeone (hopefully you) asked to reset your Roster password. Open this link within 30 minutes "+
		"to choose a new one:\n\n%s\n\nIf it was not you, ignore this message; your password stays as it is.\n", u.Name, link)
	if err := s.mailer.Send(ctx, u.Email, "Reset your Roster password", body); err != nil {
		s.log.Error("password reset mail not sent", "user", u.ID, "err", err)
	}
	return nil
}

// Reset requests are throttled so that nobody can flood a mailbox or the mail server: an address gets a few
// links, then waits a time that doubles with every further request; a client asking for many addresses is
// refused outright.
const (
	resetFreeRequests        = 3
	resetFreeAddressRequests = 20
)

// countResetRequest counts a reset request per e-mail address and per client address. It reports whether a
// mail may go out to that e-mail address; a client address over its limit gets ErrThrottled.
func (s *Service) countResetRequest(ctx context.Context, email, from string) (bool, error) {
	mayMail := true
	err := s.st.Write(ctx, func(q *store.Q) error {
		for i, k := range []string{"reset:" + email, "reset-from:" + from} {
			failures, until, err := q.Throttle(ctx, k)
			if err != nil {
				return err
			}
			if until != nil && until.After(q.Now()) {
				if i == 1 {
					return domain.ErrThrottled
				}
				mayMail = false
				continue
			}
			failures++
			free := resetFreeRequests
			if i == 1 {
				free = resetFreeAddressRequests
			}
			var next *time.Time
			if d := lockFor(failures, free); d > 0 {
				t := q.Now().Add(d)
				next = &t
			}
			if err := q.RecordFailure(ctx, k, failures, next); err != nil {
				return err
			}
		}
		return nil
	})
	return mayMail, err
}

// ResetPassword sets a new password with a reset link's secret. The link works once; all sessions of the
// user end.
func (s *Service) ResetPassword(ctx context.Context, secret, password string) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		userID, err := q.UsePasswordReset(ctx, auth.HashSecret(secret))
		if err != nil {
			return err
		}
		u, err := q.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		var p domain.Problems
		checkPassword(&p, password, u.Email, u.Name, strings.Split(u.Email, "@")[0])
		if err := p.Err(); err != nil {
			return err
		}
		hash, err := auth.HashPassword(password, s.hash)
		if err != nil {
			return err
		}
		if err := q.SetPasswordHash(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := q.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		if err := q.ResetThrottles(ctx, accountThrottlePrefix(u.Email)); err != nil {
			return err
		}
		return audit(ctx, q, &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}, "password_reset.done", "user", u.ID, 0, 0, nil)
	})
}
