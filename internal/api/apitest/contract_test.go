package apitest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/roster-crm/roster/internal/api/apitest"
)

// reporter is a testing.TB that keeps what the contract reports instead of failing.
type reporter struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *reporter) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *reporter) Helper() {}

// The contract catches each way a server can drift from its document, and stays quiet when it does not.
func TestContractReportsEachDisagreement(t *testing.T) {
	contract := apitest.Load(t)
	for _, tc := range []struct {
		name, method, target, token string
		status                      int
		body                        string
		broken                      bool
	}{
		{"as documented", "GET", "/api/v1/contacts/count", "rst_x", 200, `{"count":7,"includes":"home_and_affiliated"}`, false},
		{"a documented error", "GET", "/api/v1/contacts/count", "rst_x", 403, `{"error":{"code":"pledge_required","message":"Accept the pledge."}}`, false},
		{"a refused request refused", "GET", "/api/v1/contacts?limit=0", "rst_x", 400, `{"error":{"code":"invalid_parameters","message":"Bad.","fields":[{"field":"limit","code":"out_of_range","message":"Out of range."}]}}`, false},
		{"an undocumented route", "GET", "/api/v1/nowhere", "rst_x", 404, `{"error":{"code":"not_found","message":"Not found."}}`, true},
		{"an undocumented method", "PUT", "/api/v1/contacts/count", "rst_x", 200, `{"count":7,"includes":"home_and_affiliated"}`, true},
		{"an undocumented status", "GET", "/api/v1/contacts/count", "rst_x", 418, `{"count":7,"includes":"home_and_affiliated"}`, true},
		{"a field of the wrong type", "GET", "/api/v1/contacts/count", "rst_x", 200, `{"count":"7"}`, true},
		{"a missing field", "GET", "/api/v1/contacts/count", "rst_x", 200, `{}`, true},
		{"a time that is no time", "GET", "/api/v1/contacts/2/notes", "rst_x", 200, `{"notes":[{"id":1,"contact_id":2,"body":"x","created_at":"yesterday","created_by":"Anna"}]}`, true},
		{"a value outside its enum", "GET", "/api/v1/contacts/2/memberships", "rst_x", 200, `{"memberships":[{"id":1,"contact_id":2,"type_id":3,"type_name":"Member","start_date":"2024-01-01","end_date":null,"paid_until":null,"pending":false,"join_method":"","end_reason":"","notes":"","status":"honorary","created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}]}`, true},
		{"an undocumented field", "GET", "/api/v1/contacts/count", "rst_x", 200, `{"count":7,"exact":true}`, true},
		{"an error without a message", "GET", "/api/v1/contacts/count", "rst_x", 403, `{"error":{"code":"forbidden"}}`, true},
		{"an out-of-range value served", "GET", "/api/v1/contacts?limit=0", "rst_x", 200, `{"contacts":[]}`, true},
		{"an unknown parameter served", "GET", "/api/v1/contacts?limt=5", "rst_x", 200, `{"contacts":[]}`, true},
		{"no credentials served", "GET", "/api/v1/contacts/count", "", 200, `{"count":7,"includes":"home_and_affiliated"}`, true},
		{"a refused request failing", "GET", "/api/v1/contacts?limit=0", "rst_x", 500, `{"error":{"code":"internal","message":"Oops."}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := &reporter{TB: t}
			h := contract.Handler(rep, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			req := httptest.NewRequest(tc.method, tc.target, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status || rec.Body.String() != tc.body {
				t.Errorf("the client got %d %s, not what the server sent", rec.Code, rec.Body)
			}
			if broken := len(rep.errs) > 0; broken != tc.broken {
				t.Errorf("reported %v, want a report: %v", rep.errs, tc.broken)
			}
		})
	}
}

// A request body is checked against its schema, and the handler still reads the whole body.
func TestContractChecksRequestBodies(t *testing.T) {
	contract := apitest.Load(t)
	for _, tc := range []struct {
		body   string
		broken bool
	}{
		{`{"body":"A note."}`, false},
		{`{"body":7}`, true},
		{`{"body":"A note.","pinned":true}`, true},
		{`{}`, true},
	} {
		rep := &reporter{TB: t}
		var got string
		h := contract.Handler(rep, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got = string(b)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":1,"contact_id":2,"body":"A note.","created_at":"2026-01-02T03:04:05Z","created_by":"Anna"}`)
		}))
		req := httptest.NewRequest("POST", "/api/v1/contacts/2/notes", strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer rst_x")
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got != tc.body {
			t.Errorf("the handler read %q, want %q", got, tc.body)
		}
		if broken := len(rep.errs) > 0; broken != tc.broken {
			t.Errorf("%s: reported %v, want a report: %v", tc.body, rep.errs, tc.broken)
		}
	}
}
