package service

import (
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// JobQueue runs background work; the jobs package implements it on River. A Service without one leaves
// queued imports to whoever calls RunImport.
type JobQueue interface {
	// QueueImport queues the run of a batch inside q's transaction and returns the job's id.
	QueueImport(ctx context.Context, q *store.Q, batchID int64) (int64, error)
	// Jobs returns the jobs with these ids that still exist.
	Jobs(ctx context.Context, ids []int64) (map[int64]domain.Job, error)
	// SystemJobs lists the newest jobs of the system's own periodic work.
	SystemJobs(ctx context.Context, limit int) ([]domain.Job, error)
	// RefreshCounts queues a recount of the units now; the queue runs at most one such job in a short period,
	// however many servers ask.
	RefreshCounts(ctx context.Context) error
	// Cancel stops a job that has not finished; Retry runs a finished or failing one again now.
	Cancel(ctx context.Context, id int64) error
	Retry(ctx context.Context, id int64) error
}

// SetJobQueue gives the service its job queue. It is set once at start-up, before any request: the queue's
// workers call back into the service, so the two are made one after the other.
func (s *Service) SetJobQueue(j JobQueue) { s.jobs = j }

// Jobs lists the background jobs the actor may see, newest first: their own imports, the imports of units an
// admin administers, and — for admins of the whole tree — the system's periodic work.
func (s *Service) Jobs(ctx context.Context, a *access.Actor, limit int) ([]domain.Job, error) {
	r := s.st.Read()
	var adminUnits []int64
	if a.Scope.Has(access.ManageUnits) {
		adminUnits = a.Scope.Roots(access.ManageUnits)
	}
	batches, err := r.ImportBatchesVisible(ctx, a.UserID, a.IsSystem(), adminUnits, limit)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, b := range batches {
		if b.JobID != 0 {
			ids = append(ids, b.JobID)
		}
	}
	var byID map[int64]domain.Job
	if s.jobs != nil {
		if byID, err = s.jobs.Jobs(ctx, ids); err != nil {
			return nil, err
		}
	}
	out := make([]domain.Job, 0, len(batches))
	for _, b := range batches {
		j, ok := byID[b.JobID]
		if !ok { // pruned from the queue after it finished: the batch still tells what happened
			j = domain.Job{ID: b.JobID, Kind: "import", State: jobStateOf(b), CreatedAt: b.StartedAt, ScheduledAt: b.StartedAt,
				FinalizedAt: b.FinishedAt}
		}
		j.Import = &b
		out = append(out, j)
	}
	whole, err := s.wholeTree(ctx, r, a, access.ManageUnits)
	if err != nil || !whole || s.jobs == nil {
		return out, err
	}
	sys, err := s.jobs.SystemJobs(ctx, limit)
	if err != nil {
		return nil, err
	}
	out = append(out, sys...)
	slices.SortStableFunc(out, func(x, y domain.Job) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out[:min(len(out), limit)], nil
}

// jobStateOf tells a job's state from its batch when the queue no longer holds it.
func jobStateOf(b domain.ImportBatch) string {
	switch b.Status {
	case domain.ImportQueued:
		return domain.JobAvailable
	case domain.ImportRunning:
		return domain.JobRunning
	case domain.ImportCancelled:
		return domain.JobCancelled
	case domain.ImportFailed:
		return domain.JobDiscarded
	}
	return domain.JobCompleted
}

// JobCounts counts the background jobs by kind and state, for monitoring: numbers only.
func (s *Service) JobCounts(ctx context.Context) (map[[2]string]int, error) {
	return s.st.Read().JobCounts(ctx)
}
