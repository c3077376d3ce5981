// Package jobstest runs the job queue beside a test's service, as a server does, polling often so that tests
// do not wait for it.
package jobstest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/jobs"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// Start runs a job queue for svc on st until the test ends.
func Start(t testing.TB, st *store.Store, svc *service.Service) *jobs.Runner {
	t.Helper()
	runner, err := jobs.New(st, jobs.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetJobQueue(runner)
	if err := runner.Start(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = runner.Stop(context.Background()) })
	return runner
}
