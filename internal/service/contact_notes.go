package service

import (
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// Notes lists the notes of a visible contact.
func (s *Service) Notes(ctx context.Context, a *access.Actor, contactID int64) ([]domain.Note, error) {
	q := s.st.Read()
	if _, err := q.Contact(ctx, a.Scope, access.ReadContacts, contactID); err != nil {
		return nil, err
	}
	l, err := q.Notes(ctx, a.Scope, contactID)
	if l == nil {
		l = []domain.Note{}
	}
	return l, err
}

// AddNote adds a note to a contact the actor may edit.
func (s *Service) AddNote(ctx context.Context, a *access.Actor, contactID int64, body string) (domain.Note, error) {
	n := domain.Note{ContactID: contactID}
	var p domain.Problems
	n.Body = text(&p, "body", body, maxNoteLength, true)
	if err := p.Err(); err != nil {
		return n, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.editable(ctx, q, a, contactID)
		if err != nil {
			return err
		}
		if err := q.InsertNote(ctx, sc, &n, a.UserID); err != nil {
			return err
		}
		n.CreatedBy = a.Label()
		return audit(ctx, q, a, "note.create", "note", n.ID, contactID, sc.Contact().HomeUnit.ID,
			map[string]domain.Change{"body": {Old: "", New: n.Body}})
	})
	return n, err
}

// Relationships lists a visible contact's relationships to other visible contacts.
func (s *Service) Relationships(ctx context.Context, a *access.Actor, contactID int64) ([]domain.Relationship, error) {
	q := s.st.Read()
	if _, err := q.Contact(ctx, a.Scope, access.ReadContacts, contactID); err != nil {
		return nil, err
	}
	l, err := q.Relationships(ctx, a.Scope, contactID)
	if l == nil {
		l = []domain.Relationship{}
	}
	return l, err
}

// AddRelationship links a contact the actor may edit to another contact the actor can see.
func (s *Service) AddRelationship(ctx context.Context, a *access.Actor, contactID, otherID int64, kind string) (domain.Relationship, error) {
	r := domain.Relationship{ContactID: contactID, Kind: kind, Other: domain.ContactRef{ID: otherID}}
	if !slices.Contains(domain.RelationshipKinds(), kind) {
		return r, domain.Invalid("kind", "invalid_choice")
	}
	if otherID == contactID {
		return r, domain.Invalid("other_contact_id", "self_relationship")
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.editable(ctx, q, a, contactID)
		if err != nil {
			return err
		}
		other, err := q.ContactInScope(ctx, a.Scope, access.ReadContacts, otherID)
		if err == domain.ErrNotFound {
			return domain.Invalid("other_contact_id", "unknown_contact")
		} else if err != nil {
			return err
		}
		r.Other.Name = other.Contact().DisplayName
		if err := q.InsertRelationship(ctx, sc, other, &r, a.UserID); err != nil {
			return uniqueToField(err, "other_contact_id")
		}
		return audit(ctx, q, a, "relationship.create", "relationship", r.ID, contactID, sc.Contact().HomeUnit.ID,
			map[string]domain.Change{"relationship": {Old: "", New: kind + " #" + itoa(otherID)}})
	})
	return r, err
}

// DeleteRelationship removes a relationship; the actor must be able to edit one side and see the other.
func (s *Service) DeleteRelationship(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		x, y, kind, err := q.RelationshipEnds(ctx, id)
		if err != nil {
			return err
		}
		var ends [2]*store.ScopedContact
		for i, end := range []int64{x, y} {
			if ends[i], err = q.ContactInScope(ctx, a.Scope, access.ReadContacts, end); err != nil {
				return err
			}
		}
		edit, other := s.editableEnd(ctx, q, a, ends)
		if edit == nil {
			return domain.ErrForbidden
		}
		if err := q.DeleteRelationship(ctx, edit, other, id); err != nil {
			return err
		}
		return audit(ctx, q, a, "relationship.delete", "relationship", id, x, ends[0].Contact().HomeUnit.ID,
			map[string]domain.Change{"relationship": {Old: kind + " #" + itoa(y), New: ""}})
	})
}

// editableEnd returns the first end of a relationship that the actor may edit, read for writing, and the
// other end; nil when neither is editable.
func (s *Service) editableEnd(ctx context.Context, q *store.Q, a *access.Actor, ends [2]*store.ScopedContact) (edit, other *store.ScopedContact) {
	for i, end := range ends {
		if sc, err := q.ContactInScope(ctx, a.Scope, access.WriteContacts, end.ID()); err == nil {
			return sc, ends[1-i]
		}
	}
	return nil, nil
}
