package service_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

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
		n, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "xlsx", &buf)
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
		if n, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "csv", &buf); err != nil || n != 1 ||
			!bytes.HasPrefix(buf.Bytes(), []byte("\ufeffid,display_name")) {
			t.Fatalf("csv export: %d %v %q", n, err, buf.String())
		}
		if _, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "pdf", &buf); !isInvalid(err, "format") {
			t.Errorf("pdf list export: %v", err)
		}
		log, err := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{Action: "contact.export"})
		if err != nil || len(log) != 2 || log[1].Changes["format"].New != "xlsx" || log[0].Changes["format"].New != "csv" {
			t.Fatalf("audit %+v %v", log, err)
		}
	})
}
