package service

import (
	"context"
	"io"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/store"
)

// ExportColumns are the columns of a contact list export by their machine names, the header of the
// machine variant.
func ExportColumns() []string { return export.ContactColumns() }

// ContactExportFormats are the formats of a contact list export.
func ContactExportFormats() []string { return []string{string(export.CSV), string(export.XLSX)} }

// ExportContactsAs writes every visible contact matching f — the current list or a saved list — as "csv" or
// "xlsx" to w, and records the export — who, what filter, how many rows — in the audit trail. With lang ""
// it writes the machine variant (column names such as display_name, status codes, ISO dates; CSV without a
// byte order mark), with "en" or "de" the variant for people (translated titles and statuses, dates as the
// language writes them; CSV with a byte order mark for spreadsheets).
//
// The export covers exactly the list the actor sees or is refused: a unit outside the actor's sight is
// ErrNotFound, a list the actor may see but not export (contacts.export) is ErrForbidden. An invalid
// filter, format or language, and a refusal, fail before anything is written.
func (s *Service) ExportContactsAs(ctx context.Context, a *access.Actor, f domain.ContactFilter, format, lang string, w io.Writer) (int, error) {
	ff, err := export.ParseFormat(format, export.ContactListFormats()...)
	if err != nil {
		return 0, err
	}
	if lang != "" && !slices.Contains(i18n.Languages(), lang) {
		return 0, domain.Invalid("lang", "invalid_choice")
	}
	if err := validateFilter(f); err != nil {
		return 0, err
	}
	if err := s.ExportAllowed(ctx, a, f.UnitID); err != nil {
		return 0, err
	}
	list, err := export.NewContactList(w, ff, s.cat, lang)
	if err != nil {
		return 0, err
	}
	rows, err := s.exportContacts(ctx, a, f, list)
	if err != nil {
		list.Abort()
		return rows, err
	}
	if err := list.Close(); err != nil {
		return rows, err
	}
	return rows, s.st.Write(ctx, func(q *store.Q) error {
		return audit(ctx, q, a, "contact.export", "contact_list", 0, 0, f.UnitID, map[string]domain.Change{
			"rows": {Old: nil, New: rows}, "filter": {Old: nil, New: f}, "format": {Old: nil, New: string(ff)}})
	})
}

// ExportAllowed tells whether the actor may export the list of unit's subtree (0: the whole list the actor
// sees): nil when so, ErrNotFound when the unit is out of the actor's sight, ErrForbidden when the actor sees
// the list but holds contacts.export on none or only part of it. A refused export is refused as a whole,
// never silently cut down to a part of the list on the screen.
func (s *Service) ExportAllowed(ctx context.Context, a *access.Actor, unitID int64) error {
	q := s.st.Read()
	read, exp := a.Scope.Roots(access.ReadContacts), a.Scope.Roots(access.ExportContacts)
	if unitID != 0 {
		if ok, err := q.IsUnder(ctx, unitID, read); err != nil || !ok {
			return errOr(err, domain.ErrNotFound)
		}
		if ok, err := q.IsUnder(ctx, unitID, exp); err != nil || !ok {
			return errOr(err, domain.ErrForbidden)
		}
		return nil
	}
	if len(exp) == 0 {
		return domain.ErrForbidden
	}
	for _, r := range read {
		if slices.Contains(exp, r) {
			continue
		}
		if ok, err := q.IsUnder(ctx, r, exp); err != nil || !ok {
			return errOr(err, domain.ErrForbidden)
		}
	}
	return nil
}

// errOr is err when set, else the refusal: a failed check's own error wins over its verdict.
func errOr(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// exportContacts pages through the list into the file, adding what letters need to each page's summaries.
func (s *Service) exportContacts(ctx context.Context, a *access.Actor, f domain.ContactFilter, list *export.ContactList) (int, error) {
	rows := 0
	var after int64
	ids := make([]int64, 0, MaxPageSize)
	for {
		page, err := s.ListContacts(ctx, a, f, after, MaxPageSize)
		if err != nil {
			return rows, err
		}
		ids = ids[:0]
		for _, c := range page.Contacts {
			ids = append(ids, c.ID)
		}
		letters, err := s.st.Read().LetterFields(ctx, a.Scope, access.ExportContacts, ids)
		if err != nil {
			return rows, err
		}
		for _, c := range page.Contacts {
			l := letters[c.ID]
			if err := list.Add(export.ContactRow{ID: c.ID, Name: c.DisplayName, MemberNumber: c.MemberNumber,
				Status: c.Status, HomeUnit: c.HomeUnit.Name, Email: c.Email, Phone: c.Phone, Street: l.Street,
				PostalCode: c.PostalCode, City: c.City, PaidUpUntil: l.PaidUpUntil}); err != nil {
				return rows, err
			}
			rows++
		}
		if page.Next == 0 {
			return rows, nil
		}
		after = page.Next
	}
}
