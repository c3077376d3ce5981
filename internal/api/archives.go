package api

import (
	"net/http"
	"os"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// loadArchive loads a unit archive (the request body, a ZIP file) as a new unit below the unit named by the
// parent parameter. Nothing is written unless all of it loads.
func (a *API) loadArchive(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	parent, err := strconv.ParseInt(r.URL.Query().Get("parent"), 10, 64)
	if err != nil || parent <= 0 {
		a.fail(w, r, domain.Invalid("parent", "required"))
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
