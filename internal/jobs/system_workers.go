package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/roster-crm/roster/internal/domain"
)

// UnitCountsArgs is the periodic refresh of the member counts per unit.
type UnitCountsArgs struct{}

// Kind names the job in the queue.
func (UnitCountsArgs) Kind() string { return "unit_counts" }

// InsertOpts: on the system queue.
func (UnitCountsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueSystem, MaxAttempts: 3}
}

type countsWorker struct {
	river.WorkerDefaults[UnitCountsArgs]
	r *Runner
}

func (w *countsWorker) Work(ctx context.Context, job *river.Job[UnitCountsArgs]) error {
	start := time.Now()
	n, err := w.r.svc.RecountUnitsIfBehind(ctx)
	if err == nil && n > 0 {
		w.r.log.Debug("unit counts refreshed", "units", n, "ms", time.Since(start).Milliseconds())
	}
	return err
}

// CleanUpArgs is the periodic clean-up: it hands the imports of dead workers to live ones, removes expired
// uploads and old dry-run reports, and rebuilds indexes an interrupted bulk load left suspended.
type CleanUpArgs struct{}

// Kind names the job in the queue.
func (CleanUpArgs) Kind() string { return "clean_up" }

// InsertOpts: on the system queue, once (the next run comes soon).
func (CleanUpArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueSystem, MaxAttempts: 1}
}

type cleanUpWorker struct {
	river.WorkerDefaults[CleanUpArgs]
	r *Runner
}

func (w *cleanUpWorker) Work(ctx context.Context, job *river.Job[CleanUpArgs]) error {
	if _, err := w.r.Reclaim(ctx); err != nil {
		return err
	}
	uploads, reports, indexes, err := w.r.svc.CleanUp(ctx)
	if uploads+reports+indexes > 0 {
		w.r.log.Info("cleaned up", "uploads", uploads, "dry_run_reports", reports, "indexes_rebuilt", indexes)
	}
	return err
}

// Reclaim makes sure every unfinished import has a job that will run it: the job of a worker that died (its
// lease on the batch expired) is made available again at once, and a batch whose job is gone gets a new one.
// A batch a live worker holds is left alone. It returns the batches it handed on.
func (r *Runner) Reclaim(ctx context.Context) ([]int64, error) {
	batches, err := r.svc.OrphanedImports(ctx)
	if err != nil {
		return nil, err
	}
	var n []int64
	for _, b := range batches {
		var job *rivertype.JobRow
		if b.JobID != 0 {
			if job, err = r.client.JobGet(ctx, b.JobID); err != nil && err != river.ErrNotFound {
				return n, err
			}
		}
		switch {
		case job == nil || domain.JobFinished(string(job.State)):
			res, err := r.client.Insert(ctx, ImportArgs{BatchID: b.ID}, nil)
			if err != nil {
				return n, err
			}
			if err := r.svc.SetImportJob(ctx, b.ID, res.Job.ID); err != nil {
				return n, err
			}
		case job.State == rivertype.JobStateRunning:
			// Its worker is gone: a batch that a worker started and whose hold expired. A job of a queued
			// batch that was taken in the last moments, whose worker has not taken the batch yet, is left for
			// the next round.
			horizon := time.Now().Add(time.Hour)
			if b.Status == domain.ImportQueued {
				horizon = time.Now().Add(-time.Minute)
			}
			if err := r.rescue(ctx, job.ID, horizon); err != nil {
				return n, err
			}
		default: // queued, scheduled or waiting for a retry: it will run
			continue
		}
		r.log.Warn("import handed to a new worker: its worker stopped", "batch", b.ID, "job", b.JobID)
		n = append(n, b.ID)
	}
	return n, nil
}

// rescue makes a running job whose worker died available again now, if it was taken before horizon. It is
// what River's own rescuer does after RescueStuckJobsAfter, for one job, on the evidence of the lease.
func (r *Runner) rescue(ctx context.Context, id int64, horizon time.Time) error {
	now := time.Now().UTC()
	msg, _ := jsonAttemptError(now, "the worker stopped: its hold on the batch expired")
	_, err := r.client.Driver().GetExecutor().JobRescueMany(ctx, &riverdriver.JobRescueManyParams{
		ID: []int64{id}, Error: [][]byte{msg}, FinalizedAt: []*time.Time{nil}, ScheduledAt: []time.Time{now},
		State: []string{string(rivertype.JobStateAvailable)}, StuckHorizon: horizon, Schema: r.client.Schema(),
	})
	return err
}
