package service

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/store"
)

// AccreditationFormats are the formats of an accreditation list.
func AccreditationFormats() []string {
	var out []string
	for _, f := range export.AccreditationFormats() {
		out = append(out, string(f))
	}
	return out
}

// AccreditationOptions say how an accreditation list is written.
type AccreditationOptions struct {
	Format      string      // "csv", "xlsx" or "pdf"
	Lang        string      // the language of its words; "" for the actor's
	Meeting     string      // the meeting's name, for the heading; "" for none
	MeetingDate domain.Date // the meeting's day, for the heading; zero for none
}

// AccreditationList writes the accreditation list of a unit to w as opt says: every member in good standing
// today (status new or current) whose home unit lies in the unit's subtree, by name, with member number, unit,
// status, whether entitled to vote, and an empty column to sign in. The PDF is headed with the meeting's name
// and day when given. A unit outside the actor's scope is ErrNotFound, one the actor sees but may not export
// (contacts.export) ErrForbidden, and nothing is written. The export is recorded in the audit trail with the
// unit, format and number of rows, which it returns.
func (s *Service) AccreditationList(ctx context.Context, a *access.Actor, unitID int64, opt AccreditationOptions, w io.Writer) (int, error) {
	f, err := export.ParseFormat(opt.Format, export.AccreditationFormats()...)
	if err != nil {
		return 0, err
	}
	var p domain.Problems
	meeting := text(&p, "meeting", opt.Meeting, maxShort, false)
	if err := p.Err(); err != nil {
		return 0, err
	}
	unit, err := s.Unit(ctx, a, unitID)
	if err != nil {
		return 0, err
	}
	if err := s.ExportAllowed(ctx, a, unitID); err != nil {
		return 0, err
	}
	today := s.Today()
	lang := exportLanguage(a, opt.Lang)
	doc, err := export.NewAccreditation(w, f, s.cat, lang, export.AccreditationInfo{Unit: unit.Name, Date: today,
		Meeting: meeting, MeetingDate: opt.MeetingDate})
	if err != nil {
		return 0, err
	}
	err = s.st.Read().AccreditationList(ctx, a.Scope, unitID, today, func(m store.AccreditationMember) error {
		return doc.Add(export.AccreditationRow{MemberNumber: m.MemberNumber, Name: accreditationName(m), Unit: m.HomeUnit,
			Status: m.Status, EntitledToVote: m.EntitledToVote})
	})
	if err != nil {
		doc.Abort()
		return doc.Rows(), err
	}
	if err := doc.Close(); err != nil {
		return doc.Rows(), err
	}
	rows := doc.Rows()
	changes := map[string]domain.Change{"rows": {Old: nil, New: rows}, "format": {Old: nil, New: string(f)},
		"unit": {Old: nil, New: unit.Name}, "as_of": {Old: nil, New: today.String()}}
	if meeting != "" {
		changes["meeting"] = domain.Change{Old: nil, New: meeting}
	}
	return rows, s.st.Write(ctx, func(q *store.Q) error {
		return audit(ctx, q, a, "contact.export_accreditation", "unit", unitID, 0, unitID, changes)
	})
}

// accreditationName is the name as an alphabetical list shows it: "Family, Given Middle" for people, the
// display name for households and organizations.
func accreditationName(m store.AccreditationMember) string {
	if m.Kind != domain.KindPerson || m.FamilyName == "" {
		return m.DisplayName
	}
	given := strings.TrimSpace(strings.Join(strings.Fields(m.GivenName+" "+m.MiddleName), " "))
	if given == "" {
		return m.FamilyName
	}
	return m.FamilyName + ", " + given
}

// exportLanguage picks the language of an exported file: the one asked for, else the actor's, else English.
func exportLanguage(a *access.Actor, lang string) string {
	for _, l := range []string{lang, a.Language} {
		if slices.Contains(i18n.Languages(), l) {
			return l
		}
	}
	return i18n.Languages()[0]
}
