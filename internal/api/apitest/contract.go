// Package apitest holds the JSON API to its OpenAPI document in tests: a test server built with Checked
// fails the test on every request or response that disagrees with internal/api/openapi.json.
package apitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/roster-crm/roster/internal/api"
)

// Contract is the parsed OpenAPI document with a router that finds the operation of a request.
type Contract struct {
	doc    *openapi3.T
	router routers.Router
}

// Load parses and validates the API's document; a document that is not valid OpenAPI 3 fails tb.
func Load(tb testing.TB) *Contract {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPIDocument())
	if err != nil {
		tb.Fatalf("openapi.json: %v", err)
	}
	router, err := legacy.NewRouter(doc) // validates the document
	if err != nil {
		tb.Fatalf("openapi.json: %v", err)
	}
	return &Contract{doc: doc, router: router}
}

// Document is the parsed document, for tests that check its form.
func (c *Contract) Document() *openapi3.T { return c.doc }

// Checked is Load(t).Handler(t, h): the handler of a test server whose every exchange is checked.
func Checked(t testing.TB, h http.Handler) http.Handler { return Load(t).Handler(t, h) }

// Handler serves each request with h and reports to t what disagrees with the document:
//   - a request to a route the document does not have;
//   - a status the document does not list for the operation;
//   - a response whose content type, headers or body do not match the document;
//   - a request the document refuses (a parameter, the body, missing credentials) that the server did not
//     refuse with a 4xx: then the document and the server disagree about what is valid.
//
// Responses are buffered, so a test sees the answer only after it has been checked.
func (c *Contract) Handler(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("%s %s: reading the request body: %v", r.Method, r.URL.Path, err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		// A handler that aborts a download midway panics with http.ErrAbortHandler; the panic passes through
		// unchecked and aborts this response too, as the real server would.
		h.ServeHTTP(rec, r)
		if err := c.check(r, body, rec); err != nil {
			t.Errorf("%s %s → %d: breaks the API contract (internal/api/openapi.json):\n%v\nresponse: %.300s",
				r.Method, r.URL.RequestURI(), rec.Code, err, rec.Body.Bytes())
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// check holds one exchange to the document.
func (c *Contract) check(r *http.Request, body []byte, rec *httptest.ResponseRecorder) error {
	probe := r.Clone(context.Background())
	probe.Body = io.NopCloser(bytes.NewReader(body))
	probe.ContentLength = int64(len(body))
	route, pathParams, err := c.router.FindRoute(probe)
	if err != nil {
		return fmt.Errorf("the document has no operation %s %s: %w", r.Method, r.URL.Path, err)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    hasCredentials,
		MultiError:            true,
		SkipSettingDefaults:   true,
		IncludeResponseStatus: true,
		// The schema and value that kin-openapi prints by default bury the reason.
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
	}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: pathParams, Route: route, Options: opts}
	refused := openapi3filter.ValidateRequest(context.Background(), in)
	if unknown := unknownQueryParameters(route, r); len(unknown) > 0 {
		refused = errors.Join(refused, fmt.Errorf("query parameters the document does not list: %s", strings.Join(unknown, ", ")))
	}
	status := rec.Code
	var problems []error
	if refused != nil && (status < 400 || status >= 500) {
		problems = append(problems, fmt.Errorf("the document refuses this request, but the server answered %d:\n%w", status, refused))
	}
	res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status,
		Header: rec.Header(), Options: opts}
	res.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), res); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}

// hasCredentials accepts a request that carries the credentials a security scheme asks for; whether they
// are valid is for the server to say (401).
func hasCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	s := in.SecurityScheme
	switch {
	case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return nil
		}
	case s.Type == "apiKey" && s.In == "cookie":
		if _, err := r.Cookie(s.Name); err == nil {
			return nil
		}
	case s.Type == "apiKey" && s.In == "header":
		if r.Header.Get(s.Name) != "" {
			return nil
		}
	}
	return fmt.Errorf("no credentials for %q", in.SecuritySchemeName)
}

// unknownQueryParameters lists the query parameters of r that the operation does not declare: kin-openapi
// ignores them, but a misspelt filter must not go unnoticed.
func unknownQueryParameters(route *routers.Route, r *http.Request) []string {
	var declared []string
	for _, list := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range list {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared = append(declared, p.Value.Name)
			}
		}
	}
	var unknown []string
	for name := range r.URL.Query() {
		if !slices.Contains(declared, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	return unknown
}
