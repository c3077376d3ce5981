package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// InsertAPIToken stores a new personal API token by the hash of its secret.
func (q *Q) InsertAPIToken(ctx context.Context, userID int64, t *domain.APIToken, hash string) error {
	t.CreatedAt = q.now
	err := q.db.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, userID, t.Name, hash, ts(q.now), tsOrNil(t.ExpiresAt)).Scan(&t.ID)
	return q.wrapNil(err, "INSERT INTO api_tokens")
}

// APITokens lists a user's live tokens.
func (q *Q) APITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	rows, err := q.query(ctx, `SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	var out []domain.APIToken
	err = eachRow(rows, func() error {
		var t domain.APIToken
		err := rows.Scan(&t.ID, &t.Name, reqTime{&t.CreatedAt}, timeScan{&t.ExpiresAt}, timeScan{&t.LastUsedAt})
		out = append(out, t)
		return err
	})
	return out, err
}

// RevokeAPIToken revokes one of a user's tokens; false when there was no such live token.
func (q *Q) RevokeAPIToken(ctx context.Context, userID, id int64) (bool, error) {
	res, err := q.exec(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
		id, userID, ts(q.now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// APITokenUser returns the user id of a live token by hash, and when the token was last used.
func (q *Q) APITokenUser(ctx context.Context, hash string) (int64, *time.Time, error) {
	var user int64
	var last *time.Time
	err := q.db.QueryRowContext(ctx, `SELECT user_id, last_used_at FROM api_tokens WHERE token_hash = $1
		AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`, hash, ts(q.now)).Scan(&user, timeScan{&last})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, domain.ErrUnauthenticated
	}
	return user, last, err
}

// TouchAPIToken records that a token was used.
func (q *Q) TouchAPIToken(ctx context.Context, hash string) error {
	_, err := q.exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1`, hash, ts(q.now))
	return err
}

// NewSession describes a session being opened.
type NewSession struct {
	UserID            int64
	Expires           time.Time
	NeedsSecondFactor bool // the password step is done, the second factor is still due
	FromAddress       string
	UserAgent         string
}

// InsertSession stores a browser session by the hash of its cookie value.
func (q *Q) InsertSession(ctx context.Context, hash string, s NewSession) error {
	_, err := q.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at,
		needs_second_factor, from_address, user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
		hash, s.UserID, ts(q.now), ts(s.Expires), s.NeedsSecondFactor, s.FromAddress, s.UserAgent)
	return err
}

// SessionState is what a request needs to know about its session.
type SessionState struct {
	UserID       int64
	LastSeen     time.Time
	SecondFactor bool // false while the second factor is due
}

// SessionUser returns the state of a live session whose last activity is after idleSince.
func (q *Q) SessionUser(ctx context.Context, hash string, idleSince time.Time) (SessionState, error) {
	var st SessionState
	var done *time.Time
	var needs bool
	err := q.db.QueryRowContext(ctx, `SELECT user_id, last_seen_at, needs_second_factor, second_factor_at FROM sessions
		WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3`, hash, ts(q.now), ts(idleSince)).
		Scan(&st.UserID, reqTime{&st.LastSeen}, &needs, timeScan{&done})
	if errors.Is(err, sql.ErrNoRows) {
		return st, domain.ErrUnauthenticated
	}
	st.SecondFactor = !needs || done != nil
	return st, err
}

// Sessions lists a user's live sessions, newest activity first.
func (q *Q) Sessions(ctx context.Context, userID int64) ([]domain.Session, []string, error) {
	rows, err := q.query(ctx, `SELECT token_hash, created_at, last_seen_at, from_address, user_agent FROM sessions
		WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC`, userID, ts(q.now))
	if err != nil {
		return nil, nil, err
	}
	var out []domain.Session
	var hashes []string
	err = eachRow(rows, func() error {
		var s domain.Session
		var hash string
		err := rows.Scan(&hash, reqTime{&s.CreatedAt}, reqTime{&s.LastSeenAt}, &s.FromAddress, &s.UserAgent)
		s.ID = hash[:12]
		out = append(out, s)
		hashes = append(hashes, hash)
		return err
	})
	return out, hashes, err
}

// DeleteSessionByID ends one of a user's sessions by its public id; false when none matched.
func (q *Q) DeleteSessionByID(ctx context.Context, userID int64, id string) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash >= $2 AND token_hash < $3`,
		userID, id, id+"g")
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MarkSecondFactor records that a session passed its second factor.
func (q *Q) MarkSecondFactor(ctx context.Context, hash string) error {
	_, err := q.exec(ctx, `UPDATE sessions SET second_factor_at = $2 WHERE token_hash = $1`, hash, ts(q.now))
	return err
}

// TouchSession records activity on a session.
func (q *Q) TouchSession(ctx context.Context, hash string) error {
	_, err := q.exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, hash, ts(q.now))
	return err
}

// DeleteSession ends a session.
func (q *Q) DeleteSession(ctx context.Context, hash string) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	return err
}

// DeleteUserSessions ends every session of a user.
func (q *Q) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}
