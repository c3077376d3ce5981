package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The download endpoints answer in scope with the file and out of scope with the same 404 as a missing
// record, before any byte of a file.
func TestDownloadsInAndOutOfScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		secret, open := e.contact["secret"].ID, e.contact["open"].ID
		c1, c2 := e.units["c1"].ID, e.units["c2"].ID
		for _, tc := range []struct {
			path, want string
		}{
			{fmt.Sprintf("/api/v1/contacts/%d/data", secret), `"zelda@example.org"`},
			{fmt.Sprintf("/api/v1/contacts/%d/data?format=pdf", secret), "%PDF"},
			{fmt.Sprintf("/api/v1/units/%d/accreditation?format=csv", c1), "Member no."},
			{fmt.Sprintf("/api/v1/units/%d/archive", c1), "PK"},
			{"/api/v1/contacts/export.xlsx", "PK"},
		} {
			status, body := e.do("m1", http.MethodGet, tc.path, nil)
			if status != http.StatusOK || !bytes.Contains(body, []byte(tc.want)) {
				t.Errorf("GET %s: %d %.60q", tc.path, status, body)
			}
		}
		for _, path := range []string{
			fmt.Sprintf("/api/v1/contacts/%d/data", open),
			fmt.Sprintf("/api/v1/units/%d/accreditation", c2),
			fmt.Sprintf("/api/v1/units/%d/archive", c2),
			"/api/v1/contacts/999999/data",
		} {
			status, body := e.do("m1", http.MethodGet, path, nil)
			if status != http.StatusNotFound || strings.Contains(string(body), "Offen") || !strings.Contains(string(body), `"not_found"`) {
				t.Errorf("GET %s as the other county's manager: %d %s", path, status, body)
			}
		}
		if status, body := e.do("m1", http.MethodGet, fmt.Sprintf("/api/v1/units/%d/accreditation?format=docx", c1), nil); status != http.StatusBadRequest || !strings.Contains(string(body), `"field":"format"`) {
			t.Errorf("an unknown format: %d %s", status, body)
		}
		if status, body := e.do("m1", http.MethodGet, "/api/v1/duplicates", nil); status != http.StatusOK || strings.Contains(string(body), fmt.Sprint(open)) {
			t.Errorf("duplicates: %d %s", status, body)
		}
	})
}

// An import's batch, report and undo belong to its importer: another user gets 404.
func TestImportBatchesThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		u, _, err := st.Read().UserCredentials(ctx, "m1@example.org")
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.svc.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		header := []string{"Vorname", "Nachname", "PLZ"}
		m := importfile.Suggest(header)
		b, err := e.svc.ImportFile(ctx, a, "x.csv", strings.NewReader("Vorname,Nachname,PLZ\nIda,Import,11111\n,,\nEva,Extra,11111,surplus\n"),
			service.ImportStart{Options: domain.ImportOptions{Columns: m.Columns}})
		if err != nil || b.Created != 1 || b.Invalid != 1 {
			t.Fatalf("import: %+v %v", b, err)
		}
		if status, body := e.do("m1", http.MethodGet, fmt.Sprintf("/api/v1/imports/%d/rows", b.ID), nil); status != http.StatusOK || !strings.Contains(string(body), `"outcome":"create"`) {
			t.Errorf("rows: %d %s", status, body)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/imports/%d", b.ID), fmt.Sprintf("/api/v1/imports/%d/rows", b.ID)} {
			if status, body := e.do("m2", http.MethodGet, path, nil); status != http.StatusNotFound || strings.Contains(string(body), "Ida") {
				t.Errorf("another user GET %s: %d %s", path, status, body)
			}
		}
		if status, _ := e.do("m2", http.MethodPost, fmt.Sprintf("/api/v1/imports/%d/undo", b.ID), nil); status != http.StatusNotFound {
			t.Errorf("another user's undo: %d", status)
		}
		rejected := fmt.Sprintf("/api/v1/imports/%d/rejected.csv", b.ID)
		if status, body := e.do("m1", http.MethodGet, rejected+"?lang=de", nil); status != http.StatusOK ||
			!strings.Contains(string(body), "Vorname,Nachname,PLZ,Problem\nEva,Extra,11111,\"Zeile 4: ") ||
			!strings.Contains(string(body), "surplus") {
			t.Errorf("rejected rows: %d %s", status, body)
		}
		if status, body := e.do("m2", http.MethodGet, rejected, nil); status != http.StatusNotFound || strings.Contains(string(body), "Eva") {
			t.Errorf("another user's rejected rows: %d %s", status, body)
		}
		rows, err := e.svc.ImportReport(ctx, a, b.ID, []string{domain.RowCreate}, 0, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("report: %+v %v", rows, err)
		}
		if status, body := e.do("m1", http.MethodPost, fmt.Sprintf("/api/v1/contacts/%d/notes", rows[0].ContactID),
			map[string]string{"body": "Noted after the import."}); status != http.StatusCreated {
			t.Fatalf("note: %d %s", status, body)
		}
		undo := fmt.Sprintf("/api/v1/imports/%d/undo", b.ID)
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			status, body := e.do("m1", method, undo, nil)
			var res domain.ImportUndo
			if err := json.Unmarshal(body, &res); status != http.StatusOK || err != nil || res.Removed != 0 ||
				len(res.Kept) != 1 || res.Kept[0].Line != 2 || res.Kept[0].Reasons[0] != domain.KeptNote {
				t.Errorf("%s undo: %d %s", method, status, body)
			}
		}
		if status, body := e.do("m1", http.MethodGet, fmt.Sprintf("/api/v1/imports/%d/rows?outcome=kept", b.ID), nil); status != http.StatusOK ||
			!strings.Contains(string(body), `"kept":["note"]`) {
			t.Errorf("kept rows: %d %s", status, body)
		}
	})
}

// waitImport polls an import as a client would until it has ended.
func (e *env) waitImport(user string, id int64) domain.ImportBatch {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, body := e.do(user, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", id), nil)
		var b domain.ImportBatch
		if err := json.Unmarshal(body, &b); status != http.StatusOK || err != nil {
			e.t.Fatalf("GET import %d: %d %s", id, status, body)
		}
		if !domain.ImportActive(b.Status) {
			return b
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("import %d still %s after 30 s", id, b.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A file posted to the API is imported within the caller's scope: rows of another county are reported out of
// scope, and a dry run writes nothing.
func TestImportThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.startJobs()
		file := "Vorname;Nachname;PLZ;Ort\nIda;Import;11111;Onetown\nOle;Outside;99999;Elsewhere\n"
		post := func(query string) (int, domain.ImportBatch) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/imports?filename=people.csv&"+query, strings.NewReader(file))
			req.Header.Set("Authorization", "Bearer "+e.tokens["m1"])
			req.Header.Set("Content-Type", "text/csv")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b domain.ImportBatch
			body, _ := io.ReadAll(res.Body)
			_ = json.Unmarshal(body, &b)
			if res.StatusCode != http.StatusAccepted {
				return res.StatusCode, b
			}
			if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/imports/%d", b.ID) || b.Status != domain.ImportQueued {
				t.Fatalf("queued import: Location %q, batch %+v", loc, b)
			}
			return res.StatusCode, e.waitImport("m1", b.ID)
		}
		status, dry := post("dry_run=true")
		if status != http.StatusAccepted || dry.Status != domain.ImportDryRun || dry.Created != 1 || dry.Invalid != 1 {
			t.Fatalf("dry run: %d %+v", status, dry)
		}
		if status, _ := post(fmt.Sprintf("unit_id=%d", e.units["c2"].ID)); status != http.StatusUnprocessableEntity {
			t.Errorf("a default unit outside the scope: %d, want 422", status)
		}
		status, b := post(fmt.Sprintf("unit_id=%d", e.units["c1"].ID))
		if status != http.StatusAccepted || b.Status != domain.ImportDone || b.Created != 2 {
			t.Fatalf("import: %d %+v", status, b)
		}
		if status, body := e.do("m2", http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", b.ID), nil); status != http.StatusNotFound {
			t.Errorf("another user sees the batch: %d %s", status, body)
		}
	})
}
