package api

import (
	_ "embed"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
)

//go:embed openapi.json
var openAPIDoc []byte

func (a *API) openAPI(w http.ResponseWriter, r *http.Request, _ *access.Actor) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
}
