package store

import (
	"context"
	"fmt"
)

// Memberships writes periods of loaded contacts with new ids. Their derived dates follow the settings of the
// type of that name here, which MembershipTypes found or created.
func (l *ArchiveLoad) Memberships(ctx context.Context, batch []ArchiveMembership) error {
	ids, err := l.q.reserveIDs(ctx, "memberships", len(batch))
	if err != nil {
		return err
	}
	d := l.q.d
	rows := make([][]any, 0, len(batch))
	for i, am := range batch {
		m := am.Membership
		c, err := l.ref(l.contacts, "contact", m.ContactID)
		if err != nil {
			return err
		}
		t, ok := l.types[m.TypeName]
		if !ok {
			return fmt.Errorf("archive: membership type %q was not loaded", m.TypeName)
		}
		by, names, err := l.authorsOf(ctx, am.CreatedBy, am.UpdatedBy)
		if err != nil {
			return err
		}
		m.Derive(t)
		l.memberships[m.ID] = ids[i]
		rows = append(rows, []any{ids[i], c, t.ID, d.bulkDate(m.StartDate), d.bulkDate(m.EndDate),
			d.bulkDate(m.PaidUntil), m.Pending, m.JoinMethod, m.EndReason, m.Notes, d.bulkDate(m.ValidUntil),
			d.bulkDate(m.GraceUntil), d.bulkDate(m.NewUntil), d.bulkDate(m.VoteFrom), d.bulkTime(m.CreatedAt), by[0],
			d.bulkTime(m.UpdatedAt), by[1], names[0], names[1]})
	}
	return l.bw.copy(ctx, "memberships", []string{"id", "contact_id", "type_id", "start_date", "end_date",
		"paid_until", "pending", "join_method", "end_reason", "notes", "valid_until", "grace_until", "new_until",
		"vote_from", "created_at", "created_by", "updated_at", "updated_by", "created_by_name", "updated_by_name"}, rows)
}

// Notes writes notes of loaded contacts with new ids (ContactID is an archive id, CreatedBy an e-mail).
func (l *ArchiveLoad) Notes(ctx context.Context, batch []ArchiveNote) error {
	ids, err := l.q.reserveIDs(ctx, "contact_notes", len(batch))
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(batch))
	for i, n := range batch {
		c, err := l.ref(l.contacts, "contact", n.ContactID)
		if err != nil {
			return err
		}
		by, names, err := l.authorsOf(ctx, n.CreatedBy)
		if err != nil {
			return err
		}
		l.notes[n.ID] = ids[i]
		rows = append(rows, []any{ids[i], c, n.Body, l.q.d.bulkTime(n.CreatedAt), by[0], names[0]})
	}
	return l.bw.copy(ctx, "contact_notes", []string{"id", "contact_id", "body", "created_at", "created_by",
		"created_by_name"}, rows)
}

// Relationships writes relationships between loaded contacts with new ids.
func (l *ArchiveLoad) Relationships(ctx context.Context, batch []ArchiveRelationship) error {
	ids, err := l.q.reserveIDs(ctx, "relationships", len(batch))
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(batch))
	for i, r := range batch {
		c, err := l.ref(l.contacts, "contact", r.ContactID)
		if err != nil {
			return err
		}
		o, err := l.ref(l.contacts, "contact", r.OtherID)
		if err != nil {
			return err
		}
		by, names, err := l.authorsOf(ctx, r.CreatedBy)
		if err != nil {
			return err
		}
		l.relationships[r.ID] = ids[i]
		rows = append(rows, []any{ids[i], c, o, r.Kind, l.q.d.bulkTime(r.CreatedAt), by[0], names[0]})
	}
	return l.bw.copy(ctx, "relationships", []string{"id", "contact_id", "other_contact_id", "kind", "created_at",
		"created_by", "created_by_name"}, rows)
}

// History writes audit entries about loaded contacts with their original time, actor label, action and
// changes. The contact, and the record when the archive holds it, are re-pointed to their new ids; a record of
// a kind the archive holds but not this one gets entity id 0, other kinds keep theirs. A unit outside the
// archive becomes the archive's root. The source's user ids mean nothing here: the actor is kept as its label.
func (l *ArchiveLoad) History(ctx context.Context, batch []ArchiveHistory) error {
	rows := make([][]any, 0, len(batch))
	for _, h := range batch {
		c, err := l.ref(l.contacts, "contact", h.ContactID)
		if err != nil {
			return err
		}
		entity := h.EntityID
		if m := l.entityMap(h.EntityType); m != nil {
			entity = m[h.EntityID]
		}
		var unit any
		if h.UnitID != 0 {
			u, ok := l.units[h.UnitID]
			if !ok {
				u = l.root
			}
			unit = u
		}
		var changes any
		if h.RawChanges != "" {
			changes = h.RawChanges
		}
		rows = append(rows, []any{l.q.d.bulkTime(h.At), h.ActorName, h.Action, h.EntityType, entity, c, unit,
			changes, h.Redacted})
	}
	return l.bw.copy(ctx, "audit_log", []string{"at", "actor_label", "action", "entity_type", "entity_id",
		"contact_id", "unit_id", "changes", "redacted"}, rows)
}

func (l *ArchiveLoad) entityMap(kind string) map[int64]int64 {
	switch kind {
	case "contact":
		return l.contacts
	case "membership":
		return l.memberships
	case "note":
		return l.notes
	case "relationship":
		return l.relationships
	}
	return nil
}
