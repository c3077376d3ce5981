package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/api"
	"github.com/roster-crm/roster/internal/api/apitest"
)

// openAPIOperation is the part of an operation the form checks read.
type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Summary     string                     `json:"summary"`
	Tags        []string                   `json:"tags"`
	Parameters  []json.RawMessage          `json:"parameters"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type openAPIDoc struct {
	OpenAPI string
	Tags    []struct{ Name, Description string }
	Paths   map[string]map[string]openAPIOperation
}

func readOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func routes() []api.Route {
	return api.New(nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Routes()
}

// TestOpenAPIMatchesRoutes keeps the served OpenAPI document in step with the route table, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := readOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	var documented, routed []string
	for path, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+path)
		}
	}
	for _, r := range routes() {
		routed = append(routed, r.Method+" "+r.Path)
	}
	for _, r := range routed {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routed, d) {
			t.Errorf("openapi.json documents %s, which is not routed", d)
		}
	}
}

// TestOpenAPIDocumentsOutagesAndPreconditions: every route that reads the database says it may answer 503,
// and the contact update documents If-Match and its 412, so that clients generated from the document
// handle both.
func TestOpenAPIDocumentsOutagesAndPreconditions(t *testing.T) {
	doc := readOpenAPI(t)
	for _, r := range routes() {
		op := doc.Paths[r.Path][strings.ToLower(r.Method)]
		if _, ok := op.Responses["503"]; !ok && r.Path != "/api/v1/openapi.json" {
			t.Errorf("%s %s: no 503 response", r.Method, r.Path)
		}
	}
	patch := doc.Paths["/api/v1/contacts/{id}"]["patch"]
	if _, ok := patch.Responses["412"]; !ok || !strings.Contains(string(slices.Concat(patch.Parameters...)), "IfMatch") {
		t.Error("PATCH /api/v1/contacts/{id}: If-Match or 412 not documented")
	}
}

// TestOpenAPIDocumentsEveryOperationFully checks what a generated client and a reader of the document rely
// on, without needing a linter: a unique operationId, a summary, declared tags, and the 4xx answers that the
// route table implies — 400 everywhere (an unknown query parameter), 401 behind authentication, 403 where the
// pledge or a second factor can block, 404 for a record named by id in the path.
func TestOpenAPIDocumentsEveryOperationFully(t *testing.T) {
	apitest.Load(t) // a valid OpenAPI 3 document
	doc := readOpenAPI(t)
	declared := map[string]bool{}
	for _, tag := range doc.Tags {
		if tag.Description == "" {
			t.Errorf("tag %s has no description", tag.Name)
		}
		declared[tag.Name] = true
	}
	ids := map[string]string{}
	camel := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	for _, rt := range routes() {
		op := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		name := rt.Method + " " + rt.Path
		switch {
		case !camel.MatchString(op.OperationID):
			t.Errorf("%s: operationId %q is not lowerCamelCase", name, op.OperationID)
		case ids[op.OperationID] != "":
			t.Errorf("%s: operationId %q is also %s's", name, op.OperationID, ids[op.OperationID])
		}
		ids[op.OperationID] = name
		if op.Summary == "" {
			t.Errorf("%s has no summary", name)
		}
		if len(op.Tags) == 0 {
			t.Errorf("%s has no tag", name)
		}
		for _, tag := range op.Tags {
			if !declared[tag] {
				t.Errorf("%s: tag %s is not declared with a description", name, tag)
			}
		}
		want := []string{"400"}
		if !rt.Public {
			want = append(want, "401")
		}
		if !rt.Public && !rt.Gateway {
			want = append(want, "403")
		}
		if strings.Contains(rt.Path, "/{id}") {
			want = append(want, "404")
		}
		for _, code := range want {
			if _, ok := op.Responses[code]; !ok {
				t.Errorf("%s does not document %s", name, code)
			}
		}
	}
}

// TestOpenAPISchemasAreClosed: every object in the document's schemas says which properties it has and
// allows no others, so that a misspelt or undocumented field fails validation instead of passing silently.
func TestOpenAPISchemasAreClosed(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "object" {
				if _, ok := v["additionalProperties"]; !ok {
					t.Errorf("%s: an object schema without additionalProperties", path)
				}
			}
			for k, sub := range v {
				walk(path+"/"+k, sub)
			}
		case []any:
			for _, sub := range v {
				walk(path+"/[]", sub)
			}
		}
	}
	walk("#", doc)
}
