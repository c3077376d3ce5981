package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/api"
)

// TestOpenAPIMatchesRoutes keeps the served OpenAPI document in step with the route table, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string
		Paths   map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	var documented, routed []string
	for path, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+path)
		}
	}
	for _, r := range api.New(nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Routes() {
		routed = append(routed, r.Method+" "+r.Path)
	}
	slices.Sort(documented)
	slices.Sort(routed)
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
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses  map[string]json.RawMessage
			Parameters []json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range api.New(nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Routes() {
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
