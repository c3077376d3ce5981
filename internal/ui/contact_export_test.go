package ui_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// csvRows reads an export: the header and the display names of the rows.
func csvRows(t *testing.T, body string) (header []string, names []string) {
	t.Helper()
	body, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Error("the export does not start with a byte order mark; spreadsheets will garble umlauts")
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("not CSV: %v\n%s", err, body)
	}
	for _, r := range records[1:] {
		names = append(names, r[1])
	}
	return records[0], names
}

func TestExportCSV(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.tag("Presse", w.anna, w.bert, w.carla)
		w.contact("Zora", "Münchner", w.munich.ID)
		officer := w.signIn("officer@example.org")
		page := officer.mustGet("/contacts?tag=Presse")
		if !strings.Contains(page, `href="/contacts/export.csv?tag=Presse" download`) {
			t.Fatal("the list does not offer the export of its filter")
		}
		res := officer.get("/contacts/export.csv?tag=Presse")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(res.header.Get("Content-Disposition"), `attachment; filename="contacts-`) {
			t.Fatalf("export: %d %q %q", res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"))
		}
		header, names := csvRows(t, res.body)
		// The file is for people: titles in the officer's language, not the machine names.
		var titles []string
		for _, c := range service.ExportColumns() {
			titles = append(titles, w.msg("en", "export.col."+c))
		}
		if !slices.Equal(header, titles) || header[1] != "Name" {
			t.Errorf("header %q", header)
		}
		if !slices.Equal(names, []string{"Anna Münchner"}) {
			t.Errorf("tag export of the Munich officer has %q", names)
		}
		_, names = csvRows(t, officer.get("/contacts/export.csv?sort=-name").body)
		if !slices.Equal(names, []string{"Zora Münchner", "Anna Münchner"}) {
			t.Errorf("whole export of the Munich officer has %q", names)
		}
		// The export is in the audit trail: who, what filter, how many rows.
		entries := must(w.svc.AuditLog(context.Background(), w.sys, domain.AuditFilter{Action: "contact.export"}))(t)
		if len(entries) != 2 {
			t.Fatalf("%d export entries in the audit log, want 2", len(entries))
		}
		var tagged *domain.AuditEntry
		for i, e := range entries {
			if filter, _ := json.Marshal(e.Changes["filter"].New); strings.Contains(string(filter), "Presse") {
				tagged = &entries[i]
			}
		}
		if tagged == nil || tagged.ActorName != "officer@example.org" || fmt.Sprint(tagged.Changes["rows"].New) != "1" {
			t.Errorf("export audit entries: %+v", entries)
		}
		// A bad filter gets the error page, not a file.
		for _, query := range []string{"?joined_from=2024-13-01", "?status=bogus", "?joined_from=2024-05-01&joined_to=2024-01-01"} {
			res := officer.get("/contacts/export.csv" + query)
			if res.status != http.StatusUnprocessableEntity || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
				t.Errorf("export%s: %d %q", query, res.status, res.header.Get("Content-Type"))
			}
		}
		if n := len(must(w.svc.AuditLog(context.Background(), w.sys, domain.AuditFilter{Action: "contact.export"}))(t)); n != 2 {
			t.Errorf("refused exports were audited: %d entries", n)
		}
		if res := w.browser().get("/contacts/export.csv"); res.status != http.StatusSeeOther {
			t.Errorf("export without signing in: %d", res.status)
		}
	})
}
