package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/roster-crm/roster/internal/service"
)

// ImportArgs is the job of running one import batch.
type ImportArgs struct {
	BatchID int64 `json:"batch_id"`
}

// Kind names the job in the queue.
func (ImportArgs) Kind() string { return "import" }

// InsertOpts puts imports on their own queue and lets them be tried many times: each try resumes after the
// last committed chunk.
func (ImportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueImports, MaxAttempts: 25}
}

type importWorker struct {
	river.WorkerDefaults[ImportArgs]
	r *Runner
}

// Timeout: an import runs as long as its file needs.
func (w *importWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return -1 }

func (w *importWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	worker := fmt.Sprintf("%s/job-%d/attempt-%d", w.r.client.ID(), job.ID, job.Attempt)
	err := w.r.svc.RunImport(ctx, job.Args.BatchID, worker, nil)
	var failed *service.ImportFailedError
	switch {
	case errors.Is(err, service.ErrImportCancelled):
		return river.JobCancel(err)
	case errors.As(err, &failed):
		return river.JobCancel(err) // the batch failed for good and was rolled back: no retry
	}
	return err
}
