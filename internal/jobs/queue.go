package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// QueueImport queues the run of a batch in q's transaction: the job exists exactly when the batch does.
func (r *Runner) QueueImport(ctx context.Context, q *store.Q, batchID int64) (int64, error) {
	res, err := r.client.InsertTx(ctx, q.Tx(), ImportArgs{BatchID: batchID}, nil)
	if err != nil {
		return 0, err
	}
	return res.Job.ID, nil
}

// RefreshCounts queues a recount of the units. Unique per half minute: however many servers ask, the queue
// holds one recount for the period.
func (r *Runner) RefreshCounts(ctx context.Context) error {
	opts := UnitCountsArgs{}.InsertOpts()
	opts.UniqueOpts = river.UniqueOpts{ByPeriod: 30 * time.Second}
	_, err := r.client.Insert(ctx, UnitCountsArgs{}, &opts)
	return err
}

// Jobs returns the jobs with these ids that the queue still holds.
func (r *Runner) Jobs(ctx context.Context, ids []int64) (map[int64]domain.Job, error) {
	out := map[int64]domain.Job{}
	if len(ids) == 0 {
		return out, nil
	}
	res, err := r.client.JobList(ctx, river.NewJobListParams().IDs(ids...).First(len(ids)))
	if err != nil {
		return nil, err
	}
	for _, j := range res.Jobs {
		out[j.ID] = jobOf(j)
	}
	return out, nil
}

// SystemJobs lists the periodic work as people want to see it: the newest run of each kind, and every run
// that has not completed (waiting, running, failed) — not the clean-up's four runs a minute.
func (r *Runner) SystemJobs(ctx context.Context, limit int) ([]domain.Job, error) {
	var out []domain.Job
	for _, kind := range []string{UnitCountsArgs{}.Kind(), CleanUpArgs{}.Kind()} {
		res, err := r.client.JobList(ctx, river.NewJobListParams().Kinds(kind).
			OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit))
		if err != nil {
			return nil, err
		}
		for i, j := range res.Jobs {
			if i == 0 || j.State != rivertype.JobStateCompleted {
				out = append(out, jobOf(j))
			}
		}
	}
	return out, nil
}

// Cancel stops a job that has not finished.
func (r *Runner) Cancel(ctx context.Context, id int64) error {
	_, err := r.client.JobCancel(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return domain.ErrNotFound
	}
	return err
}

// Retry makes a job available again now.
func (r *Runner) Retry(ctx context.Context, id int64) error {
	_, err := r.client.JobRetry(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return domain.ErrNotFound
	}
	return err
}

// jobOf turns River's row into Roster's job.
func jobOf(j *rivertype.JobRow) domain.Job {
	out := domain.Job{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		CreatedAt: j.CreatedAt, AttemptedAt: j.AttemptedAt, ScheduledAt: j.ScheduledAt, FinalizedAt: j.FinalizedAt}
	for _, e := range j.Errors {
		out.Errors = append(out.Errors, domain.JobError{Attempt: e.Attempt, At: e.At, Error: e.Error})
	}
	return out
}

// jsonAttemptError is an attempt's error as River stores it.
func jsonAttemptError(at time.Time, msg string) ([]byte, error) {
	return json.Marshal(rivertype.AttemptError{At: at, Error: msg})
}
