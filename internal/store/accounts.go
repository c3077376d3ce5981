package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
)

// CurrentPledge returns the newest published pledge; ok is false when none was ever published.
func (q *Q) CurrentPledge(ctx context.Context) (p domain.Pledge, ok bool, err error) {
	ok, err = one(q.db.QueryRowContext(ctx, `SELECT version, title, body, published_at FROM pledge_versions
		ORDER BY version DESC LIMIT 1`), &p.Version, &p.Title, &p.Body, reqTime{&p.PublishedAt})
	return p, ok, err
}

// PublishPledge stores a new pledge version and returns its number.
func (q *Q) PublishPledge(ctx context.Context, title, body string, actor int64) (int, error) {
	var v int
	if err := q.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM pledge_versions`).Scan(&v); err != nil {
		return 0, err
	}
	_, err := q.exec(ctx, `INSERT INTO pledge_versions (version, title, body, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5)`, v, title, body, ts(q.now), nullInt(actor))
	return v, err
}

// AcceptedPledge returns the newest pledge version a user accepted, 0 for none.
func (q *Q) AcceptedPledge(ctx context.Context, userID int64) (int, error) {
	var v int
	err := q.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM pledge_acceptances WHERE user_id = $1`, userID).Scan(&v)
	return v, err
}

// AcceptPledge records that a user accepted a pledge version, when and from where.
func (q *Q) AcceptPledge(ctx context.Context, userID int64, version int, from string) error {
	_, err := q.exec(ctx, `INSERT INTO pledge_acceptances (user_id, version, accepted_at, from_address) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, version) DO NOTHING`, userID, version, ts(q.now), from)
	return err
}

// TOTP returns a user's sealed TOTP secret, whether it is confirmed, and the last step used.
func (q *Q) TOTP(ctx context.Context, userID int64) (sealed string, confirmed bool, lastStep int64, ok bool, err error) {
	var at *time.Time
	ok, err = one(q.db.QueryRowContext(ctx, `SELECT secret, confirmed_at, last_step FROM totp_factors WHERE user_id = $1`,
		userID), &sealed, timeScan{&at}, &lastStep)
	return sealed, at != nil, lastStep, ok, err
}

// PendingTOTP returns the secret being set up: a replacement for a confirmed factor, or the first one.
func (q *Q) PendingTOTP(ctx context.Context, userID int64) (sealed string, ok bool, err error) {
	var pending *string
	var secret string
	var at *time.Time
	found, err := one(q.db.QueryRowContext(ctx, `SELECT secret, confirmed_at, pending_secret FROM totp_factors
		WHERE user_id = $1`, userID), &secret, timeScan{&at}, &pending)
	switch {
	case err != nil || !found:
		return "", false, err
	case pending != nil:
		return *pending, true, nil
	case at == nil:
		return secret, true, nil
	}
	return "", false, nil
}

// StartTOTP stores a new TOTP secret to be confirmed. A confirmed factor keeps working meanwhile: the new
// secret waits beside it until ConfirmPendingTOTP.
func (q *Q) StartTOTP(ctx context.Context, userID int64, sealed string) error {
	_, err := q.exec(ctx, `INSERT INTO totp_factors (user_id, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET
		secret = CASE WHEN totp_factors.confirmed_at IS NULL THEN excluded.secret ELSE totp_factors.secret END,
		pending_secret = CASE WHEN totp_factors.confirmed_at IS NULL THEN NULL ELSE excluded.secret END,
		created_at = excluded.created_at`, userID, sealed, ts(q.now))
	return err
}

// ConfirmPendingTOTP makes the secret being set up the user's factor, with step as its last used step.
func (q *Q) ConfirmPendingTOTP(ctx context.Context, userID, step int64) error {
	_, err := q.exec(ctx, `UPDATE totp_factors SET secret = COALESCE(pending_secret, secret), pending_secret = NULL,
		confirmed_at = $2, last_step = $3 WHERE user_id = $1`, userID, ts(q.now), step)
	return err
}

// UseTOTPStep records that a time step was used, and confirms the factor. It returns false when that step
// (or a later one) was already used: a replayed code.
func (q *Q) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := q.exec(ctx, `UPDATE totp_factors SET last_step = $2, confirmed_at = COALESCE(confirmed_at, $3)
		WHERE user_id = $1 AND last_step < $2`, userID, step, ts(q.now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReplaceRecoveryCodes stores new recovery code hashes, dropping the old codes.
func (q *Q) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	if _, err := q.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := q.exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
			userID, h, ts(q.now)); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends an unused recovery code; false when there is no such unused code.
func (q *Q) UseRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error) {
	res, err := q.exec(ctx, `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
		userID, hash, ts(q.now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodeUsed reports whether a recovery code of the user was already spent.
func (q *Q) RecoveryCodeUsed(ctx context.Context, userID int64, hash string) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND code_hash = $2
		AND used_at IS NOT NULL`, userID, hash).Scan(&n)
	return n > 0, err
}

// SecondFactors summarizes a user's enrolled factors.
func (q *Q) SecondFactors(ctx context.Context, userID int64) (domain.SecondFactors, error) {
	var f domain.SecondFactors
	err := q.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL),
		(SELECT COUNT(*) FROM passkeys WHERE user_id = $1),
		(SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL)`, userID).
		Scan(&f.TOTP, &f.Passkeys, &f.RecoveryCodes)
	return f, err
}

// DeleteSecondFactors removes every factor and recovery code of a user.
func (q *Q) DeleteSecondFactors(ctx context.Context, userID int64) error {
	for _, t := range []string{"totp_factors", "recovery_codes", "passkeys"} {
		if _, err := q.exec(ctx, `DELETE FROM `+t+` WHERE user_id = $1`, userID); err != nil {
			return err
		}
	}
	return nil
}

// Throttle returns the failures recorded under key and until when it is locked.
func (q *Q) Throttle(ctx context.Context, key string) (failures int, lockedUntil *time.Time, err error) {
	_, err = one(q.db.QueryRowContext(ctx, `SELECT failures, locked_until FROM signin_throttle WHERE key = $1`, key),
		&failures, timeScan{&lockedUntil})
	return failures, lockedUntil, err
}

// RecordFailure counts a failed sign-in under key and locks it until lockedUntil (nil: not locked).
func (q *Q) RecordFailure(ctx context.Context, key string, failures int, lockedUntil *time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO signin_throttle (key, failures, last_failure, locked_until) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure,
		locked_until = excluded.locked_until`, key, failures, ts(q.now), tsOrNil(lockedUntil))
	return err
}

// ResetThrottle forgets the failures under key.
func (q *Q) ResetThrottle(ctx context.Context, key string) error {
	_, err := q.exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, key)
	return err
}

// ResetThrottles forgets the failures under every key that starts with prefix.
func (q *Q) ResetThrottles(ctx context.Context, prefix string) error {
	_, err := q.exec(ctx, `DELETE FROM signin_throttle WHERE substr(key, 1, $2) = $1`, prefix, utf8.RuneCountInString(prefix))
	return err
}

// InsertPasswordReset stores a reset token by hash.
func (q *Q) InsertPasswordReset(ctx context.Context, hash string, userID int64, expires time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, userID, ts(q.now), ts(expires))
	return err
}

// UsePasswordReset spends a live reset token and returns its user; ErrNotFound when the token is unknown,
// used or expired.
func (q *Q) UsePasswordReset(ctx context.Context, hash string) (int64, error) {
	var user int64
	err := q.db.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL
		AND expires_at > $2 RETURNING user_id`, hash, ts(q.now)).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.ErrNotFound
	}
	return user, err
}
