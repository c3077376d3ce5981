package service

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// CancelImport stops a queued or running import of the actor's (any import for the system actor) and rolls
// back what it wrote. A batch no worker holds is rolled back at once; a running one is stopped by its worker
// at its next chunk, within seconds, and the batch then reads "cancelled".
func (s *Service) CancelImport(ctx context.Context, a *access.Actor, id int64) (domain.ImportBatch, error) {
	b, err := s.jobBatch(ctx, a, id)
	if err != nil {
		return b, err
	}
	var active bool
	if err := s.st.Write(ctx, func(q *store.Q) error {
		active, err = q.RequestImportCancel(ctx, id)
		return err
	}); err != nil {
		return b, err
	}
	if !active {
		return b, domain.Invalid("status", "not_cancellable")
	}
	// Take the batch if no worker holds it, and roll it back here; else its worker stops it.
	worker := "cancel:" + fmt.Sprint(id) + ":" + rand.Text()
	if ok, err := s.st.AcquireLease(ctx, store.ImportLease(id), worker, s.importLease); err != nil || !ok {
		b.CancelRequested = true
		return b, err
	}
	defer s.releaseImport(ctx, id, worker)
	if err := s.abortImport(ctx, &b, worker, cancelRequested{}); !errors.Is(err, ErrImportCancelled) {
		return b, err
	}
	if s.jobs != nil && b.JobID != 0 {
		if err := s.jobs.Cancel(ctx, b.JobID); err != nil {
			s.log.Warn("cancel the job of a cancelled import", "batch", id, "job", b.JobID, "err", err)
		}
	}
	return s.jobBatch(ctx, a, id)
}

// jobBatch reads a batch the actor may stop or run again: their own, one of a unit they administer, any for
// the system.
func (s *Service) jobBatch(ctx context.Context, a *access.Actor, id int64) (domain.ImportBatch, error) {
	return s.st.Read().ImportBatchForJobs(ctx, id, a.UserID, a.IsSystem(), a.Scope.Roots(access.ManageUnits))
}

// CancelJob stops a job the actor may see: an import (rolled back), or — for admins of the whole tree — a
// run of the system's periodic work.
func (s *Service) CancelJob(ctx context.Context, a *access.Actor, jobID int64) error {
	return s.actOnJob(ctx, a, jobID, s.CancelImport, func(j JobQueue) error { return j.Cancel(ctx, jobID) })
}

// RetryJob runs a failed job again: an import from the start, or a run of the system's periodic work.
func (s *Service) RetryJob(ctx context.Context, a *access.Actor, jobID int64) error {
	return s.actOnJob(ctx, a, jobID, s.RetryImport, func(j JobQueue) error { return j.Retry(ctx, jobID) })
}

func (s *Service) actOnJob(ctx context.Context, a *access.Actor, jobID int64,
	onImport func(context.Context, *access.Actor, int64) (domain.ImportBatch, error), onSystem func(JobQueue) error) error {
	batch, err := s.st.Read().ImportBatchOfJob(ctx, jobID)
	if err != nil {
		return err
	}
	if batch != 0 {
		_, err := onImport(ctx, a, batch)
		return err
	}
	whole, err := s.wholeTree(ctx, s.st.Read(), a, access.ManageUnits)
	if err != nil {
		return err
	}
	if !whole || s.jobs == nil {
		return domain.ErrNotFound
	}
	return onSystem(s.jobs)
}

// RetryImport runs a failed import again from the start, as long as its file is still kept.
func (s *Service) RetryImport(ctx context.Context, a *access.Actor, id int64) (domain.ImportBatch, error) {
	b, err := s.jobBatch(ctx, a, id)
	if err != nil {
		return b, err
	}
	if b.Status != domain.ImportFailed && b.Status != domain.ImportCancelled {
		return b, domain.Invalid("status", "not_retryable")
	}
	if _, err := s.st.Read().Upload(ctx, b.UploadID, 0); err != nil {
		return b, errors.Join(domain.Invalid("upload", "upload_expired"), ignoreNotFound(err))
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		if running, err := q.ActiveImportOf(ctx, b.UserID); err != nil || running != 0 {
			return errors.Join(err, importRunning(running))
		}
		if err := q.ResetImportBatch(ctx, id); err != nil {
			return err
		}
		if err := q.KeepUpload(ctx, b.UploadID, uploadTTL); err != nil {
			return err
		}
		if s.jobs == nil {
			return nil
		}
		job, err := s.jobs.QueueImport(ctx, q, id)
		return errors.Join(err, q.SetImportJob(ctx, id, job))
	})
	if err != nil {
		return b, err
	}
	return s.jobBatch(ctx, a, id)
}

// OrphanedImports lists the queued and running imports that no live worker holds right now, for the job
// queue to check that each still has a job that will run it.
func (s *Service) OrphanedImports(ctx context.Context) ([]domain.ImportBatch, error) {
	return s.st.Read().OrphanedImports(ctx)
}

// SetImportJob records a new job for a batch whose earlier job was lost.
func (s *Service) SetImportJob(ctx context.Context, batchID, jobID int64) error {
	return s.st.Write(ctx, func(q *store.Q) error { return q.SetImportJob(ctx, batchID, jobID) })
}

// dryRunReportTTL is how long the report of a dry run is kept after it ended.
const dryRunReportTTL = 24 * time.Hour

// CleanUp removes what background work leaves behind: uploads that expired and that no import reads, and the
// reports of dry runs a day after they ended (their counts stay). It also rebuilds indexes left suspended by a
// bulk load whose process died. It returns what it removed.
func (s *Service) CleanUp(ctx context.Context) (uploads, reports, indexes int, err error) {
	err = s.st.Write(ctx, func(q *store.Q) error {
		var err error
		if uploads, err = q.DeleteExpiredUploads(ctx); err != nil {
			return err
		}
		reports, err = q.PruneDryRunReports(ctx, q.Now().Add(-dryRunReportTTL))
		return err
	})
	if err != nil {
		return
	}
	indexes, err = s.st.RepairInterruptedBulkLoad(ctx)
	return
}
