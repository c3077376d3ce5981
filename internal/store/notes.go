package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// Notes lists the notes of a visible contact, newest first.
func (q *Q) Notes(ctx context.Context, s access.Scope, contactID int64) ([]domain.Note, error) {
	var a args
	id := a.add(contactID)
	rows, err := q.query(ctx, `SELECT n.id, n.contact_id, n.body, n.created_at, COALESCE(u.email, n.created_by_name, '')
		FROM contact_notes n JOIN contacts c ON c.id = n.contact_id LEFT JOIN users u ON u.id = n.created_by
		WHERE n.contact_id = `+id+` AND `+visibleSQL(&a, "c", s, access.ReadContacts)+` ORDER BY n.id DESC`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.Note
	err = eachRow(rows, func() error {
		var n domain.Note
		err := rows.Scan(&n.ID, &n.ContactID, &n.Body, reqTime{&n.CreatedAt}, &n.CreatedBy)
		out = append(out, n)
		return err
	})
	return out, err
}

// InsertNote adds a note to a contact.
func (q *Q) InsertNote(ctx context.Context, sc *ScopedContact, n *domain.Note, actor int64) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	n.ContactID, n.CreatedAt = id, q.now
	err = q.db.QueryRowContext(ctx, `INSERT INTO contact_notes (contact_id, body, created_at, created_by)
		VALUES ($1, $2, $3, $4) RETURNING id`, id, n.Body, ts(q.now), nullInt(actor)).Scan(&n.ID)
	return q.wrapNil(err, "INSERT INTO contact_notes")
}

// Relationships lists a contact's relationships in both directions, but only to contacts the scope can see:
// a relationship never reveals the name of someone out of scope.
func (q *Q) Relationships(ctx context.Context, s access.Scope, contactID int64) ([]domain.Relationship, error) {
	var a args
	id := a.add(contactID)
	visSelf := visibleSQL(&a, "c", s, access.ReadContacts)
	visOther := visibleSQL(&a, "o", s, access.ReadContacts)
	rows, err := q.query(ctx, `SELECT x.id, x.kind, x.reverse, o.id, o.display_name, x.created_at FROM (
			SELECT id, kind, FALSE AS reverse, other_contact_id AS other, created_at FROM relationships WHERE contact_id = `+id+`
			UNION ALL
			SELECT id, kind, TRUE, contact_id, created_at FROM relationships WHERE other_contact_id = `+id+`
		) x JOIN contacts o ON o.id = x.other JOIN contacts c ON c.id = `+id+`
		WHERE o.deleted_at IS NULL AND `+visSelf+` AND `+visOther+` ORDER BY o.sort_key, x.id`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.Relationship
	err = eachRow(rows, func() error {
		var r domain.Relationship
		var reverse bool
		if err := rows.Scan(&r.ID, &r.Kind, &reverse, &r.Other.ID, &r.Other.Name, reqTime{&r.CreatedAt}); err != nil {
			return err
		}
		r.ContactID = contactID
		if reverse {
			r.Kind = domain.ReverseRelationship(r.Kind)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// InsertRelationship links a contact to another one, which need only be visible.
func (q *Q) InsertRelationship(ctx context.Context, sc, other *ScopedContact, r *domain.Relationship, actor int64) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	otherID, err := q.scoped(other)
	if err != nil {
		return err
	}
	r.ContactID, r.Other.ID, r.CreatedAt = id, otherID, q.now
	err = q.db.QueryRowContext(ctx, `INSERT INTO relationships (contact_id, other_contact_id, kind, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, otherID, r.Kind, ts(q.now), nullInt(actor)).Scan(&r.ID)
	return q.wrapNil(err, "INSERT INTO relationships")
}

// RelationshipEnds returns the two contacts of a relationship.
func (q *Q) RelationshipEnds(ctx context.Context, id int64) (a, b int64, kind string, err error) {
	err = q.db.QueryRowContext(ctx, `SELECT contact_id, other_contact_id, kind FROM relationships WHERE id = $1`, id).Scan(&a, &b, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		err = domain.ErrNotFound
	}
	return a, b, kind, err
}

// DeleteRelationship removes the relationship id between a contact read for writing and another one read
// for seeing, in either direction; ErrNotFound when it does not link the two.
func (q *Q) DeleteRelationship(ctx context.Context, sc, other *ScopedContact, id int64) error {
	x, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	y, err := q.scoped(other)
	if err != nil {
		return err
	}
	res, err := q.exec(ctx, `DELETE FROM relationships WHERE id = $1
		AND ((contact_id = $2 AND other_contact_id = $3) OR (contact_id = $3 AND other_contact_id = $2))`, id, x, y)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}
