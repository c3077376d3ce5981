package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The API's contact export is the machine variant unless a language is asked for.
func TestContactExportVariants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		status, body := e.do("m1", http.MethodGet, "/api/v1/contacts/export.csv", nil)
		if status != http.StatusOK || bytes.HasPrefix(body, []byte("\ufeff")) {
			t.Fatalf("machine export: %d %.40q", status, body)
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil || len(recs) != 2 || !slices.Equal(recs[0], service.ExportColumns()) {
			t.Fatalf("machine export: %q %v", recs, err)
		}
		status, body = e.do("m1", http.MethodGet, "/api/v1/contacts/export.csv?lang=de", nil)
		if status != http.StatusOK || !bytes.HasPrefix(body, []byte("\ufeffRoster-ID,Name,Mitgliedsnr.")) {
			t.Fatalf("German export: %d %.60q", status, body)
		}
		if status, body := e.do("m1", http.MethodGet, "/api/v1/contacts/export.csv?lang=fr", nil); status != http.StatusBadRequest ||
			!strings.Contains(string(body), `"field":"lang"`) {
			t.Errorf("French: %d %s", status, body)
		}
	})
}

// A viewer's API token reads but exports nothing (403); out of scope is 404 as for everyone.
func TestViewerExportsNothingThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.userWithToken("v1", "c1", access.Viewer)
		c1, c2 := e.units["c1"].ID, e.units["c2"].ID
		if status, _ := e.do("v1", http.MethodGet, "/api/v1/contacts", nil); status != http.StatusOK {
			t.Fatalf("the viewer cannot read: %d", status)
		}
		for path, want := range map[string]int{
			"/api/v1/contacts/export.csv":                                   http.StatusForbidden,
			"/api/v1/contacts/export.xlsx":                                  http.StatusForbidden,
			fmt.Sprintf("/api/v1/contacts/export.csv?unit=%d", c1):          http.StatusForbidden,
			fmt.Sprintf("/api/v1/units/%d/accreditation", c1):               http.StatusForbidden,
			fmt.Sprintf("/api/v1/units/%d/archive", c1):                     http.StatusForbidden,
			fmt.Sprintf("/api/v1/contacts/%d/data", e.contact["secret"].ID): http.StatusForbidden,
			fmt.Sprintf("/api/v1/contacts/export.csv?unit=%d", c2):          http.StatusNotFound,
			fmt.Sprintf("/api/v1/units/%d/accreditation", c2):               http.StatusNotFound,
			fmt.Sprintf("/api/v1/contacts/%d/data", e.contact["open"].ID):   http.StatusNotFound,
		} {
			status, body := e.do("v1", http.MethodGet, path, nil)
			if status != want || strings.Contains(string(body), "Geheimnis") || strings.Contains(string(body), "Offen") {
				t.Errorf("viewer GET %s: %d, want %d: %.80s", path, status, want, body)
			}
		}
		status, body := e.do("v1", http.MethodGet, "/api/v1/me", nil)
		if status != http.StatusOK || strings.Contains(string(body), "contacts.export") {
			t.Errorf("the viewer's capabilities list contacts.export: %s", body)
		}
		if _, body := e.do("m1", http.MethodGet, "/api/v1/me", nil); !strings.Contains(string(body), `"contacts.export"`) {
			t.Errorf("the manager's capabilities lack contacts.export: %s", body)
		}
	})
}

// Each count says what it counts: the unit counts the contacts homed in the unit, the filtered count those
// affiliated with it too, and the unit counts say when they were made.
func TestCountsSayWhatTheyCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		if _, err := e.svc.RefreshUnitCounts(t.Context()); err != nil {
			t.Fatal(err)
		}
		c1 := e.units["c1"].ID
		status, body := e.do("m1", http.MethodGet, "/api/v1/units/counts", nil)
		want := fmt.Sprintf(`{"unit_id":%d,"contacts":1,"members":0,"includes":"home","computed_at":"`, c1)
		if status != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("unit counts: %d %s", status, body)
		}
		status, body = e.do("m1", http.MethodGet, fmt.Sprintf("/api/v1/contacts/count?unit=%d", c1), nil)
		if status != http.StatusOK || strings.TrimSpace(string(body)) != `{"count":1,"includes":"home_and_affiliated"}` {
			t.Errorf("contact count: %d %s", status, body)
		}
	})
}
