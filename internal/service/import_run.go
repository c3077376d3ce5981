package service

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// defaultImportLease is how long a worker's hold on a batch lasts without renewal (Options.WorkerTimeout). The
// worker renews it with every chunk and at least every third of it in between; a worker that stops renewing
// (killed, cut off from the database) loses the batch to the next worker after this long, on the database's
// clock.
const defaultImportLease = 45 * time.Second

// ErrImportCancelled ends the run of a batch that someone asked to stop; what it wrote was rolled back.
var ErrImportCancelled = errors.New("import cancelled")

// cancelRequested is the error that ends a chunk when the batch was asked to stop.
type cancelRequested struct{}

func (cancelRequested) Error() string { return "cancel requested" }

func errCancelRequested(stop bool) error {
	if stop {
		return cancelRequested{}
	}
	return nil
}

// RunImport runs a queued batch, or resumes one whose earlier worker stopped, as worker (a name unique to this
// run, e.g. the job queue's client and job id). It returns nil when the batch has ended or another live
// worker holds it; ErrImportCancelled when it was stopped on request; the error for a run that should be
// tried again later (the database became unreachable; the process is shutting down), keeping what was
// committed for the next run to go on from; and a *ImportFailedError when the batch failed for good and was
// rolled back. progress, when set, is called after every committed chunk.
func (s *Service) RunImport(ctx context.Context, batchID int64, worker string, progress func(domain.ImportBatch)) error {
	lease := store.ImportLease(batchID)
	b, err := s.st.Read().ImportBatch(ctx, batchID, 0)
	if err != nil || !domain.ImportActive(b.Status) {
		return ignoreNotFound(err)
	}
	if ok, err := s.st.AcquireLease(ctx, lease, worker, s.importLease); err != nil || !ok {
		return err // !ok: a live worker has it
	}
	defer s.releaseImport(ctx, batchID, worker)
	// Read again under the lease: the last holder may have finished it meanwhile.
	if b, err = s.st.Read().ImportBatch(ctx, batchID, 0); err != nil || !domain.ImportActive(b.Status) {
		return ignoreNotFound(err)
	}
	if b.CancelRequested {
		return s.abortImport(ctx, &b, worker, cancelRequested{})
	}
	if err := s.st.Write(ctx, func(q *store.Q) error { return q.StartImportBatch(ctx, batchID) }); err != nil {
		return err
	}
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	go s.holdImport(runCtx, stop, batchID, lease, worker)
	err = s.runBatch(runCtx, &b, worker, progress)
	if cause := context.Cause(runCtx); err != nil && cause != nil && ctx.Err() == nil {
		err = cause // the lease was lost or a stop was requested while a chunk was being read
	}
	switch {
	case err == nil:
		err = s.finishImport(ctx, &b, worker)
		if errors.Is(err, store.ErrLeaseLost) {
			s.log.Warn("import taken over by another worker before it could finish", "batch", batchID, "worker", worker)
			return nil
		}
		return err
	case errors.Is(err, store.ErrLeaseLost):
		s.log.Warn("import taken over by another worker", "batch", batchID, "worker", worker)
		return nil
	case ctx.Err() != nil: // shutting down: hand the batch back; the next worker goes on after the last chunk
		return ctx.Err()
	case s.st.Unavailable(err) || !s.st.Reachable(ctx):
		s.log.Warn("import paused: the database is unreachable; it resumes when it is back", "batch", batchID, "err", err)
		return err
	}
	return s.abortImport(ctx, &b, worker, err)
}

// ImportFailedError is the end of a batch that failed on its data or file and was rolled back.
type ImportFailedError struct {
	Batch int64
	Err   error
}

func (e *ImportFailedError) Error() string {
	return fmt.Sprintf("import %d failed: %v", e.Batch, e.Err)
}
func (e *ImportFailedError) Unwrap() error { return e.Err }

func ignoreNotFound(err error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	return err
}

// runBatch reads the batch's file from where its last committed chunk ended and writes the rest.
func (s *Service) runBatch(ctx context.Context, b *domain.ImportBatch, worker string, progress func(domain.ImportBatch)) error {
	a, err := s.importActor(ctx, b)
	if err != nil {
		return err
	}
	var skip []int64
	if b.RowsDone > 0 {
		if skip, err = s.st.Read().CreatedByImport(ctx, b.ID); err != nil {
			return err
		}
	}
	run, err := s.loadImportRun(ctx, a, b, skip)
	if err != nil {
		return err
	}
	run.worker, run.progress = worker, progress
	up, err := s.st.Read().UploadOfImport(ctx, b.UploadID)
	if errors.Is(err, domain.ErrNotFound) {
		return errors.New("the uploaded file is no longer kept")
	}
	if err != nil {
		return err
	}
	rd, err := s.readUpload(ctx, up, b.File)
	if err != nil {
		return err
	}
	defer rd.Close()
	return run.all(ctx, FileSource(rd), b.RowsDone)
}

// importActor is who an import runs as: its importer with the grants they hold now, or the system for the
// operator's imports.
func (s *Service) importActor(ctx context.Context, b *domain.ImportBatch) (*access.Actor, error) {
	if b.UserID == 0 {
		return s.SystemActor(ctx, "cli")
	}
	a, err := s.ActorFor(ctx, b.UserID)
	if errors.Is(err, domain.ErrUnauthenticated) {
		return nil, errors.New("the importer's account was deactivated")
	}
	return a, err
}

// holdImport renews the worker's lease while the run goes on, and stops the run (through stop) when the lease
// was lost or someone asked to stop the batch. A chunk's own commit renews it too; this covers the time a
// chunk takes to read and match.
func (s *Service) holdImport(ctx context.Context, stop context.CancelCauseFunc, batchID int64, lease, worker string) {
	t := time.NewTicker(s.importLease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := s.st.Write(ctx, func(q *store.Q) error {
			if err := q.RenewLease(ctx, lease, worker, s.importLease); err != nil {
				return err
			}
			cancel, err := q.ImportCancelRequested(ctx, batchID)
			return errors.Join(err, errCancelRequested(cancel))
		})
		switch {
		case errors.Is(err, store.ErrLeaseLost), errors.As(err, new(cancelRequested)):
			stop(err)
			return
		case err != nil && ctx.Err() == nil:
			s.log.Warn("import: could not renew its hold on the batch", "batch", batchID, "err", err)
		}
	}
}

// finishImport records a batch's successful end and its audit entry, if this worker still holds it.
func (s *Service) finishImport(ctx context.Context, b *domain.ImportBatch, worker string) error {
	a, err := s.importActor(ctx, b)
	if err != nil {
		return err
	}
	status := domain.ImportDone
	if b.DryRun {
		status = domain.ImportDryRun
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		if err := q.RenewLease(ctx, store.ImportLease(b.ID), worker, s.importLease); err != nil {
			return err
		}
		cur, err := q.ImportBatch(ctx, b.ID, 0)
		if err != nil {
			return err
		}
		*b = cur
		if err := q.FinishImportBatch(ctx, b, status, ""); err != nil {
			return err
		}
		if b.DryRun {
			return nil
		}
		return audit(ctx, q, a, "import.run", "import_batch", b.ID, 0, 0, map[string]domain.Change{
			"source": {New: b.Source}, "created": {New: b.Created}, "updated": {New: b.Updated},
			"skipped": {New: b.Skipped}, "invalid": {New: b.Invalid}, "out_of_scope": {New: b.OutOfScope},
		})
	})
}

// abortImport rolls back what a batch wrote and records why it ended: cancelled on request, failed on cause.
// It runs under the worker's lease, so that it never races a worker that is still writing.
func (s *Service) abortImport(ctx context.Context, b *domain.ImportBatch, worker string, cause error) error {
	ctx = context.WithoutCancel(ctx) // the cleanup must not stop halfway
	sys, err := s.SystemActor(ctx, "import")
	if err != nil {
		return err
	}
	status, message := domain.ImportFailed, truncate(cause.Error(), 500)
	if errors.As(cause, new(cancelRequested)) {
		status, message = domain.ImportCancelled, ""
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		if err := q.RenewLease(ctx, store.ImportLease(b.ID), worker, s.importLease); err != nil {
			return err
		}
		if _, err := s.revertImport(ctx, q, *b, sys); err != nil {
			return err
		}
		cur, err := q.ImportBatch(ctx, b.ID, 0)
		if err != nil {
			return err
		}
		*b = cur
		if err := q.FinishImportBatch(ctx, b, status, message); err != nil {
			return err
		}
		if b.DryRun && status == domain.ImportCancelled {
			return q.PruneImportReport(ctx, b.ID) // nobody asked for the report of a dry run they stopped
		}
		if b.DryRun {
			return nil
		}
		return audit(ctx, q, sys, "import.rollback", "import_batch", b.ID, 0, 0, map[string]domain.Change{
			"status": {New: status}})
	})
	if errors.Is(err, store.ErrLeaseLost) { // another worker owns the batch now, and its end
		s.log.Warn("import taken over by another worker", "batch", b.ID, "worker", worker, "err", cause)
		return nil
	}
	if err != nil {
		return err
	}
	if status == domain.ImportCancelled {
		return ErrImportCancelled
	}
	s.log.Error("import stopped and was rolled back", "batch", b.ID, "err", cause)
	return &ImportFailedError{Batch: b.ID, Err: cause}
}

// ImportFile keeps r as an upload, queues its import and runs it in the calling goroutine, for callers that
// wait for the result anyway (tests, benchmarks): the run is the one a job would make. start.UploadID is set
// here. The batch comes back as it ended.
func (s *Service) ImportFile(ctx context.Context, a *access.Actor, name string, r io.Reader, start ImportStart) (domain.ImportBatch, error) {
	up, err := s.SaveUpload(ctx, a, name, r, 1<<40)
	if err != nil {
		return domain.ImportBatch{}, err
	}
	start.UploadID = up.ID
	b, err := s.StartImport(ctx, a, start)
	if err != nil {
		return b, err
	}
	runErr := s.RunImport(ctx, b.ID, "inline:"+rand.Text(), nil)
	if b, err = s.st.Read().ImportBatch(ctx, b.ID, 0); err != nil {
		return b, err
	}
	return b, runErr
}

// releaseImport lets go of a worker's hold on a batch, also when ctx has ended: the next worker may take it
// at once instead of after the hold expires.
func (s *Service) releaseImport(ctx context.Context, batchID int64, worker string) {
	ctx = context.WithoutCancel(ctx)
	if err := s.st.Write(ctx, func(q *store.Q) error { return q.ReleaseLease(ctx, store.ImportLease(batchID), worker) }); err != nil {
		s.log.Warn("import: could not let go of the batch; another worker takes it once the hold expires", "batch", batchID, "err", err)
	}
}
