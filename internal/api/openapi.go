package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPIDocument returns the API's OpenAPI 3 document, the contract that tests hold requests and responses to.
func OpenAPIDocument() []byte { return slices.Clone(openAPIDoc) }

func (a *API) openAPI(w http.ResponseWriter, r *http.Request, _ *access.Actor) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
}

// queryParameters reads from the document the query parameters of each operation, keyed like "GET /api/v1/units".
// The document is the one list of them: the server refuses what it does not name.
func queryParameters(doc []byte) (map[string][]string, error) {
	type param struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	}
	var d struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	resolve := func(p param) (param, error) {
		if p.Ref == "" {
			return p, nil
		}
		name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/")
		if r, found := d.Components.Parameters[name]; ok && found {
			return r, nil
		}
		return p, fmt.Errorf("unresolved parameter %s", p.Ref)
	}
	out := map[string][]string{}
	for path, item := range d.Paths {
		var shared []param
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &shared); err != nil {
				return nil, err
			}
		}
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Parameters []param `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, err
			}
			key := strings.ToUpper(method) + " " + path
			out[key] = []string{}
			for _, p := range append(shared, op.Parameters...) {
				p, err := resolve(p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				if p.In == "query" {
					out[key] = append(out[key], p.Name)
				}
			}
		}
	}
	return out, nil
}

// checkQuery refuses the query parameters that the document does not list for the route, and any given more
// than once: a misspelt filter must not quietly return the whole list.
func (a *API) checkQuery(rt Route, r *http.Request) error {
	var p domain.Problems
	known := a.params[rt.Method+" "+rt.Path]
	for name, values := range r.URL.Query() {
		switch {
		case !slices.Contains(known, name):
			p.Add(name, "unknown_parameter")
		case len(values) > 1:
			p.Add(name, "duplicate")
		}
	}
	return asParameterError(p.Err())
}
