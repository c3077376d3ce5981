package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// TrashContact moves a contact to the trash, from where it can be restored.
func (s *Service) TrashContact(ctx context.Context, a *access.Actor, id int64) error {
	return s.setTrashed(ctx, a, id, true)
}

// RestoreContact takes a contact out of the trash.
func (s *Service) RestoreContact(ctx context.Context, a *access.Actor, id int64) error {
	return s.setTrashed(ctx, a, id, false)
}

func (s *Service) setTrashed(ctx context.Context, a *access.Actor, id int64, trash bool) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.editable(ctx, q, a, id)
		if err != nil {
			return err
		}
		c := sc.Contact()
		if (c.DeletedAt != nil) == trash {
			return nil
		}
		if err := q.TrashContact(ctx, sc, !trash, a.UserID); err != nil {
			return err
		}
		action := "contact.trash"
		if !trash {
			action = "contact.restore"
		}
		return audit(ctx, q, a, action, "contact", id, id, c.HomeUnit.ID, nil)
	})
}

// PurgeContact deletes a trashed contact for good: its data and the personal data in its history are gone;
// the audit trail keeps who purged which record number and when.
func (s *Service) PurgeContact(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.inScope(ctx, q, a, access.PurgeContacts, id)
		if err != nil {
			return err
		}
		c := sc.Contact()
		if c.DeletedAt == nil {
			return domain.Invalid("contact", "not_in_trash")
		}
		if err := q.PurgeContact(ctx, sc); err != nil {
			return err
		}
		return audit(ctx, q, a, "contact.purge", "contact", id, 0, c.HomeUnit.ID, nil)
	})
}
