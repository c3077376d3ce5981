package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/roster-crm/roster/internal/domain"
)

// InsertInvitation stores an invitation by the hash of its link secret.
func (q *Q) InsertInvitation(ctx context.Context, inv *domain.Invitation, hash string, actor int64) error {
	grants, err := json.Marshal(inv.Grants)
	if err != nil {
		return err
	}
	inv.CreatedAt = q.now
	err = q.db.QueryRowContext(ctx, `INSERT INTO invitations (email, name, token_hash, grants, invited_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, inv.Email, inv.Name, hash, string(grants), nullInt(actor),
		ts(q.now), ts(inv.ExpiresAt)).Scan(&inv.ID)
	return q.wrapNil(err, "INSERT INTO invitations")
}

const invitationCols = `i.id, i.email, i.name, i.grants, COALESCE(u.email, ''), i.created_at, i.expires_at, i.accepted_at, i.revoked_at`

func scanInvitation(sc interface{ Scan(...any) error }) (domain.Invitation, error) {
	var inv domain.Invitation
	var grants string
	err := sc.Scan(&inv.ID, &inv.Email, &inv.Name, &grants, &inv.InvitedBy, reqTime{&inv.CreatedAt}, reqTime{&inv.ExpiresAt},
		timeScan{&inv.AcceptedAt}, timeScan{&inv.RevokedAt})
	if err == nil {
		err = json.Unmarshal([]byte(grants), &inv.Grants)
	}
	return inv, err
}

// InvitationByToken finds an open invitation (not accepted, revoked or expired) by its secret's hash.
func (q *Q) InvitationByToken(ctx context.Context, hash string) (domain.Invitation, int64, error) {
	var invitedBy sql.NullInt64
	row := q.db.QueryRowContext(ctx, `SELECT `+invitationCols+`, i.invited_by FROM invitations i
		LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2`, hash, ts(q.now))
	var inv domain.Invitation
	var grants string
	err := row.Scan(&inv.ID, &inv.Email, &inv.Name, &grants, &inv.InvitedBy, reqTime{&inv.CreatedAt}, reqTime{&inv.ExpiresAt},
		timeScan{&inv.AcceptedAt}, timeScan{&inv.RevokedAt}, &invitedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, 0, domain.ErrNotFound
	}
	if err == nil {
		err = json.Unmarshal([]byte(grants), &inv.Grants)
	}
	return inv, invitedBy.Int64, err
}

// Invitation reads one invitation by id.
func (q *Q) Invitation(ctx context.Context, id int64) (domain.Invitation, error) {
	inv, err := scanInvitation(q.db.QueryRowContext(ctx, `SELECT `+invitationCols+` FROM invitations i
		LEFT JOIN users u ON u.id = i.invited_by WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, domain.ErrNotFound
	}
	return inv, err
}

// Invitations lists the invitations an admin sent, newest first.
func (q *Q) Invitations(ctx context.Context, invitedBy int64) ([]domain.Invitation, error) {
	rows, err := q.query(ctx, `SELECT `+invitationCols+` FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.invited_by = $1 ORDER BY i.id DESC LIMIT 200`, invitedBy)
	if err != nil {
		return nil, err
	}
	var out []domain.Invitation
	err = eachRow(rows, func() error {
		inv, err := scanInvitation(rows)
		out = append(out, inv)
		return err
	})
	return out, err
}

// CloseInvitation marks an invitation accepted by a user, or revoked when userID is 0. It reports whether
// the invitation was still open.
func (q *Q) CloseInvitation(ctx context.Context, id, userID int64) (bool, error) {
	stmt := `UPDATE invitations SET accepted_at = $2, user_id = $3 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`
	args := []any{id, ts(q.now), userID}
	if userID == 0 {
		stmt = `UPDATE invitations SET revoked_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`
		args = args[:2]
	}
	res, err := q.exec(ctx, stmt, args...)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// InsertAccessRequest stores a request for access.
func (q *Q) InsertAccessRequest(ctx context.Context, r *domain.AccessRequest, requestedBy int64) error {
	r.RequestedAt, r.Status = q.now, "pending"
	err := q.db.QueryRowContext(ctx, `INSERT INTO access_requests (email, name, unit_id, role, until, decision_text,
		decision_link, requested_by, requested_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING id`,
		r.Email, r.Name, r.Unit.ID, r.Role, r.Until, r.DecisionText, r.DecisionLink, nullInt(requestedBy), ts(q.now)).Scan(&r.ID)
	return q.wrapNil(err, "INSERT INTO access_requests")
}

const requestCols = `r.id, r.email, r.name, r.unit_id, un.name, r.role, r.until, r.decision_text, r.decision_link,
	COALESCE(rb.email, ''), r.requested_at, r.status, COALESCE(db.email, ''), r.decided_at, r.decision_reason,
	COALESCE(r.invitation_id, 0)`

const requestFrom = ` FROM access_requests r JOIN units un ON un.id = r.unit_id
	LEFT JOIN users rb ON rb.id = r.requested_by LEFT JOIN users db ON db.id = r.decided_by`

func scanRequest(sc interface{ Scan(...any) error }) (domain.AccessRequest, error) {
	var r domain.AccessRequest
	err := sc.Scan(&r.ID, &r.Email, &r.Name, &r.Unit.ID, &r.Unit.Name, &r.Role, &r.Until, &r.DecisionText, &r.DecisionLink,
		&r.RequestedBy, reqTime{&r.RequestedAt}, &r.Status, &r.DecidedBy, timeScan{&r.DecidedAt}, &r.DecisionReason, &r.InvitationID)
	return r, err
}

// AccessRequests lists requests for units in the subtrees of roots; pending ones only when pendingOnly.
func (q *Q) AccessRequests(ctx context.Context, roots []int64, pendingOnly bool) ([]domain.AccessRequest, error) {
	if len(roots) == 0 {
		return nil, nil
	}
	var a args
	where := `r.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id IN ` + a.in(roots) + `)`
	if pendingOnly {
		where += ` AND r.status = 'pending'`
	}
	rows, err := q.query(ctx, `SELECT `+requestCols+requestFrom+` WHERE `+where+` ORDER BY r.id DESC LIMIT 500`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.AccessRequest
	err = eachRow(rows, func() error {
		r, err := scanRequest(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// AccessRequest reads one request.
func (q *Q) AccessRequest(ctx context.Context, id int64) (domain.AccessRequest, error) {
	r, err := scanRequest(q.db.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.ErrNotFound
	}
	return r, err
}

// DecideAccessRequest records an admin's decision on a pending request; false when it was no longer pending.
func (q *Q) DecideAccessRequest(ctx context.Context, r domain.AccessRequest, actor int64) (bool, error) {
	res, err := q.exec(ctx, `UPDATE access_requests SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5,
		invitation_id = $6, role = $7, until = $8 WHERE id = $1 AND status = 'pending'`,
		r.ID, r.Status, nullInt(actor), ts(q.now), r.DecisionReason, nullInt(r.InvitationID), r.Role, r.Until)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
