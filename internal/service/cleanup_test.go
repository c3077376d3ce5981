package service_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The clean-up removes an uploaded file two hours after its last use, but not while an import still needs it,
// and a dry run's report a day after the run, keeping its counts.
func TestCleanUpRemovesExpiredFilesAndOldDryRunReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		text := importText(importColumns, []string{"Grace|Hopper|grace@example.org|10115||"})
		dry, err := w.svc.ImportFile(w.ctx, w.officer, "people.csv", strings.NewReader(text),
			service.ImportStart{File: domain.ImportFile{Delimiter: "|"}, Options: domain.ImportOptions{Columns: importColumns}, DryRun: true})
		if err != nil || dry.Status != domain.ImportDryRun {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		idle, err := w.svc.SaveUpload(w.ctx, w.officer, "later.csv", strings.NewReader(text), 0)
		if err != nil {
			t.Fatal(err)
		}
		queued, err := w.svc.SaveUpload(w.ctx, w.officer, "queued.csv", strings.NewReader(text), 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.StartImport(w.ctx, w.officer, service.ImportStart{UploadID: queued.ID,
			File: domain.ImportFile{Delimiter: "|"}, Options: domain.ImportOptions{Columns: importColumns}}); err != nil {
			t.Fatal(err)
		}
		if uploads, reports, _, err := w.svc.CleanUp(w.ctx); err != nil || uploads+reports != 0 {
			t.Fatalf("clean-up right away removed %d files, %d reports (%v)", uploads, reports, err)
		}

		w.now = w.now.Add(3 * time.Hour)
		uploads, reports, _, err := w.svc.CleanUp(w.ctx)
		if err != nil || uploads != 2 || reports != 0 {
			t.Fatalf("after three hours: %d files, %d reports removed (%v); want the dry run's and the idle one", uploads, reports, err)
		}
		if _, err := w.svc.UploadInfo(w.ctx, w.officer, idle.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("the idle upload is still there: %v", err)
		}
		if _, err := st.Read().UploadOfImport(w.ctx, queued.ID); err != nil {
			t.Errorf("the upload of a queued import was removed: %v", err)
		}

		w.now = w.now.Add(22 * time.Hour)
		if _, reports, _, err = w.svc.CleanUp(w.ctx); err != nil || reports != 1 {
			t.Fatalf("a day after the dry run: %d reports removed (%v)", reports, err)
		}
		b, _ := w.svc.ImportBatch(w.ctx, w.officer, dry.ID)
		if rows, _ := w.svc.ImportReport(w.ctx, w.officer, dry.ID, nil, 0, 100); len(rows) != 0 || !b.ReportPruned || b.Created != 1 {
			t.Errorf("the pruned dry run: %d rows, %+v", len(rows), b)
		}
	})
}
