package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

const typeCols = `id, name, duration_months, grace_days, new_days, voting, vote_after_days, requires_dues, active,
	created_at, updated_at`

func scanType(sc interface{ Scan(...any) error }) (domain.MembershipType, error) {
	var t domain.MembershipType
	err := sc.Scan(&t.ID, &t.Name, &t.DurationMonths, &t.GraceDays, &t.NewDays, &t.Voting, &t.VoteAfterDays,
		&t.RequiresDues, &t.Active, reqTime{&t.CreatedAt}, reqTime{&t.UpdatedAt})
	return t, err
}

// MembershipTypes lists all membership types by name.
func (q *Q) MembershipTypes(ctx context.Context) ([]domain.MembershipType, error) {
	rows, err := q.query(ctx, `SELECT `+typeCols+` FROM membership_types ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []domain.MembershipType
	err = eachRow(rows, func() error {
		t, err := scanType(rows)
		out = append(out, t)
		return err
	})
	return out, err
}

// MembershipType reads one type.
func (q *Q) MembershipType(ctx context.Context, id int64) (domain.MembershipType, error) {
	t, err := scanType(q.db.QueryRowContext(ctx, `SELECT `+typeCols+` FROM membership_types WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.ErrNotFound
	}
	return t, err
}

// SaveMembershipType inserts (ID 0) or updates a type.
func (q *Q) SaveMembershipType(ctx context.Context, t *domain.MembershipType) error {
	if t.ID == 0 {
		t.CreatedAt, t.UpdatedAt = q.now, q.now
		err := q.db.QueryRowContext(ctx, `INSERT INTO membership_types (name, duration_months, grace_days, new_days,
			voting, vote_after_days, requires_dues, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			t.Name, t.DurationMonths, t.GraceDays, t.NewDays, t.Voting, t.VoteAfterDays, t.RequiresDues, t.Active,
			ts(q.now)).Scan(&t.ID)
		return q.wrapNil(err, "INSERT INTO membership_types")
	}
	t.UpdatedAt = q.now
	_, err := q.exec(ctx, `UPDATE membership_types SET name = $2, duration_months = $3, grace_days = $4,
		new_days = $5, voting = $6, vote_after_days = $7, requires_dues = $8, active = $9, updated_at = $10
		WHERE id = $1`, t.ID, t.Name, t.DurationMonths, t.GraceDays, t.NewDays, t.Voting, t.VoteAfterDays,
		t.RequiresDues, t.Active, ts(q.now))
	return err
}

const membershipCols = `m.id, m.contact_id, m.type_id, t.name, m.start_date, m.end_date, m.paid_until, m.pending,
	m.join_method, m.end_reason, m.notes, m.valid_until, m.grace_until, m.new_until, m.vote_from, m.created_at,
	m.updated_at`

func scanMembership(sc interface{ Scan(...any) error }) (domain.Membership, error) {
	var m domain.Membership
	err := sc.Scan(&m.ID, &m.ContactID, &m.TypeID, &m.TypeName, &m.StartDate, &m.EndDate, &m.PaidUntil, &m.Pending,
		&m.JoinMethod, &m.EndReason, &m.Notes, &m.ValidUntil, &m.GraceUntil, &m.NewUntil, &m.VoteFrom,
		reqTime{&m.CreatedAt}, reqTime{&m.UpdatedAt})
	return m, err
}

// Memberships lists the periods of a contact visible to the scope, oldest first.
func (q *Q) Memberships(ctx context.Context, s access.Scope, contactID int64) ([]domain.Membership, error) {
	var a args
	id := a.add(contactID)
	rows, err := q.query(ctx, `SELECT `+membershipCols+` FROM memberships m
		JOIN membership_types t ON t.id = m.type_id JOIN contacts c ON c.id = m.contact_id
		WHERE m.contact_id = `+id+` AND `+visibleSQL(&a, "c", s, access.ReadContacts)+`
		ORDER BY m.start_date, m.id`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.Membership
	err = eachRow(rows, func() error {
		m, err := scanMembership(rows)
		out = append(out, m)
		return err
	})
	return out, err
}

// Membership reads one period if the scope's capability covers its contact.
func (q *Q) Membership(ctx context.Context, s access.Scope, cap access.Capability, id int64) (domain.Membership, error) {
	var a args
	idp := a.add(id)
	pred := scopePredicate(&a, "c", s, cap)
	m, err := scanMembership(q.db.QueryRowContext(ctx, `SELECT `+membershipCols+` FROM memberships m
		JOIN membership_types t ON t.id = m.type_id JOIN contacts c ON c.id = m.contact_id
		WHERE m.id = `+idp+` AND `+pred, a.list...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, err
}

// SaveMembership inserts (ID 0) or updates a period of the contact sc and re-points the contact's current
// membership. An update of a period that belongs to another contact is ErrNotFound.
func (q *Q) SaveMembership(ctx context.Context, sc *ScopedContact, m *domain.Membership, actor int64) error {
	contactID, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	if m.ID == 0 {
		m.ContactID, m.CreatedAt, m.UpdatedAt = contactID, q.now, q.now
		err := q.db.QueryRowContext(ctx, `INSERT INTO memberships (contact_id, type_id, start_date, end_date,
			paid_until, pending, join_method, end_reason, notes, valid_until, grace_until, new_until, vote_from,
			created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $15) RETURNING id`,
			contactID, m.TypeID, m.StartDate, m.EndDate, m.PaidUntil, m.Pending, m.JoinMethod, m.EndReason, m.Notes,
			m.ValidUntil, m.GraceUntil, m.NewUntil, m.VoteFrom, ts(q.now), nullInt(actor)).Scan(&m.ID)
		if err != nil {
			return q.wrap(err, "INSERT INTO memberships")
		}
		return q.repointCurrentMembership(ctx, contactID)
	}
	m.UpdatedAt = q.now
	res, err := q.exec(ctx, `UPDATE memberships SET type_id = $2, start_date = $3, end_date = $4, paid_until = $5,
		pending = $6, join_method = $7, end_reason = $8, notes = $9, valid_until = $10, grace_until = $11,
		new_until = $12, vote_from = $13, updated_at = $14, updated_by = $15, updated_by_name = NULL
		WHERE id = $1 AND contact_id = $16`,
		m.ID, m.TypeID, m.StartDate, m.EndDate, m.PaidUntil, m.Pending, m.JoinMethod, m.EndReason, m.Notes,
		m.ValidUntil, m.GraceUntil, m.NewUntil, m.VoteFrom, ts(q.now), nullInt(actor), contactID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return q.repointCurrentMembership(ctx, contactID)
}

// repointCurrentMembership makes the contact's latest-starting period its current one.
func (q *Q) repointCurrentMembership(ctx context.Context, contactID int64) error {
	_, err := q.exec(ctx, `UPDATE contacts SET current_membership_id = (
		SELECT id FROM memberships WHERE contact_id = $1 ORDER BY start_date DESC, id DESC LIMIT 1) WHERE id = $1`, contactID)
	return err
}

// MembershipsOfType lists every period of a type, for re-deriving dates after the type's settings change.
func (q *Q) MembershipsOfType(ctx context.Context, typeID int64) ([]domain.Membership, error) {
	rows, err := q.query(ctx, `SELECT `+membershipCols+` FROM memberships m JOIN membership_types t ON t.id = m.type_id
		WHERE m.type_id = $1`, typeID)
	if err != nil {
		return nil, err
	}
	var out []domain.Membership
	err = eachRow(rows, func() error {
		m, err := scanMembership(rows)
		out = append(out, m)
		return err
	})
	return out, err
}

// UpdateDerivedDates rewrites only the derived dates of a period.
func (q *Q) UpdateDerivedDates(ctx context.Context, m domain.Membership) error {
	_, err := q.exec(ctx, `UPDATE memberships SET valid_until = $2, grace_until = $3, new_until = $4, vote_from = $5
		WHERE id = $1`, m.ID, m.ValidUntil, m.GraceUntil, m.NewUntil, m.VoteFrom)
	return err
}
