package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// listJobs lists the background jobs the actor may see: their imports, the imports of units they administer,
// and for admins of the whole tree the system's periodic work.
func (a *API) listJobs(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			a.fail(w, r, domain.Invalid("limit", "out_of_range"))
			return
		}
		limit = n
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
