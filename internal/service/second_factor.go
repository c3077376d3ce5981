package service

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// ErrNoSecretKey means second factors cannot be used because the server has no secret key.
var ErrNoSecretKey = fmt.Errorf("%w: no secret key, so second factors are unavailable", domain.ErrUnconfigured)

// TOTPEnrolment is what an authenticator app needs: the secret as text and the otpauth:// URI for a QR code.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

func totpPurpose(userID int64) string { return "totp:" + strconv.FormatInt(userID, 10) }

// BeginTOTP creates a new TOTP secret for the actor; it counts only once ConfirmTOTP saw a code, and an app
// already confirmed keeps working until then.
func (s *Service) BeginTOTP(ctx context.Context, a *access.Actor, issuer string) (TOTPEnrolment, error) {
	if s.sealer == nil {
		return TOTPEnrolment{}, ErrNoSecretKey
	}
	if a.IsSystem() {
		return TOTPEnrolment{}, domain.ErrForbidden
	}
	secret := totp.NewSecret()
	err := s.st.Write(ctx, func(q *store.Q) error {
		return q.StartTOTP(ctx, a.UserID, s.sealer.Seal(secret, totpPurpose(a.UserID)))
	})
	return TOTPEnrolment{Secret: totp.EncodeSecret(secret), URI: totp.Default().URI(issuer, a.Email, secret)}, err
}

// ConfirmTOTP checks a first code from the app and turns the factor on. It returns fresh recovery codes when
// the user had none (shown once).
func (s *Service) ConfirmTOTP(ctx context.Context, a *access.Actor, code string) ([]string, error) {
	var codes []string
	err := s.st.Write(ctx, func(q *store.Q) error {
		if err := s.checkTOTP(ctx, q, a.UserID, code, true); err != nil {
			return err
		}
		f, err := q.SecondFactors(ctx, a.UserID)
		if err != nil {
			return err
		}
		if f.RecoveryCodes == 0 {
			if codes, err = s.newRecoveryCodes(ctx, q, a.UserID); err != nil {
				return err
			}
		}
		return audit(ctx, q, a, "factor.enrol", "user", a.UserID, 0, 0, map[string]domain.Change{"factor": {Old: nil, New: "totp"}})
	})
	return codes, err
}

// checkTOTP verifies a code against the user's confirmed secret or, when enrolling, the one being set up
// (which replaces the confirmed one only once a code proves it), refusing a step already used: a code works
// once.
func (s *Service) checkTOTP(ctx context.Context, q *store.Q, userID int64, code string, enrolling bool) error {
	if s.sealer == nil {
		return ErrNoSecretKey
	}
	var sealed string
	var ok bool
	var err error
	if enrolling {
		sealed, ok, err = q.PendingTOTP(ctx, userID)
	} else {
		var confirmed bool
		sealed, confirmed, _, ok, err = q.TOTP(ctx, userID)
		ok = ok && confirmed
	}
	if err != nil {
		return err
	}
	if !ok {
		return domain.Invalid("code", "no_totp")
	}
	secret, err := s.sealer.Open(sealed, totpPurpose(userID))
	if err != nil {
		return err
	}
	step, ok := totp.Default().Verify(secret, code, q.Now(), 1)
	if !ok {
		return domain.Invalid("code", "wrong_code")
	}
	if enrolling {
		return q.ConfirmPendingTOTP(ctx, userID, step)
	}
	fresh, err := q.UseTOTPStep(ctx, userID, step)
	if err != nil {
		return err
	}
	if !fresh {
		return domain.Invalid("code", "code_used")
	}
	return nil
}

// recoveryAlphabet avoids letters that read alike (0/O, 1/l/I).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

func (s *Service) newRecoveryCodes(ctx context.Context, q *store.Q, userID int64) ([]string, error) {
	codes := make([]string, 10)
	hashes := make([]string, 10)
	for i := range codes {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		var sb strings.Builder
		for j, c := range b {
			if j == 5 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		codes[i] = sb.String()
		hashes[i] = auth.HashSecret(codes[i])
	}
	return codes, q.ReplaceRecoveryCodes(ctx, userID, hashes)
}

// RegenerateRecoveryCodes replaces the actor's recovery codes; the old ones stop working.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, a *access.Actor) ([]string, error) {
	var codes []string
	err := s.st.Write(ctx, func(q *store.Q) error {
		f, err := q.SecondFactors(ctx, a.UserID)
		if err != nil {
			return err
		}
		if !f.Any() {
			return domain.Invalid("factor", "no_second_factor")
		}
		if codes, err = s.newRecoveryCodes(ctx, q, a.UserID); err != nil {
			return err
		}
		return audit(ctx, q, a, "factor.recovery_codes", "user", a.UserID, 0, 0, nil)
	})
	return codes, err
}

// SecondFactors summarizes what the actor has enrolled.
func (s *Service) SecondFactors(ctx context.Context, a *access.Actor) (domain.SecondFactors, error) {
	return s.st.Read().SecondFactors(ctx, a.UserID)
}

// VerifySecondFactor completes a half-signed-in session with a TOTP code or a recovery code. The session is
// replaced by a new one (a new identifier after the change of privilege), whose secret is returned. A
// recovery code signs in once; usedRecovery tells the caller to lead the user to re-enrol.
func (s *Service) VerifySecondFactor(ctx context.Context, secret, code, from string) (newSecret string, usedRecovery bool, err error) {
	newSecret, err = s.upgradeHalfSession(ctx, secret, from, func(q *store.Q, u domain.User) (map[string]domain.Change, error) {
		code = strings.TrimSpace(code)
		how := "totp"
		if strings.Contains(code, "-") {
			hash := auth.HashSecret(strings.ToLower(code))
			ok, err := q.UseRecoveryCode(ctx, u.ID, hash)
			if err != nil || !ok {
				return nil, firstError(err, s.wrongRecoveryCode(ctx, q, u.ID, hash))
			}
			usedRecovery, how = true, "recovery_code"
		} else if err := s.checkTOTP(ctx, q, u.ID, code, false); err != nil {
			return nil, err
		}
		return map[string]domain.Change{"factor": {Old: nil, New: how}}, nil
	})
	return newSecret, usedRecovery, err
}

// wrongRecoveryCode tells a recovery code spent before from one that never was, so that the person looks for
// another code rather than at the phone's clock.
func (s *Service) wrongRecoveryCode(ctx context.Context, q *store.Q, userID int64, hash string) error {
	used, err := q.RecoveryCodeUsed(ctx, userID, hash)
	if err != nil {
		return err
	}
	if used {
		return domain.Invalid("code", "recovery_code_used")
	}
	return domain.Invalid("code", "wrong_recovery_code")
}

// secondFactorCheck verifies a second factor for user u inside the transaction that upgrades the session. A
// validation error is a failed attempt; changes go into the audit entry of the attempt either way.
type secondFactorCheck func(q *store.Q, u domain.User) (changes map[string]domain.Change, err error)

// upgradeHalfSession is the part of a second-factor sign-in that does not depend on the factor: it finds the
// session's user, refuses while the account's second factor is throttled, runs check, and then either counts
// and audits the failure, or replaces the session by a new one whose secret it returns.
func (s *Service) upgradeHalfSession(ctx context.Context, secret, from string, check secondFactorCheck) (string, error) {
	hash := auth.HashSecret(secret)
	q0 := s.st.Read()
	st, err := q0.SessionUser(ctx, hash, q0.Now().Add(-SessionIdle))
	if err != nil {
		return "", err
	}
	u, err := q0.UserByID(ctx, st.UserID)
	if err != nil {
		return "", err
	}
	key := "second_factor:" + strconv.FormatInt(u.ID, 10)
	if _, until, err := q0.Throttle(ctx, key); err != nil {
		return "", err
	} else if until != nil && until.After(q0.Now()) {
		return "", domain.ErrThrottled
	}
	a := &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}
	var newSecret string
	var verr error
	err = s.st.Write(ctx, func(q *store.Q) error {
		var changes map[string]domain.Change
		changes, verr = check(q, u)
		var ve *domain.ValidationError
		if verr != nil && !errors.As(verr, &ve) {
			return verr
		}
		action := "signin.second_factor"
		if verr != nil {
			action = "signin.second_factor_failure"
			failures, _, err := q.Throttle(ctx, key)
			if err != nil {
				return err
			}
			var until *time.Time
			if d := lockFor(failures+1, accountFreeFailures); d > 0 {
				t := q.Now().Add(d)
				until = &t
			}
			if err := q.RecordFailure(ctx, key, failures+1, until); err != nil {
				return err
			}
			return audit(ctx, q, a, action, "user", u.ID, 0, 0, changes)
		}
		if err := q.ResetThrottle(ctx, key); err != nil {
			return err
		}
		if err := q.DeleteSession(ctx, hash); err != nil {
			return err
		}
		newSecret = auth.NewSecret("")
		if err := q.InsertSession(ctx, auth.HashSecret(newSecret), store.NewSession{UserID: u.ID,
			Expires: q.Now().Add(SessionAbsolute), FromAddress: from}); err != nil {
			return err
		}
		return audit(ctx, q, a, action, "user", u.ID, 0, 0, changes)
	})
	if err == nil && verr != nil {
		err = verr
	}
	return newSecret, err
}

// ResetSecondFactors removes a user's factors and recovery codes and ends their sessions, so that a user who
// lost their phone can enrol again at the next sign-in. Admins whose scope covers all the user's grants may
// do it; it is audited.
func (s *Service) ResetSecondFactors(ctx context.Context, a *access.Actor, userID int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		if _, err := s.visibleUser(ctx, q, a, userID); err != nil {
			return err
		}
		if userID != a.UserID {
			if err := s.checkOutranks(ctx, q, a, userID); err != nil {
				return err
			}
		}
		if err := q.DeleteSecondFactors(ctx, userID); err != nil {
			return err
		}
		if err := q.DeleteUserSessions(ctx, userID); err != nil {
			return err
		}
		return audit(ctx, q, a, "factor.reset", "user", userID, 0, 0, nil)
	})
}
