package api

import (
	"net/http"
	"os"

	"github.com/roster-crm/roster/internal/access"
)

// loadArchive loads a unit archive (the request body, a ZIP file) as a new unit below the unit named by the
// parent parameter. Nothing is written unless all of it loads.
func (a *API) loadArchive(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	parent := q.id("parent")
	if !q.given("parent") {
		q.p.Add("parent", "required")
	}
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	tmp, size, err := receiveFile(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum, err := a.svc.ImportArchive(r.Context(), actor, tmp, size, parent)
	answer(a, w, r, sum, err)
}
