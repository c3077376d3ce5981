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

// InsertSession stores a browser session by the hash of its cookie value.
func (q *Q) InsertSession(ctx context.Context, hash string, userID int64, expires time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $3, $4)`, hash, userID, ts(q.now), ts(expires))
	return err
}

// SessionUser returns the user of a live session whose last activity is after idleSince.
func (q *Q) SessionUser(ctx context.Context, hash string, idleSince time.Time) (int64, time.Time, error) {
	var user int64
	var seen time.Time
	err := q.db.QueryRowContext(ctx, `SELECT user_id, last_seen_at FROM sessions WHERE token_hash = $1
		AND expires_at > $2 AND last_seen_at > $3`, hash, ts(q.now), ts(idleSince)).Scan(&user, reqTime{&seen})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, seen, domain.ErrUnauthenticated
	}
	return user, seen, err
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
