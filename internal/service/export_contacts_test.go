package service_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestExportContactsAsXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		if _, err := f.svc.UpdateContact(f.ctx, w.officer, w.inA.ID, domain.ContactInput{DisplayName: ptr("=HYPERLINK(\"http://x\")")}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "xlsx", "", &buf)
		if err != nil || n != 1 {
			t.Fatalf("export: %d %v", n, err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetName(0)
		rows, err := x.GetRows(sheet)
		if err != nil || len(rows) != 2 || !slices.Equal(rows[0], service.ExportColumns()) || rows[1][2] != "555001" {
			t.Fatalf("rows %q %v", rows, err)
		}
		// A spreadsheet cell holds the text, not a formula.
		if formula, _ := x.GetCellFormula(sheet, "B2"); formula != "" {
			t.Errorf("B2 is the formula %q", formula)
		}
		if v, _ := x.GetCellValue(sheet, "B2"); v != "=HYPERLINK(\"http://x\")" {
			t.Errorf("B2 = %q", v)
		}
		buf.Reset()
		if n, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "csv", "de", &buf); err != nil || n != 1 ||
			!bytes.HasPrefix(buf.Bytes(), []byte("\ufeffRoster-ID,Name")) {
			t.Fatalf("csv export: %d %v %q", n, err, buf.String())
		}
		if _, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "pdf", "", &buf); !isInvalid(err, "format") {
			t.Errorf("pdf list export: %v", err)
		}
		if _, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "csv", "fr", &buf); !isInvalid(err, "lang") {
			t.Errorf("French list export: %v", err)
		}
		log, err := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{Action: "contact.export"})
		if err != nil || len(log) != 2 || log[1].Changes["format"].New != "xlsx" || log[0].Changes["format"].New != "csv" {
			t.Fatalf("audit %+v %v", log, err)
		}
	})
}

// A list export is enough for letters: street, postal code, city and paid-up-until come along, and phone
// numbers keep their plus.
func TestExportContactsForLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f, sys := w.f, w.f.system()
		if _, err := f.svc.UpdateContact(f.ctx, sys, w.inA.ID, domain.ContactInput{
			Addresses: &[]domain.Address{{Street: "Hauptstraße 5", PostalCode: "10115", City: "Berlin", Country: "DE"}},
			Phones:    &[]domain.Phone{{Number: "+49 30 1234567"}}}); err != nil {
			t.Fatal(err)
		}
		ty, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member")})
		if err != nil {
			t.Fatal(err)
		}
		paid := domain.Date{Year: 2026, Month: 12, Day: 31}
		if _, err := f.svc.AddMembership(f.ctx, sys, w.inA.ID, domain.MembershipInput{TypeID: &ty.ID,
			StartDate: ptr(domain.Date{Year: 2026, Month: 1, Day: 1}), PaidUntil: &paid}); err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string][]string{
			"":   {"Schmidt", "+49 30 1234567", "Hauptstraße 5", "10115", "Berlin", "2026-12-31"},
			"de": {"Schmidt", "+49 30 1234567", "Hauptstraße 5", "10115", "Berlin", "31.12.2026"},
		} {
			var buf bytes.Buffer
			if _, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "csv", lang, &buf); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%q: %q %v", lang, recs, err)
			}
			row := recs[1]
			got := []string{row[1][len(row[1])-7:], row[6], row[7], row[8], row[9], row[10]}
			if !slices.Equal(got, want) {
				t.Errorf("lang %q: %q, want %q", lang, got, want)
			}
		}
	})
}

// Exporting is a capability of its own: a viewer sees the list but takes nothing out — no list, no
// accreditation list, no personal data report, no unit archive — while a manager does. A unit outside the
// scope stays not found.
func TestExportIsACapability(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		root := w.a.ParentID
		viewerUser := f.user("viewer@example.org")
		f.grant(viewerUser.ID, w.a.ID, access.Viewer, nil)
		viewer := f.actor(viewerUser.ID)
		// Viewer of the whole tree, manager of County A only.
		mixedUser := f.user("mixed@example.org")
		f.grant(mixedUser.ID, root, access.Viewer, nil)
		f.grant(mixedUser.ID, w.a.ID, access.Manager, nil)
		mixed := f.actor(mixedUser.ID)

		list := func(a *access.Actor, unit int64) error {
			_, err := f.svc.ExportContactsAs(f.ctx, a, domain.ContactFilter{UnitID: unit}, "csv", "", io.Discard)
			return err
		}
		accreditation := func(a *access.Actor, unit int64) error {
			_, err := f.svc.AccreditationList(f.ctx, a, unit, service.AccreditationOptions{Format: "csv"}, io.Discard)
			return err
		}
		person := func(a *access.Actor, id int64) error {
			return f.svc.PersonData(f.ctx, a, id, "json", "", io.Discard)
		}
		archive := func(a *access.Actor, unit int64) error {
			_, err := f.svc.ExportArchive(f.ctx, a, unit, io.Discard)
			return err
		}
		for _, c := range []struct {
			name string
			err  error
			want error
		}{
			{"viewer: list", list(viewer, 0), domain.ErrForbidden},
			{"viewer: list of the unit", list(viewer, w.a.ID), domain.ErrForbidden},
			{"viewer: list of another unit", list(viewer, w.b.ID), domain.ErrNotFound},
			{"viewer: accreditation", accreditation(viewer, w.a.ID), domain.ErrForbidden},
			{"viewer: accreditation of another unit", accreditation(viewer, w.b.ID), domain.ErrNotFound},
			{"viewer: personal data", person(viewer, w.inA.ID), domain.ErrForbidden},
			{"viewer: personal data of another unit", person(viewer, w.inB.ID), domain.ErrNotFound},
			{"viewer: archive", archive(viewer, w.a.ID), domain.ErrForbidden},
			{"manager: list", list(w.officer, 0), nil},
			{"manager: accreditation", accreditation(w.officer, w.a.ID), nil},
			{"manager: personal data", person(w.officer, w.inA.ID), nil},
			{"manager: archive", archive(w.officer, w.a.ID), nil},
			// The whole list shows County B too, which the mixed user may only see: refused as a whole, not cut.
			{"mixed: whole list", list(mixed, 0), domain.ErrForbidden},
			{"mixed: list of County A", list(mixed, w.a.ID), nil},
			{"mixed: list of County B", list(mixed, w.b.ID), domain.ErrForbidden},
			{"mixed: personal data in County B", person(mixed, w.inB.ID), domain.ErrForbidden},
			{"mixed: accreditation of the root", accreditation(mixed, root), domain.ErrForbidden},
		} {
			if c.want == nil && c.err != nil || c.want != nil && !errors.Is(c.err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
			}
		}
		// Refused exports leave no trace in the audit trail as exports.
		log, err := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if (e.ActorName == "viewer@example.org") && e.Action != "user.signin" {
				t.Errorf("a refused export was recorded: %+v", e)
			}
		}
	})
}
