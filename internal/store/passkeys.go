package store

import (
	"context"
	"time"
)

// Passkey is a stored WebAuthn credential. Credential is the WebAuthn library's JSON of the credential
// (public key, sign count, AAGUID, transports, flags): the store keeps it as text and leaves its meaning to
// the service, as the passkeys table of migration 0003 intends.
type Passkey struct {
	ID           int64
	UserID       int64
	CredentialID string // base64url (unpadded) of the credential id; unique across all users
	Credential   string
	Name         string
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// InsertPasskey stores a new credential and sets its ID and CreatedAt. A credential id that is already
// registered fails with ErrUnique.
func (q *Q) InsertPasskey(ctx context.Context, p *Passkey) error {
	p.CreatedAt, p.LastUsedAt = q.now, nil
	err := q.db.QueryRowContext(ctx, `INSERT INTO passkeys (user_id, credential_id, credential, name, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, p.UserID, p.CredentialID, p.Credential, p.Name, ts(q.now)).Scan(&p.ID)
	return q.wrapNil(err, "INSERT INTO passkeys")
}

const passkeyColumns = `id, user_id, credential_id, credential, name, created_at, last_used_at`

func passkeyFields(p *Passkey) []any {
	return []any{&p.ID, &p.UserID, &p.CredentialID, &p.Credential, &p.Name, reqTime{&p.CreatedAt}, timeScan{&p.LastUsedAt}}
}

// Passkeys lists a user's credentials, oldest first.
func (q *Q) Passkeys(ctx context.Context, userID int64) ([]Passkey, error) {
	rows, err := q.query(ctx, `SELECT `+passkeyColumns+` FROM passkeys WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	var out []Passkey
	err = eachRow(rows, func() error {
		var p Passkey
		err := rows.Scan(passkeyFields(&p)...)
		out = append(out, p)
		return err
	})
	return out, err
}

// PasskeyByCredentialID finds a credential by its id, whoever it belongs to; ok is false when none has it.
func (q *Q) PasskeyByCredentialID(ctx context.Context, credentialID string) (p Passkey, ok bool, err error) {
	ok, err = one(q.db.QueryRowContext(ctx, `SELECT `+passkeyColumns+` FROM passkeys WHERE credential_id = $1`,
		credentialID), passkeyFields(&p)...)
	return p, ok, err
}

// UsePasskey records a sign-in with a credential: its updated library JSON (the new sign count) and the time.
// It replaces only the version the caller verified against (old), so of two sign-ins that raced with the same
// counter one fails: it returns false then.
func (q *Q) UsePasskey(ctx context.Context, id int64, old, updated string) (bool, error) {
	res, err := q.exec(ctx, `UPDATE passkeys SET credential = $3, last_used_at = $4 WHERE id = $1 AND credential = $2`,
		id, old, updated, ts(q.now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeletePasskey removes one of a user's credentials and returns it; ok is false when the user has no
// credential with that id (another user's included).
func (q *Q) DeletePasskey(ctx context.Context, userID, id int64) (p Passkey, ok bool, err error) {
	ok, err = one(q.db.QueryRowContext(ctx, `DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING `+passkeyColumns,
		id, userID), passkeyFields(&p)...)
	return p, ok, err
}
