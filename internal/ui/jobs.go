package ui

import (
	"context"
	"errors"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// jobsData is the jobs page: background work the admin may see, newest first.
type jobsData struct {
	Jobs    []jobRow
	Running bool // something is queued or running: the page refreshes itself
}

// jobRow is one job as the page shows it.
type jobRow struct {
	domain.Job
	Percent   int
	LastError string
	OwnImport bool // the admin's own import: its page (with the report) is theirs to open
	Rejected  int  // an ended import's rows rejected for a problem of their own, to download and fix
	CanCancel bool
	CanRetry  bool
}

// jobsPage lists the background jobs an admin may see: the imports of their units, and for admins of the
// whole tree the system's periodic work, with state, attempts and the last error; each can be stopped or run
// again.
func (u *UI) jobsPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.Actor.Scope.Has(access.ManageUnits) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	jobs, err := u.svc.Jobs(r.Context(), s.Actor, 100)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	d := jobsData{}
	for _, j := range jobs {
		row := jobRow{Job: j}
		if n := len(j.Errors); n > 0 {
			row.LastError = j.Errors[n-1].Error
		}
		active := !domain.JobFinished(j.State)
		if b := j.Import; b != nil {
			row.Percent = int(100 * b.Progress)
			row.OwnImport = b.UserID == s.Actor.UserID
			if !domain.ImportActive(b.Status) && !b.ReportPruned {
				row.Rejected = b.Invalid + b.OutOfScope
			}
			active = domain.ImportActive(b.Status)
			row.CanCancel = active && !b.CancelRequested
			row.CanRetry = b.Status == domain.ImportFailed || b.Status == domain.ImportCancelled
		} else {
			row.CanCancel = active
			row.CanRetry = j.State == domain.JobDiscarded || j.State == domain.JobRetryable || j.State == domain.JobCancelled
		}
		d.Running = d.Running || active
		d.Jobs = append(d.Jobs, row)
	}
	v := u.newView(r, s, "ui.jobs.title")
	v.Data = d
	u.render(w, r, v, http.StatusOK, "jobs")
}

// jobCancel stops a job: an import is rolled back.
func (u *UI) jobCancel(w http.ResponseWriter, r *http.Request, s *session) {
	u.jobAct(w, r, s, u.svc.CancelJob, "job_cancelled")
}

// jobRetry runs a failed job again.
func (u *UI) jobRetry(w http.ResponseWriter, r *http.Request, s *session) {
	u.jobAct(w, r, s, u.svc.RetryJob, "job_retried")
}

func (u *UI) jobAct(w http.ResponseWriter, r *http.Request, s *session,
	act func(context.Context, *access.Actor, int64) error, flash string) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	err := act(r.Context(), s.Actor, id)
	var ve *domain.ValidationError
	switch {
	case err == nil:
		u.redirect(w, r, "/jobs", flash)
	case errors.As(err, &ve) && len(ve.Fields) > 0:
		u.redirect(w, r, "/jobs", "job_"+ve.Fields[0].Code)
	default:
		u.fail(w, r, s, err)
	}
}
