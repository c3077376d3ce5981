// Package jobs runs Roster's background work on River, a job queue kept in the database itself: imports, the
// refresh of member counts, and the clean-up of what interrupted work leaves behind. Jobs are queued in the
// transaction that creates their work, run on whichever server takes them first, and the periodic ones are
// queued by one elected server only, so they run once per installation however many servers there are.
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"

	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// Queues, by what they hold.
const (
	queueImports = "imports" // long runs, a few at a time
	queueSystem  = "system"  // short periodic work
)

// Options configure a Runner.
type Options struct {
	Logger *slog.Logger
	// Work is what this process runs: WorkAll (a server), WorkImports (the import command, which works its own
	// import and the imports queued meanwhile), or WorkNone (a process that only queues and inspects jobs).
	Work Work
	// ImportWorkers is how many imports this process runs at once; 0 means 2.
	ImportWorkers int
	// CountsEvery and CleanUpEvery set the periodic work's intervals; 0 means 10 minutes and 30 seconds.
	CountsEvery, CleanUpEvery time.Duration
	// PollEvery is how often the queue is asked for new jobs; 0 means every second: a queued job waits at
	// most that long for a free worker to see it.
	PollEvery time.Duration
}

// Work says which queues a process works.
type Work int

const (
	WorkAll Work = iota
	WorkImports
	WorkNone
)

// Runner is the job queue of one process. It implements service.JobQueue.
type Runner struct {
	client *river.Client[*sql.Tx]
	svc    *service.Service // set by Start; the workers call it
	st     *store.Store
	log    *slog.Logger
	work   Work
}

// New prepares the job queue on st. Nothing runs until Start.
func New(st *store.Store, opt Options) (*Runner, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	r := &Runner{st: st, log: opt.Logger, work: opt.Work}
	workers := river.NewWorkers()
	river.AddWorker(workers, &importWorker{r: r})
	river.AddWorker(workers, &countsWorker{r: r})
	river.AddWorker(workers, &cleanUpWorker{r: r})
	cfg := &river.Config{
		Logger:            slog.New(quietHandler{opt.Logger.Handler()}),
		Workers:           workers,
		FetchPollInterval: cmpOr(opt.PollEvery, time.Second),
		FetchCooldown:     min(cmpOr(opt.PollEvery, time.Second), 100*time.Millisecond),
		PollOnly:          true, // both drivers share Roster's pools, which have no connection to spare for LISTEN
		// Imports never time out (a million rows take minutes) and are never rescued by River's timer: a
		// worker holds its batch with a lease on the database's clock, and the clean-up job hands the batches
		// of dead workers to live ones (see cleanUpWorker). The system jobs are short.
		JobTimeout:           10 * time.Minute,
		RescueStuckJobsAfter: 15 * time.Minute,
	}
	switch opt.Work {
	case WorkAll:
		cfg.Queues = map[string]river.QueueConfig{
			queueImports: {MaxWorkers: cmpOr(opt.ImportWorkers, 2)},
			queueSystem:  {MaxWorkers: 2},
		}
		cfg.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cmpOr(opt.CountsEvery, 10*time.Minute)),
				func() (river.JobArgs, *river.InsertOpts) { return UnitCountsArgs{}, nil },
				&river.PeriodicJobOpts{ID: "unit_counts", RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(cmpOr(opt.CleanUpEvery, 30*time.Second)),
				func() (river.JobArgs, *river.InsertOpts) { return CleanUpArgs{}, nil },
				&river.PeriodicJobOpts{ID: "clean_up", RunOnStart: true}),
		}
	case WorkImports:
		cfg.Queues = map[string]river.QueueConfig{queueImports: {MaxWorkers: 1}}
		// A command line process does not lead: the servers' periodic work must not wait for it to end.
		cfg.LeaderElectionDisabled = true
	}
	cfg.ID = nodeName()
	client, err := river.NewClient(st.JobDriver(), cfg)
	if err != nil {
		return nil, err
	}
	r.client = client
	return r, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Node names this process in the queue: the workers of its imports, and the log, carry it.
func (r *Runner) Node() string { return r.client.ID() }

// nodeName is unique to this process: the host, the process id and a random part (process ids repeat).
func nodeName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%s", cmpOr(host, "roster"), os.Getpid(), rand.Text()[:6])
}

// Start runs the workers. svc is the service they call; it must have this runner as its job queue.
func (r *Runner) Start(ctx context.Context, svc *service.Service) error {
	r.svc = svc
	if r.work == WorkNone {
		return nil
	}
	return r.client.Start(ctx)
}

// Stop stops taking jobs and hands back those running: an import stops after its current chunk's
// transaction and is resumed by the next worker, here or on another server. It waits at most until ctx ends.
func (r *Runner) Stop(ctx context.Context) error {
	if r.work == WorkNone {
		return nil
	}
	return r.client.StopAndCancel(ctx)
}

// quietHandler passes on River's warnings and errors only: its routine messages would drown Roster's log.
type quietHandler struct{ slog.Handler }

func (h quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}
