package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/api"
	"github.com/roster-crm/roster/internal/api/apitest"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// lockedBuffer collects the API's log, to show what a failing request logged.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

// fuzzAPI is an API handler on a SQLite database with a national unit (id 1) and a region below it (id 2),
// and an API token of a national admin.
type fuzzAPI struct {
	h     http.Handler
	c     *apitest.Contract
	token string
	log   *lockedBuffer
}

func newFuzzAPI(tb testing.TB, st *store.Store) *fuzzAPI {
	ctx := tb.Context()
	svc := service.New(st, service.Options{PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}, Location: time.UTC})
	cat, err := i18n.Load()
	if err != nil {
		tb.Fatal(err)
	}
	fa := &fuzzAPI{log: &lockedBuffer{}, c: apitest.Load(tb)}
	mux := http.NewServeMux()
	api.New(svc, cat, slog.New(slog.NewTextHandler(fa.log, nil)), false).Register(mux)
	fa.h = mux
	sys, _ := svc.SystemActor(ctx, "test")
	nat, err := svc.CreateUnit(ctx, sys, domain.UnitInput{Name: ptr("National")})
	if err != nil {
		tb.Fatal(err)
	}
	sys, _ = svc.SystemActor(ctx, "test")
	if _, err := svc.CreateUnit(ctx, sys, domain.UnitInput{Name: ptr("Region"), ParentID: &nat.ID}); err != nil {
		tb.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, sys, domain.UserInput{Email: ptr("admin@example.org"), Name: ptr("Admin")})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.GrantRole(ctx, sys, domain.GrantInput{UserID: u.ID, UnitID: nat.ID, Role: "admin"}); err != nil {
		tb.Fatal(err)
	}
	a, _ := svc.ActorFor(ctx, u.ID)
	tok, err := svc.CreateAPIToken(ctx, a, "fuzz", nil)
	if err != nil {
		tb.Fatal(err)
	}
	fa.token = tok.Secret
	return fa
}

// do serves one request, checked against the API's document on t.
func (fa *fuzzAPI) do(t *testing.T, method, path string, body []byte) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+fa.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	fa.c.Handler(t, fa.h).ServeHTTP(rec, req)
	return rec
}

// checkErrorBody checks the one error format: an "error" object with a code and a translated message, and
// a translated message for each field.
func checkErrorBody(t *testing.T, status int, body []byte) {
	t.Helper()
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Fields  []struct {
				Field, Code, Message string
			} `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == nil {
		t.Fatalf("%d without an error object: %s", status, body)
	}
	translated := func(msg string) bool { return msg != "" && !strings.HasPrefix(msg, "error.") }
	if e.Error.Code == "" || !translated(e.Error.Message) {
		t.Fatalf("%d: error without code or translated message: %s", status, body)
	}
	if status == http.StatusUnprocessableEntity && len(e.Error.Fields) == 0 {
		t.Fatalf("422 without field errors: %s", body)
	}
	for _, f := range e.Error.Fields {
		// An unknown field is named as sent, and JSON allows the empty name.
		if f.Field == "" && f.Code != "unknown_field" || f.Code == "" || !translated(f.Message) {
			t.Fatalf("%d: field error without field, code or translated message: %s", status, body)
		}
	}
}

// FuzzDecodeContact posts arbitrary bytes as a new contact. Whatever arrives, the API answers with its
// JSON error format or creates a contact that can be read back as it was returned.
func FuzzDecodeContact(f *testing.F) {
	fa := newFuzzAPI(f, storetest.Backends()[0].Open(f))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := fa.do(t, "POST", "/api/v1/contacts", body)
		out := res.Body.Bytes()
		if res.Code >= 500 {
			t.Fatalf("status %d for %q: %s\nlog: %s", res.Code, body, out, fa.log.take())
		}
		if ct := res.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q", ct)
		}
		if !json.Valid(out) {
			t.Fatalf("status %d with invalid JSON: %q", res.Code, out)
		}
		if bytes.Contains(bytes.ToLower(out), []byte("<script")) {
			t.Fatalf("HTML not escaped in the response: %s", out)
		}
		if res.Code != http.StatusCreated {
			if res.Code < 400 {
				t.Fatalf("status %d for a create: %s", res.Code, out)
			}
			checkErrorBody(t, res.Code, out)
			return
		}
		var created map[string]any
		if err := json.Unmarshal(out, &created); err != nil {
			t.Fatal(err)
		}
		id, ok := created["id"].(float64)
		if !ok || id <= 0 {
			t.Fatalf("201 without an id: %s", out)
		}
		loc := res.Header().Get("Location")
		got := fa.do(t, "GET", loc, nil)
		if got.Code != http.StatusOK || !strings.HasSuffix(loc, "/"+itoa(int64(id))) {
			t.Fatalf("created contact at %q answers %d: %s", loc, got.Code, got.Body)
		}
		var read map[string]any
		if err := json.Unmarshal(got.Body.Bytes(), &read); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(created, read) {
			t.Fatalf("the contact read back differs from the one created:\ncreated %s\nread    %s", out, got.Body)
		}
	})
}

// TestDatesOutsideTheDatabaseRangeAreFieldErrors: ParseDate accepts the year 0000, which PostgreSQL's DATE
// cannot hold; the API must answer with a field error, not fail with a 500 on one database only.
func TestDatesOutsideTheDatabaseRangeAreFieldErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		c1 := e.units["c1"].ID
		code, out := e.do("admin", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": c1, "family_name": "Ancient", "deceased_on": "0000-06-01"})
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(out), "deceased_on") {
			t.Errorf("deceased_on 0000-06-01: %d %s", code, out)
		}
		types, _ := e.svc.MembershipTypes(t.Context())
		if len(types) == 0 {
			sys, _ := e.svc.SystemActor(t.Context(), "test")
			typ, err := e.svc.SaveMembershipType(t.Context(), sys, 0, domain.MembershipTypeInput{Name: ptr("Member"), RequiresDues: ptr(true), Active: ptr(true)})
			if err != nil {
				t.Fatal(err)
			}
			types = append(types, typ)
		}
		path := "/api/v1/contacts/" + itoa(e.contact["open"].ID) + "/memberships"
		code, out = e.do("admin", "POST", path, map[string]any{"type_id": types[0].ID, "start_date": "2020-01-01", "paid_until": "0000-01-01"})
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(out), "paid_until") {
			t.Errorf("paid_until 0000-01-01: %d %s", code, out)
		}
	})
}
