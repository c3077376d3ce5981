package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The jobs list shows an importer their import with its job state, an admin above their unit the same, and
// another county's manager nothing; only those who see a job can stop it or run it again.
func TestJobsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.startJobs()
		file := "Vorname;Nachname;PLZ\nIda;Import;11111\n"
		status, body := e.send("m1", http.MethodPost, "/api/v1/imports?filename=people.csv", "text/csv", strings.NewReader(file))
		var b domain.ImportBatch
		if err := json.Unmarshal(body, &b); status != http.StatusAccepted || err != nil {
			t.Fatalf("import: %d %s", status, body)
		}
		b = e.waitImport("m1", b.ID)
		jobs := func(user string) []domain.Job {
			t.Helper()
			status, body := e.do(user, http.MethodGet, "/api/v1/jobs", nil)
			var out struct{ Jobs []domain.Job }
			if err := json.Unmarshal(body, &out); status != http.StatusOK || err != nil {
				t.Fatalf("%s GET /jobs: %d %s", user, status, body)
			}
			return out.Jobs
		}
		// The batch ends inside the job; the queue records the job's completion a moment later.
		mine := jobs("m1")
		for i := 0; i < 200 && len(mine) == 1 && mine[0].State == domain.JobRunning; i++ {
			time.Sleep(25 * time.Millisecond)
			mine = jobs("m1")
		}
		if len(mine) != 1 || mine[0].ID != b.JobID || mine[0].Kind != "import" || mine[0].State != domain.JobCompleted ||
			mine[0].Import == nil || mine[0].Import.Status != domain.ImportDone {
			t.Fatalf("the importer's jobs: %+v", mine)
		}
		if other := jobs("m2"); len(other) != 0 {
			t.Errorf("another county's manager sees %+v", other)
		}
		// The periodic work is queued by the server that wins the election, a moment after it starts.
		var sawImport, sawSystem bool
		for i := 0; i < 400 && !sawSystem; i++ {
			for _, j := range jobs("admin") {
				sawImport = sawImport || j.ID == b.JobID
				sawSystem = sawSystem || j.Kind == "unit_counts" || j.Kind == "clean_up"
			}
			time.Sleep(25 * time.Millisecond)
		}
		if !sawImport || !sawSystem {
			t.Errorf("the national admin sees the import %v and the periodic work %v", sawImport, sawSystem)
		}
		for _, verb := range []string{"cancel", "retry"} {
			path := fmt.Sprintf("/api/v1/jobs/%d/%s", b.JobID, verb)
			if status, body := e.do("m2", http.MethodPost, path, nil); status != http.StatusNotFound || strings.Contains(string(body), "Ida") {
				t.Errorf("another county's manager %s: %d %s", verb, status, body)
			}
		}
		// An import that has ended cannot be stopped; it is not a failed one either, so it does not run again.
		if status, _ := e.do("m1", http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/cancel", b.JobID), nil); status != http.StatusUnprocessableEntity {
			t.Errorf("cancel of a finished import: %d, want 422", status)
		}
		if status, _ := e.do("admin", http.MethodPost, fmt.Sprintf("/api/v1/imports/%d/retry", b.ID), nil); status != http.StatusUnprocessableEntity {
			t.Errorf("retry of a finished import: %d, want 422", status)
		}
		if status, _ := e.do("m1", http.MethodPost, fmt.Sprintf("/api/v1/imports/%d/cancel", b.ID), nil); status != http.StatusUnprocessableEntity {
			t.Errorf("cancel of a finished import: %d, want 422", status)
		}
		if status, _ := e.do("m1", http.MethodGet, "/api/v1/jobs?limit=0", nil); status != http.StatusBadRequest {
			t.Errorf("limit=0: %d, want 400", status)
		}
	})
}
