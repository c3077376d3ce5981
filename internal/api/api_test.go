package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/api"
	"github.com/roster-crm/roster/internal/api/apitest"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/jobs/jobstest"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// env is an API server over a small organization: national → two states → a county each, a manager per
// county, and a national admin, each with an API token.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *service.Service
	st      *store.Store
	units   map[string]domain.Unit
	tokens  map[string]string
	userIDs map[string]int64
	contact map[string]*domain.Contact
}

func ptr[T any](v T) *T { return &v }

// startJobs runs the job queue beside the API, as a server does.
func (e *env) startJobs() { jobstest.Start(e.t, e.st, e.svc) }

func newEnv(t *testing.T, st *store.Store) *env {
	ctx := context.Background()
	svc := service.New(st, service.Options{PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}, SecretKey: auth.NewKey()})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.New(svc, cat, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Register(mux)
	e := &env{t: t, srv: httptest.NewServer(apitest.Checked(t, mux)), svc: svc, st: st, units: map[string]domain.Unit{}, tokens: map[string]string{}, userIDs: map[string]int64{}, contact: map[string]*domain.Contact{}}
	t.Cleanup(e.srv.Close)
	sys, _ := svc.SystemActor(ctx, "test")
	mk := func(key, name string, parent int64) {
		in := domain.UnitInput{Name: &name}
		if parent != 0 {
			in.ParentID = &parent
		}
		u, err := svc.CreateUnit(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		e.units[key] = u
		sys, _ = svc.SystemActor(ctx, "test")
	}
	mk("nat", "National", 0)
	mk("s1", "State One", e.units["nat"].ID)
	mk("s2", "State Two", e.units["nat"].ID)
	mk("c1", "County One", e.units["s1"].ID)
	mk("c2", "County Two", e.units["s2"].ID)
	if err := svc.AddPostalCodes(ctx, sys, e.units["c1"].ID, []domain.PostalMapping{{PostalCode: "11111", Place: "Onetown"}}); err != nil {
		t.Fatal(err)
	}
	for key, g := range map[string]struct{ unit, role string }{"admin": {"nat", "admin"}, "m1": {"c1", "manager"}, "m2": {"c2", "manager"}} {
		email := key + "@example.org"
		u, err := svc.CreateUser(ctx, sys, domain.UserInput{Email: &email, Name: ptr("User " + key)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GrantRole(ctx, sys, domain.GrantInput{UserID: u.ID, UnitID: e.units[g.unit].ID, Role: g.role}); err != nil {
			t.Fatal(err)
		}
		a, _ := svc.ActorFor(ctx, u.ID)
		tok, err := svc.CreateAPIToken(ctx, a, "test", nil)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[key], e.userIDs[key] = tok.Secret, u.ID
	}
	for key, c := range map[string]struct {
		unit, given, family, email, member string
	}{"secret": {"c1", "Zelda", "Geheimnis", "zelda@example.org", "700001"}, "open": {"c2", "Otto", "Offen", "otto@example.org", "700002"}} {
		home := e.units[c.unit].ID
		created, err := svc.CreateContact(ctx, sys, domain.ContactInput{HomeUnitID: &home, GivenName: &c.given,
			FamilyName: &c.family, MemberNumber: &c.member, Emails: &[]domain.Email{{Address: c.email}},
			Addresses: &[]domain.Address{{PostalCode: "11111", City: "Onetown", Country: "DE"}}})
		if err != nil {
			t.Fatal(err)
		}
		e.contact[key] = created
	}
	return e
}

// do sends a request as user (token key, "" for none) with a JSON body (marshalled unless it is a string or
// []byte) and returns status and body.
func (e *env) do(user, method, path string, body any) (int, []byte) {
	e.t.Helper()
	switch b := body.(type) {
	case nil:
		return e.send(user, method, path, "", nil)
	case []byte:
		return e.send(user, method, path, "application/json", bytes.NewReader(b))
	case string:
		return e.send(user, method, path, "application/json", strings.NewReader(b))
	default:
		j, _ := json.Marshal(b)
		return e.send(user, method, path, "application/json", bytes.NewReader(j))
	}
}

// send sends a request with a body of the given content type as user and returns status and body.
func (e *env) send(user, method, path, contentType string, body io.Reader) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, body)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func itoa(id int64) string { return json.Number(strings.TrimSpace(string(mustJSON(id)))).String() }

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func TestOutOfScopeLeavesNoTrace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		secret := "/api/v1/contacts/" + itoa(e.contact["secret"].ID)
		_, missing := e.do("m2", "GET", "/api/v1/contacts/99999999", nil)
		for _, probe := range []struct{ method, path string }{
			{"GET", secret}, {"PATCH", secret}, {"DELETE", secret}, {"POST", secret + "/restore"},
			{"POST", secret + "/purge"}, {"GET", secret + "/history"}, {"GET", secret + "/memberships"},
			{"POST", secret + "/memberships"}, {"GET", secret + "/notes"}, {"POST", secret + "/notes"},
			{"GET", secret + "/relationships"}, {"POST", secret + "/relationships"},
		} {
			var body any
			if probe.method == "PATCH" || probe.method == "POST" {
				body = map[string]any{}
				if strings.HasSuffix(probe.path, "notes") {
					body = map[string]any{"body": "x"}
				}
				if strings.HasSuffix(probe.path, "relationships") {
					body = map[string]any{"other_contact_id": e.contact["open"].ID, "kind": "related"}
				}
			}
			code, out := e.do("m2", probe.method, probe.path, body)
			if code != http.StatusNotFound {
				t.Errorf("%s %s as other county: %d %s", probe.method, probe.path, code, out)
			}
			if strings.Contains(string(out), "Geheimnis") || strings.Contains(string(out), "Zelda") {
				t.Errorf("%s %s leaks the name: %s", probe.method, probe.path, out)
			}
			if probe.method == "GET" && probe.path == secret && string(out) != string(missing) {
				t.Errorf("404 for an out-of-scope contact differs from a missing one:\n%s\n%s", out, missing)
			}
		}
		// Lists, counts and searches by name, e-mail, member number and postal code show nothing of it.
		for _, path := range []string{"/api/v1/contacts", "/api/v1/contacts?q=geh", "/api/v1/contacts?q=zelda%20geh",
			"/api/v1/contacts?q=zelda@example.org", "/api/v1/contacts?q=700001", "/api/v1/contacts?q=11111",
			"/api/v1/contacts?trashed=true", "/api/v1/contacts?unit=" + itoa(e.units["c1"].ID), "/api/v1/postal-codes/11111/units"} {
			code, out := e.do("m2", "GET", path, nil)
			if code != 200 || strings.Contains(string(out), "Geheimnis") || strings.Contains(string(out), "County One") {
				t.Errorf("GET %s: %d %s", path, code, out)
			}
		}
		_, out := e.do("m2", "GET", "/api/v1/contacts/count", nil)
		if string(bytes.TrimSpace(out)) != `{"count":1,"includes":"home_and_affiliated"}` {
			t.Errorf("count as m2 = %s, want 1", out)
		}
		_, out = e.do("m2", "GET", "/api/v1/contacts/count?unit="+itoa(e.units["c1"].ID), nil)
		if string(bytes.TrimSpace(out)) != `{"count":0,"includes":"home_and_affiliated"}` {
			t.Errorf("count of the other county = %s", out)
		}
		// The owner sees it, and so does the national admin.
		for _, u := range []string{"m1", "admin"} {
			if code, out := e.do(u, "GET", secret, nil); code != 200 || !strings.Contains(string(out), "Geheimnis") {
				t.Errorf("%s: %d %s", u, code, out)
			}
		}
		// Moving a contact to a unit outside one's scope is refused: nobody saves what they cannot see.
		code, out := e.do("m1", "PATCH", secret, map[string]any{"home_unit_id": e.units["c2"].ID})
		if code != 422 || !strings.Contains(string(out), "unit_out_of_scope") {
			t.Errorf("move out of scope: %d %s", code, out)
		}
	})
}

func TestBadInputGetsFieldErrorsAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		c1 := e.units["c1"].ID
		count := func() string { _, out := e.do("admin", "GET", "/api/v1/contacts/count", nil); return string(out) }
		before := count()
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"malformed email", map[string]any{"home_unit_id": c1, "family_name": "X", "emails": []any{map[string]any{"address": "not-an-email"}}}, 422, "emails.0.address"},
			{"bad postal code", map[string]any{"home_unit_id": c1, "family_name": "X", "addresses": []any{map[string]any{"postal_code": "ABCDE", "country": "DE"}}}, 422, "addresses.0.postal_code"},
			{"impossible date", `{"home_unit_id": ` + itoa(c1) + `, "family_name": "X", "birth_date": "2023-02-30"}`, 422, "birth_date"},
			{"no home unit", map[string]any{"family_name": "X"}, 422, "home_unit_id"},
			{"future birth", map[string]any{"home_unit_id": c1, "family_name": "X", "birth_date": "2999-01-01"}, 422, "birth_date"},
			{"unknown unit", map[string]any{"home_unit_id": 424242, "family_name": "X"}, 422, "home_unit_id"},
			{"taken member number", map[string]any{"home_unit_id": c1, "family_name": "X", "member_number": "700002"}, 422, "member_number"},
			{"no name", map[string]any{"home_unit_id": c1}, 422, "family_name"},
			{"wrong type", `{"home_unit_id": "one"}`, 422, "home_unit_id"},
			{"unknown field", `{"home_unit_id": 1, "favourite_colour": "red"}`, 422, "favourite_colour"},
			{"field name in another case", `{"home_unit_id": ` + itoa(c1) + `, "Family_Name": "X"}`, 422, "Family_Name"},
			{"nested field name in another case", `{"home_unit_id": ` + itoa(c1) + `, "family_name": "X", "emails": [{"Address": "x@example.org"}]}`, 422, "emails.0.Address"},
			{"control characters", map[string]any{"home_unit_id": c1, "family_name": "X\u0000Y"}, 422, "family_name"},
			{"not JSON", `{"home_unit_id": `, 400, ""},
			{"invalid UTF-8", []byte("{\"family_name\": \"\xff\xfe\"}"), 400, ""},
			{"oversized", `{"family_name": "` + strings.Repeat("a", 2<<20) + `"}`, 413, ""},
		}
		for _, tc := range cases {
			code, out := e.do("admin", "POST", "/api/v1/contacts", tc.body)
			if code != tc.status {
				t.Errorf("%s: status %d, want %d: %s", tc.name, code, tc.status, out)
				continue
			}
			var body struct {
				Error struct {
					Code    string
					Message string
					Fields  []struct{ Field, Code, Message string }
				}
			}
			if err := json.Unmarshal(out, &body); err != nil || body.Error.Message == "" {
				t.Errorf("%s: error body %s", tc.name, out)
			}
			if tc.field != "" && (len(body.Error.Fields) == 0 || body.Error.Fields[0].Field != tc.field || body.Error.Fields[0].Message == "") {
				t.Errorf("%s: fields %+v, want %s", tc.name, body.Error.Fields, tc.field)
			}
		}
		if after := count(); after != before {
			t.Errorf("failed requests wrote contacts: %s → %s", before, after)
		}
		// SQL- and HTML-like text is stored verbatim and returned as inert JSON.
		evil := `Robert'); DROP TABLE contacts;-- <script>alert(1)</script>`
		code, out := e.do("admin", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": c1, "family_name": evil})
		if code != 201 || strings.Contains(string(out), "<script>") {
			t.Fatalf("evil name: %d %s", code, out)
		}
		var c domain.Contact
		_ = json.Unmarshal(out, &c)
		if c.FamilyName != evil {
			t.Errorf("stored %q, want %q", c.FamilyName, evil)
		}
	})
}

func TestPaginationAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		for i := range 7 {
			e.do("admin", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": e.units["c1"].ID, "family_name": "Page" + string(rune('a'+i))})
		}
		var seen []int64
		path := "/api/v1/contacts?limit=3"
		for range 10 {
			_, out := e.do("admin", "GET", path, nil)
			var p service.Page
			if err := json.Unmarshal(out, &p); err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Contacts {
				seen = append(seen, c.ID)
			}
			if p.Next == 0 {
				break
			}
			path = "/api/v1/contacts?limit=3&after=" + itoa(p.Next)
		}
		if len(seen) != 9 {
			t.Fatalf("paged through %d contacts, want 9: %v", len(seen), seen)
		}
		if code, _ := e.do("", "GET", "/api/v1/contacts", nil); code != 401 {
			t.Errorf("no token: %d", code)
		}
		e.tokens["forged"] = "rst_forged"
		if code, _ := e.do("forged", "GET", "/api/v1/contacts", nil); code != 401 {
			t.Errorf("forged token: %d", code)
		}
		// A revoked token stops working at once.
		_, out := e.do("m1", "GET", "/api/v1/me/tokens", nil)
		var toks struct{ Tokens []domain.APIToken }
		_ = json.Unmarshal(out, &toks)
		if code, _ := e.do("m1", "DELETE", "/api/v1/me/tokens/"+itoa(toks.Tokens[0].ID), nil); code != 204 {
			t.Fatalf("revoke: %d", code)
		}
		if code, _ := e.do("m1", "GET", "/api/v1/contacts", nil); code != 401 {
			t.Errorf("revoked token still works: %d", code)
		}
	})
}

func TestGrantsNeverExceedOwnRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		_, out := e.do("admin", "POST", "/api/v1/users", map[string]any{"email": "new@example.org", "name": "New Person", "password": "a long enough passphrase"})
		var u domain.User
		_ = json.Unmarshal(out, &u)
		if u.ID == 0 {
			t.Fatalf("create user: %s", out)
		}
		// The national admin can grant admin below, but not treasurer, which it does not hold.
		code, out := e.do("admin", "POST", "/api/v1/grants", map[string]any{"user_id": u.ID, "unit_id": e.units["s1"].ID, "role": "treasurer"})
		if code != 422 || !strings.Contains(string(out), "role_above_own") {
			t.Errorf("grant treasurer: %d %s", code, out)
		}
		exp := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		code, out = e.do("admin", "POST", "/api/v1/grants", map[string]any{"user_id": u.ID, "unit_id": e.units["s1"].ID, "role": "admin", "expires_at": exp})
		if code != 201 {
			t.Fatalf("grant admin: %d %s", code, out)
		}
		// A county manager cannot grant at all.
		code, _ = e.do("m1", "POST", "/api/v1/grants", map[string]any{"user_id": u.ID, "unit_id": e.units["c1"].ID, "role": "viewer"})
		if code != 422 && code != 403 {
			t.Errorf("manager granting: %d", code)
		}
		if code, _ := e.do("m1", "GET", "/api/v1/users", nil); code != 403 {
			t.Errorf("manager listing users: %d", code)
		}
		// Audit: the admin finds the grant in the trail.
		_, out = e.do("admin", "GET", "/api/v1/audit?action=grant.create", nil)
		if !strings.Contains(string(out), `"role":{"old":"","new":"admin"}`) {
			t.Errorf("audit: %s", out)
		}
	})
}
