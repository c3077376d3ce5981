package ui_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// A German officer's export speaks German: titles, statuses and dates, and a phone number keeps its plus.
func TestExportInTheUsersLanguage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.user("kreis@example.org", "Karla Kreis", "de", w.munich.ID, access.Manager)
		if _, err := w.svc.UpdateContact(ctx, w.sys, w.anna.ID, domain.ContactInput{
			Phones:    &[]domain.Phone{{Number: "+49 89 1234567"}},
			Addresses: &[]domain.Address{{Street: "Marienplatz 1", PostalCode: "80331", City: "München", Country: "DE"}}}); err != nil {
			t.Fatal(err)
		}
		start := domain.Date{Year: 2020, Month: 1, Day: 1}
		paid := domain.Date{Year: 2020, Month: 12, Day: 31}
		if _, err := w.svc.AddMembership(ctx, w.sys, w.anna.ID, domain.MembershipInput{TypeID: &w.regular.ID,
			StartDate: &start, PaidUntil: &paid}); err != nil {
			t.Fatal(err)
		}
		b := w.signIn("kreis@example.org")
		res := b.get("/contacts/export.csv")
		if res.status != http.StatusOK {
			t.Fatalf("export: %d", res.status)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("%q %v", recs, err)
		}
		head, row := strings.Join(recs[0], "|"), strings.Join(recs[1], "|")
		for _, want := range []string{"Name", "Mitgliedsnr.", "Heimatgliederung", "Straße", "PLZ", "Ort", "Bezahlt bis", "Telefon"} {
			if !strings.Contains(head, want) {
				t.Errorf("header lacks %q: %q", want, head)
			}
		}
		for _, bad := range []string{"display_name", "postal_code"} {
			if strings.Contains(head, bad) {
				t.Errorf("header has the machine name %q: %q", bad, head)
			}
		}
		status := w.msg("de", "export.status."+must(w.svc.GetContact(ctx, w.sys, w.anna.ID))(t).Membership.Status)
		for _, want := range []string{"|+49 89 1234567|", "Marienplatz 1|80331|München|31.12.2020", "|" + status + "|"} {
			if !strings.Contains(row, want) {
				t.Errorf("row lacks %q: %q", want, row)
			}
		}
	})
}

// A viewer sees lists, units and contacts, but no export button, and a download asked for by address is
// refused (403); out of the scope it is not found (404), as everywhere.
func TestViewerCannotExport(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("viewer@example.org", "Vera Viewer", "en", w.munich.ID, access.Viewer)
		viewer, officer := w.signIn("viewer@example.org"), w.signIn("officer@example.org")
		munich, anna := itoa(w.munich.ID), itoa(w.anna.ID)
		pages := []string{"/contacts", "/contacts?unit=" + munich, "/units/" + munich, "/contacts/" + anna}
		for _, page := range pages {
			body := viewer.mustGet(page)
			for _, link := range []string{"/contacts/export.", "/accreditation.", "/data.pdf", "/data.json"} {
				if strings.Contains(body, link) {
					t.Errorf("the viewer's %s offers %s", page, link)
				}
			}
		}
		if !strings.Contains(officer.mustGet("/contacts"), "/contacts/export.csv") ||
			!strings.Contains(officer.mustGet("/units/"+munich), "/accreditation.pdf") ||
			!strings.Contains(officer.mustGet("/contacts/"+anna), "/data.pdf") {
			t.Error("the officer is not offered the exports")
		}
		for path, want := range map[string]int{
			"/contacts/export.csv":                                 http.StatusForbidden,
			"/contacts/export.xlsx?unit=" + munich:                 http.StatusForbidden,
			"/units/" + munich + "/accreditation.pdf":              http.StatusForbidden,
			"/contacts/" + anna + "/data.json":                     http.StatusForbidden,
			"/units/" + itoa(w.augsburg.ID) + "/accreditation.pdf": http.StatusNotFound,
			"/contacts/" + itoa(w.bert.ID) + "/data.pdf":           http.StatusNotFound,
			"/contacts/export.csv?unit=" + itoa(w.augsburg.ID):     http.StatusNotFound,
		} {
			res := viewer.get(path)
			if res.status != want || res.header.Get("Content-Disposition") != "" || strings.Contains(res.body, "Augsburger") {
				t.Errorf("viewer GET %s: %d, want %d", path, res.status, want)
			}
		}
	})
}

// The accreditation list is headed by the meeting the officer names; a county officer's breadcrumbs name the
// units above without linking to pages the officer cannot open.
func TestUnitPageAccreditationAndBreadcrumbs(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer, admin := w.signIn("officer@example.org"), w.signIn("admin@example.org")
		munich := itoa(w.munich.ID)
		page := officer.mustGet("/units/" + munich)
		for _, want := range []string{`name="meeting"`, `name="meeting_date"`, `type="date"`, `formaction="/units/` + munich + `/accreditation.xlsx"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the unit page lacks %s", want)
			}
		}
		for _, above := range []domain.Unit{w.national, w.bavaria} {
			if strings.Contains(page, `href="/units/`+itoa(above.ID)+`"`) {
				t.Errorf("the county officer's breadcrumbs link %s", above.Name)
			}
			if !strings.Contains(page, "<li>"+above.Name+"</li>") {
				t.Errorf("the breadcrumbs do not name %s", above.Name)
			}
		}
		if !strings.Contains(admin.mustGet("/units/"+munich), `<a href="/units/`+itoa(w.bavaria.ID)+`">Bayern</a>`) {
			t.Error("the national admin's breadcrumbs do not link Bayern")
		}
		res := officer.get("/units/" + munich + "/accreditation.pdf?meeting=Kreisparteitag+2026&meeting_date=2026-09-19")
		if res.status != http.StatusOK || !strings.HasPrefix(res.body, "%PDF") {
			t.Fatalf("accreditation with a meeting: %d", res.status)
		}
		entries := must(w.svc.AuditLog(context.Background(), w.sys, domain.AuditFilter{Action: "contact.export_accreditation"}))(t)
		if len(entries) != 1 || entries[0].Changes["meeting"].New != "Kreisparteitag 2026" {
			t.Errorf("audit: %+v", entries)
		}
		if res := officer.get("/units/" + munich + "/accreditation.pdf?meeting_date=2026-02-30"); res.status != http.StatusUnprocessableEntity ||
			res.header.Get("Content-Disposition") != "" {
			t.Errorf("an impossible meeting date: %d", res.status)
		}
	})
}
