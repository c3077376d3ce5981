package api

import (
	_ "embed"
	"net/http"
	"slices"

	"github.com/roster-crm/roster/internal/access"
)

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPIDocument returns the API's OpenAPI 3 document, the contract that tests hold requests and responses to.
func OpenAPIDocument() []byte { return slices.Clone(openAPIDoc) }

func (a *API) openAPI(w http.ResponseWriter, r *http.Request, _ *access.Actor) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
}
