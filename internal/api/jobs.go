package api

import (
	"context"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
)

// listJobs lists the background jobs the actor may see: their imports, the imports of units they administer,
// and for admins of the whole tree the system's periodic work.
func (a *API) listJobs(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	limit := q.number("limit", 50, 1, 200)
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	jobs, err := a.svc.Jobs(r.Context(), actor, limit)
	answer(a, w, r, map[string]any{"jobs": jobs}, err)
}

// cancelJob stops a job: an import is rolled back.
func (a *API) cancelJob(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.jobAction(w, r, actor, a.svc.CancelJob)
}

// retryJob runs a failed job again.
func (a *API) retryJob(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.jobAction(w, r, actor, a.svc.RetryJob)
}

func (a *API) jobAction(w http.ResponseWriter, r *http.Request, actor *access.Actor,
	act func(context.Context, *access.Actor, int64) error) {
	id, err := pathID(r, "id")
	if err == nil {
		err = act(r.Context(), actor, id)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
