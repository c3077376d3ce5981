package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// resumeRecords has what makes resuming hard: a contact that matches a stored one, and records that repeat
// earlier records of the file on both sides of where the run is interrupted.
func resumeRecords() []string {
	var recs []string
	for i := range 24 {
		switch {
		case i == 4:
			recs = append(recs, "Ada|Lovelace|ada@example.org|10115||") // the stored Ada
		case i%7 == 6:
			recs = append(recs, fmt.Sprintf("Person|Number%d|p%d@example.org|10115||", i-5, i-5)) // a record 5 lines up
		case i == 10:
			recs = append(recs, "||nobody@example.org|10115||") // invalid
		default:
			recs = append(recs, fmt.Sprintf("Person|Number%d|p%d@example.org|10115||", i, i))
		}
	}
	return recs
}

// importOutcome is what an import left: its counts, its report and the contacts, without ids.
func importOutcome(t *testing.T, w *importWorld, id int64) string {
	t.Helper()
	b, err := w.svc.ImportBatch(w.ctx, w.officer, id)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("%s rows=%d created=%d updated=%d skipped=%d invalid=%d", b.Status, b.RowsDone,
		b.Created, b.Updated, b.Skipped, b.Invalid))
	rows, err := w.svc.ImportReport(w.ctx, w.officer, id, nil, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("line %d %s %s %v", r.Line, r.Outcome, r.Display, r.Problems))
	}
	page, err := w.svc.ListContacts(w.ctx, w.system(), domain.ContactFilter{}, 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Contacts {
		full, err := w.svc.GetContact(w.ctx, w.system(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var emails []string
		for _, e := range full.Emails {
			emails = append(emails, e.Address)
		}
		lines = append(lines, fmt.Sprintf("contact %s %s unit %d v%d", full.DisplayName, strings.Join(emails, ","), full.HomeUnit.ID, full.Version))
	}
	slices.Sort(lines[1:])
	return strings.Join(lines, "\n")
}

// startResumeImport sets up a world with a stored Ada and queues the test file, with chunks of three.
func startResumeImport(t *testing.T, st *store.Store) (*importWorld, domain.ImportBatch) {
	w := newImportWorld(t, st)
	ada := w.person(w.officer, w.north.ID, "Ada", "Lovelace")
	if _, err := w.svc.UpdateContact(w.ctx, w.officer, ada.ID, domain.ContactInput{Emails: &[]domain.Email{{Address: "ada@example.org"}}}); err != nil {
		t.Fatal(err)
	}
	up, err := w.svc.SaveUpload(w.ctx, w.officer, "people.csv", strings.NewReader(importText(importColumns, resumeRecords())), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.svc.StartImport(w.ctx, w.officer, service.ImportStart{UploadID: up.ID, File: domain.ImportFile{Delimiter: "|"},
		Options: domain.ImportOptions{Columns: importColumns, OnMatch: domain.OnMatchUpdate}, ChunkSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	return w, b
}

// An import stopped after some chunks (its process shut down, or died and its hold expired) is resumed by the
// next worker after its last committed chunk, and ends exactly as a run that was never interrupted.
func TestImportResumesAsIfNeverInterrupted(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, be storetest.Backend) {
		whole, b := startResumeImport(t, be.Open(t))
		if err := whole.svc.RunImport(whole.ctx, b.ID, "worker-a", nil); err != nil {
			t.Fatal(err)
		}
		want := importOutcome(t, whole, b.ID)
		if !strings.HasPrefix(want, "done rows=24 created=19 updated=1 skipped=3 invalid=1") {
			t.Fatalf("the uninterrupted run:\n%s", want)
		}

		w, b := startResumeImport(t, be.Open(t))
		ctx, stop := context.WithCancel(w.ctx)
		err := w.svc.RunImport(ctx, b.ID, "worker-a", func(p domain.ImportBatch) {
			if p.RowsDone >= 9 {
				stop() // the process is shutting down
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the stopped run: %v", err)
		}
		mid, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
		if mid.Status != domain.ImportRunning || mid.RowsDone < 9 || mid.RowsDone >= 24 || mid.RowsDone%3 != 0 {
			t.Fatalf("after the stop: %+v", mid)
		}
		if err := w.svc.RunImport(w.ctx, b.ID, "worker-b", nil); err != nil {
			t.Fatal(err)
		}
		if got := importOutcome(t, w, b.ID); got != want {
			t.Errorf("resumed after %d rows:\n%s\nwant:\n%s", mid.RowsDone, got, want)
		}
	})
}

// A worker that still holds a batch keeps it: another worker and the search for orphaned imports leave it
// alone. Once its hold has expired, another worker takes the batch over and finishes it, and the first one,
// waking up, can write nothing more: every contact is there once.
func TestImportLeaseFencesAWorkerThatLostIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w, b := startResumeImport(t, st)
		paused, resume := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			once := false
			done <- w.svc.RunImport(w.ctx, b.ID, "worker-a", func(p domain.ImportBatch) {
				if p.RowsDone >= 6 && !once {
					once = true
					close(paused)
					<-resume // a worker that stalls: a long pause, a network partition
				}
			})
		}()
		<-paused
		// On PostgreSQL a second writer of worker A goes on until it, too, waits for the first: let it settle.
		// Settled means a second without progress (a loaded machine can take that long for one chunk).
		before, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
		for still := 0; still < 50; {
			time.Sleep(20 * time.Millisecond)
			now, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
			if still++; now.RowsDone != before.RowsDone {
				still = 0
			}
			before = now
		}
		if orphans, err := w.svc.OrphanedImports(w.ctx); err != nil || len(orphans) != 0 {
			t.Fatalf("a live import was taken for orphaned: %+v %v", orphans, err)
		}
		if err := w.svc.RunImport(w.ctx, b.ID, "worker-b", nil); err != nil {
			t.Fatal(err)
		}
		if now, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID); now.RowsDone != before.RowsDone || now.Status != domain.ImportRunning {
			t.Fatalf("a second worker changed a held batch: %+v → %+v", before, now)
		}

		// The hold expires (on the database's clock), and worker B takes over.
		if err := st.ExecScript(w.ctx, `UPDATE leases SET expires_at = '2000-01-01T00:00:00.000000Z'`); err != nil {
			t.Fatal(err)
		}
		if orphans, err := w.svc.OrphanedImports(w.ctx); err != nil || len(orphans) != 1 {
			t.Fatalf("the expired hold: orphans %+v %v", orphans, err)
		}
		if err := w.svc.RunImport(w.ctx, b.ID, "worker-b", nil); err != nil {
			t.Fatal(err)
		}
		close(resume)
		if err := <-done; err != nil {
			t.Fatalf("the fenced worker: %v", err)
		}
		got := importOutcome(t, w, b.ID)
		if !strings.HasPrefix(got, "done rows=24 created=19 updated=1 skipped=3 invalid=1") {
			t.Errorf("after the take-over:\n%s", got)
		}
		if n := strings.Count(got, "contact Person Number3 "); n != 1 {
			t.Errorf("Person Number3 is there %d times:\n%s", n, got)
		}
	})
}

// Cancelling a queued import rolls it back at once; cancelling a running one makes its worker stop at its next
// chunk and roll back everything; a cancelled import can be run again.
func TestImportCancelAndRetry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w, b := startResumeImport(t, st)
		got, err := w.svc.CancelImport(w.ctx, w.officer, b.ID)
		if err != nil || got.Status != domain.ImportCancelled {
			t.Fatalf("cancel of a queued import: %+v %v", got, err)
		}
		if err := w.svc.RunImport(w.ctx, b.ID, "worker-a", nil); err != nil {
			t.Fatalf("running a cancelled batch: %v", err)
		}
		if names := w.names(w.system()); len(names) != 1 {
			t.Fatalf("a cancelled import wrote %v", names)
		}
		if got, err = w.svc.RetryImport(w.ctx, w.officer, b.ID); err != nil || got.Status != domain.ImportQueued {
			t.Fatalf("retry: %+v %v", got, err)
		}
		err = w.svc.RunImport(w.ctx, b.ID, "worker-b", func(p domain.ImportBatch) {
			if p.RowsDone == 6 {
				if c, err := w.svc.CancelImport(context.WithoutCancel(w.ctx), w.officer, b.ID); err != nil || !c.CancelRequested {
					t.Errorf("cancel of a running import: %+v %v", c, err)
				}
			}
		})
		if !errors.Is(err, service.ErrImportCancelled) {
			t.Fatalf("the run that was asked to stop: %v", err)
		}
		end, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
		if names := w.names(w.system()); end.Status != domain.ImportCancelled || len(names) != 1 {
			t.Errorf("after stopping: %s, contacts %v", end.Status, names)
		}
		ada, _ := w.svc.ListContacts(w.ctx, w.officer, domain.ContactFilter{}, 0, 10)
		if c, _ := w.svc.GetContact(w.ctx, w.officer, ada.Contacts[0].ID); len(c.Addresses) != 0 {
			t.Errorf("Ada's update was not rolled back: addresses %+v", c.Addresses)
		}
	})
}
