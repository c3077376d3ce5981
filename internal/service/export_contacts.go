package service

import (
	"context"
	"io"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/store"
)

// ExportColumns are the columns of a contact list export.
func ExportColumns() []string {
	return []string{"id", "display_name", "member_number", "status", "home_unit", "email", "phone", "postal_code", "city"}
}

// ContactExportFormats are the formats of a contact list export.
func ContactExportFormats() []string { return []string{string(export.CSV), string(export.XLSX)} }

// ExportContacts writes every visible contact matching f as CSV to w, without a byte order mark (callers
// that serve the file to spreadsheets write one first), and records the export — who, what filter, how many
// rows — in the audit trail. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
func (s *Service) ExportContacts(ctx context.Context, a *access.Actor, f domain.ContactFilter, w io.Writer) (int, error) {
	if err := validateFilter(f); err != nil {
		return 0, err
	}
	t, err := export.NewCSV(w, exportColumns(), false)
	if err != nil {
		return 0, err
	}
	return s.exportContacts(ctx, a, f, export.CSV, t)
}

// ExportContactsAs writes every visible contact matching f — the current list or a saved list — as "csv"
// (UTF-8 with a byte order mark) or "xlsx" to w, and records the export in the audit trail. An invalid
// filter or format fails before anything is written.
func (s *Service) ExportContactsAs(ctx context.Context, a *access.Actor, f domain.ContactFilter, format string, w io.Writer) (int, error) {
	ff, err := export.ParseFormat(format, export.CSV, export.XLSX)
	if err != nil {
		return 0, err
	}
	if err := validateFilter(f); err != nil {
		return 0, err
	}
	t, err := export.NewTable(w, ff, "Contacts", exportColumns())
	if err != nil {
		return 0, err
	}
	return s.exportContacts(ctx, a, f, ff, t)
}

func exportColumns() []export.Column {
	widths := []float64{8, 30, 14, 10, 24, 30, 18, 10, 20}
	cols := make([]export.Column, len(widths))
	for i, name := range ExportColumns() {
		cols[i] = export.Column{Title: name, Width: widths[i]}
	}
	return cols
}

// exportContacts pages through the list into t, then audits the export.
func (s *Service) exportContacts(ctx context.Context, a *access.Actor, f domain.ContactFilter, format export.Format, t export.Table) (int, error) {
	rows := 0
	var after int64
	for {
		page, err := s.ListContacts(ctx, a, f, after, MaxPageSize)
		if err != nil {
			t.Abort()
			return rows, err
		}
		for _, c := range page.Contacts {
			if err := t.Row(strconv.FormatInt(c.ID, 10), c.DisplayName, c.MemberNumber, c.Status, c.HomeUnit.Name, c.Email,
				c.Phone, c.PostalCode, c.City); err != nil {
				t.Abort()
				return rows, err
			}
			rows++
		}
		if page.Next == 0 {
			break
		}
		after = page.Next
	}
	if err := t.Close(); err != nil {
		return rows, err
	}
	return rows, s.st.Write(ctx, func(q *store.Q) error {
		return audit(ctx, q, a, "contact.export", "contact_list", 0, 0, f.UnitID, map[string]domain.Change{
			"rows": {Old: nil, New: rows}, "filter": {Old: nil, New: f}, "format": {Old: nil, New: string(format)}})
	})
}
