package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// When the database goes away in the middle of an import, the run stops without failing the batch (nothing to
// roll back, and nothing could be); once the database is back, the next run resumes after the last chunk that
// committed, and every contact is written once, whole.
func TestImportThroughADatabaseOutage(t *testing.T) {
	st, proxy := storetest.PostgresBehindProxy(t)
	w := newImportWorld(t, st)
	const n = 6000
	recs := make([]string, n)
	for i := range recs {
		recs[i] = fmt.Sprintf("Person|Number%d|p%d@example.org|10115||", i, i)
	}
	up, err := w.svc.SaveUpload(w.ctx, w.officer, "people.csv", strings.NewReader(importText(importColumns, recs)), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.svc.StartImport(w.ctx, w.officer, service.ImportStart{UploadID: up.ID, File: domain.ImportFile{Delimiter: "|"},
		Options: domain.ImportOptions{Columns: importColumns}, ChunkSize: 250})
	if err != nil {
		t.Fatal(err)
	}
	err = w.svc.RunImport(w.ctx, b.ID, "worker-a", func(p domain.ImportBatch) {
		if p.RowsDone >= 1000 {
			proxy.Cut()
		}
	})
	var failed *service.ImportFailedError
	if err == nil || errors.As(err, &failed) || errors.Is(err, service.ErrImportCancelled) {
		t.Fatalf("the run during the outage: %v", err)
	}
	proxy.Restore()
	// The pool's connections broke with the outage; each is found broken at its next use.
	var mid domain.ImportBatch
	for i := 0; i < 20; i++ {
		if mid, err = w.svc.ImportBatch(w.ctx, w.officer, b.ID); err == nil {
			break
		}
	}
	if err != nil || mid.Status != domain.ImportRunning || mid.RowsDone < 1000 || mid.RowsDone >= n {
		t.Fatalf("after the outage: %+v %v", mid, err)
	}
	// The first worker could not let go of the batch while the database was away: its hold expires first.
	if err := st.ExecScript(context.Background(), `UPDATE leases SET expires_at = '2000-01-01T00:00:00.000000Z'`); err != nil {
		t.Fatal(err)
	}
	// A run that meets one more broken connection stops as during the outage, and its job's next try resumes.
	for i := 0; ; i++ {
		err := w.svc.RunImport(w.ctx, b.ID, fmt.Sprintf("worker-b%d", i), nil)
		if err == nil {
			break
		}
		if i == 10 || !w.svc.Unavailable(err) {
			t.Fatal(err)
		}
	}
	end, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
	if end.Status != domain.ImportDone || end.RowsDone != n || end.Created != n {
		t.Fatalf("resumed after %d rows: %+v", mid.RowsDone, end)
	}
	contacts, err := w.svc.CountContacts(w.ctx, w.system(), domain.ContactFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	emails, err := w.svc.CountContacts(w.ctx, w.system(), domain.ContactFilter{HasEmail: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if contacts != n || emails != n {
		t.Errorf("after the outage: %d contacts, %d with an e-mail, want %d", contacts, emails, n)
	}
}
