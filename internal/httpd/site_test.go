package httpd_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

const password = "correct horse battery staple"

// clientTimeout ends a request to a server that hangs, so that the test fails instead.
const clientTimeout = 15 * time.Second

// site is the whole HTTP handler over one store, with an admin who has an API token and a signed-in browser,
// one contact, and the server's log.
type site struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *service.Service
	admin   *access.Actor
	token   string
	browser *http.Client
	contact *domain.Contact
	log     *syncBuffer
}

// syncBuffer is a log destination that handlers may write to concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newSite(t *testing.T, st *store.Store, opt httpd.Options) *site {
	t.Helper()
	ctx := context.Background()
	s := &site{t: t, log: &syncBuffer{}}
	opt.Logger = slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s.svc = service.New(st, service.Options{Logger: opt.Logger, PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpd.Handler(s.svc, cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(h)
	t.Cleanup(s.srv.Close)

	sys := must(s.svc.SystemActor(ctx, "test"))(t)
	name := "National"
	unit := must(s.svc.CreateUnit(ctx, sys, domain.UnitInput{Name: &name}))(t)
	sys = must(s.svc.SystemActor(ctx, "test"))(t) // now with the root in scope
	email, pw, userName := "admin@example.org", password, "Ada Admin"
	u := must(s.svc.CreateUser(ctx, sys, domain.UserInput{Email: &email, Name: &userName, Password: &pw}))(t)
	must(s.svc.GrantRole(ctx, sys, domain.GrantInput{UserID: u.ID, UnitID: unit.ID, Role: access.Admin}))(t)
	s.admin = must(s.svc.ActorFor(ctx, u.ID))(t)
	s.token = must(s.svc.CreateAPIToken(ctx, s.admin, "test", nil))(t).Secret
	given, family := "Anna", "Muster"
	s.contact = must(s.svc.CreateContact(ctx, s.admin, domain.ContactInput{GivenName: &given, FamilyName: &family,
		HomeUnitID: &unit.ID}))(t)

	jar, _ := cookiejar.New(nil)
	s.browser = &http.Client{Jar: jar, Timeout: clientTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res := s.post("/login", url.Values{"email": {email}, "password": {password}}); res.status != http.StatusSeeOther {
		t.Fatalf("sign in: status %d\n%s", res.status, res.body)
	}
	return s
}

// must fails the test on err: must(f())(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (s *site) do(req *http.Request, client *http.Client) response {
	s.t.Helper()
	res, err := client.Do(req)
	if err != nil { // Errorf, not Fatal: clients run in goroutines of their own
		s.t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
		return response{}
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(body)}
}

// get fetches a page in the signed-in browser.
func (s *site) get(path string) response {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	return s.do(req, s.browser)
}

// post sends a form from the signed-in browser.
func (s *site) post(path string, form url.Values) response {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req, s.browser)
}

// api calls the JSON API with the admin's token.
func (s *site) api(method, path string, body string, header ...string) response {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(req, &http.Client{Timeout: clientTimeout})
}

// plainGet fetches path with no credentials.
func (s *site) plainGet(path string, header ...string) response {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(req, &http.Client{Timeout: clientTimeout})
}

func (s *site) contactPath() string { return "/contacts/" + strconv.FormatInt(s.contact.ID, 10) }
