package service

import (
	"context"
	"errors"
	"io"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/store"
)

// maxReportHistory bounds the history entries of a personal data report; no real contact comes near it.
const maxReportHistory = 100000

// PersonDataFormats are the formats of a personal data report.
func PersonDataFormats() []string { return []string{string(export.JSON), string(export.PDF)} }

// PersonData writes everything Roster holds about a visible contact — contact details, e-mail addresses,
// phones, addresses, external ids, tags, units, attributes, memberships, notes, relationships and the
// history of changes — as "json" or "pdf" (words in lang, "" for the actor's language): the answer to a
// data-subject access request. Relationships to contacts outside the actor's scope are left out, as
// everywhere. A contact outside the scope is ErrNotFound, one the actor sees but may not export
// (contacts.export) ErrForbidden, and nothing is written. The export is audited.
func (s *Service) PersonData(ctx context.Context, a *access.Actor, contactID int64, format, lang string, w io.Writer) error {
	f, err := export.ParseFormat(format, export.PersonFormats()...)
	if err != nil {
		return err
	}
	r, err := s.personReport(ctx, a, contactID)
	if err != nil {
		return err
	}
	if err := export.WritePerson(w, f, s.cat, exportLanguage(a, lang), r); err != nil {
		return err
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		return audit(ctx, q, a, "contact.export_person", "contact", contactID, contactID, r.Contact.HomeUnit.ID,
			map[string]domain.Change{"format": {Old: nil, New: string(f)}})
	})
}

// CanExportContact reports whether the actor may take a visible contact's data out as a file: whether its
// home unit or one of its affiliations lies in the actor's contacts.export scope.
func (s *Service) CanExportContact(ctx context.Context, a *access.Actor, c *domain.Contact) bool {
	roots := a.Scope.Roots(access.ExportContacts)
	q := s.st.Read()
	for _, unit := range append([]domain.UnitRef{c.HomeUnit}, c.Affiliations...) {
		if ok, err := q.IsUnder(ctx, unit.ID, roots); err == nil && ok {
			return true
		}
	}
	return false
}

// personReport gathers the report from one read of each kind of data, all through the actor's scope.
func (s *Service) personReport(ctx context.Context, a *access.Actor, id int64) (*export.Person, error) {
	q := s.st.Read()
	c, err := q.Contact(ctx, a.Scope, access.ExportContacts, id)
	if errors.Is(err, domain.ErrNotFound) {
		if _, err2 := q.Contact(ctx, a.Scope, access.ReadContacts, id); err2 == nil {
			return nil, domain.ErrForbidden // seen, but not to be taken out as a file
		}
	}
	if err != nil {
		return nil, err
	}
	r := &export.Person{GeneratedAt: s.now(), GeneratedFor: a.Label(), Contact: c}
	if r.Memberships, err = q.Memberships(ctx, a.Scope, id); err != nil {
		return nil, err
	}
	today, deceased := s.Today(), !c.DeceasedOn.IsZero()
	for i := range r.Memberships {
		r.Memberships[i].Status = r.Memberships[i].StatusOn(today, deceased)
	}
	c.Membership = domain.Summarize(r.Memberships, today, deceased)
	if r.Notes, err = q.Notes(ctx, a.Scope, id); err != nil {
		return nil, err
	}
	if r.Relationships, err = q.Relationships(ctx, a.Scope, id); err != nil {
		return nil, err
	}
	if r.History, err = q.ContactHistory(ctx, a.Scope, id, maxReportHistory); err != nil {
		return nil, err
	}
	r.Memberships = emptyList(r.Memberships)
	r.Notes = emptyList(r.Notes)
	r.Relationships = emptyList(r.Relationships)
	r.History = emptyList(r.History)
	return r, nil
}

// emptyList makes an empty list come out as [] rather than null in JSON.
func emptyList[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}
