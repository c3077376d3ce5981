package ui_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/jobs/jobstest"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

const password = "correct horse battery staple"

// world is a small organization: a national unit with two states, one of them with two counties; a
// national admin and a county officer; one contact per county and one in the other state.
type world struct {
	t        *testing.T
	srv      *httptest.Server
	svc      *service.Service
	st       *store.Store // for what no page does: planting records a test needs
	cat      *i18n.Catalog
	sys      *access.Actor
	national domain.Unit
	bavaria  domain.Unit
	munich   domain.Unit
	augsburg domain.Unit
	berlin   domain.Unit
	regular  domain.MembershipType
	anna     *domain.Contact // Munich
	bert     *domain.Contact // Augsburg
	carla    *domain.Contact // Berlin
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	svc := service.New(s, service.Options{PasswordCost: auth.Params{Memory: 1024, Time: 1, Threads: 1}})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, svc: svc, st: s, cat: cat}
	w.sys = must(svc.SystemActor(ctx, "test"))(t)
	w.national = w.unit(0, "Bund", "national")
	w.sys = must(svc.SystemActor(ctx, "test"))(t) // now with the root in scope
	w.bavaria = w.unit(w.national.ID, "Bayern", "state")
	w.munich = w.unit(w.bavaria.ID, "München", "county")
	w.augsburg = w.unit(w.bavaria.ID, "Augsburg", "county")
	w.berlin = w.unit(w.national.ID, "Berlin", "state")
	if err := svc.AddPostalCodes(ctx, w.sys, w.munich.ID, []domain.PostalMapping{{PostalCode: "80331", Place: "München"}}); err != nil {
		t.Fatal(err)
	}
	name := "Regular"
	w.regular = must(svc.SaveMembershipType(ctx, w.sys, 0, domain.MembershipTypeInput{Name: &name}))(t)
	w.user("admin@example.org", "Ada Admin", "en", w.national.ID, access.Admin)
	w.user("officer@example.org", "Otto Officer", "en", w.munich.ID, access.Manager)
	w.anna = w.contact("Anna", "Münchner", w.munich.ID)
	w.bert = w.contact("Bert", "Augsburger", w.augsburg.ID)
	w.carla = w.contact("Carla", "Berliner", w.berlin.ID)
	h, err := httpd.Handler(svc, cat, httpd.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)
	jobstest.Start(t, s, svc)
	return w
}

func (w *world) unit(parent int64, name, kind string) domain.Unit {
	w.t.Helper()
	in := domain.UnitInput{Name: &name, Kind: &kind}
	if parent != 0 {
		in.ParentID = &parent
	}
	return must(w.svc.CreateUnit(context.Background(), w.sys, in))(w.t)
}

func (w *world) user(email, name, lang string, unit int64, role string) domain.User {
	w.t.Helper()
	ctx := context.Background()
	pw := password
	u := must(w.svc.CreateUser(ctx, w.sys, domain.UserInput{Email: &email, Name: &name, Language: &lang, Password: &pw}))(w.t)
	if unit != 0 {
		must(w.svc.GrantRole(ctx, w.sys, domain.GrantInput{UserID: u.ID, UnitID: unit, Role: role}))(w.t)
	}
	return u
}

func (w *world) contact(given, family string, unit int64) *domain.Contact {
	w.t.Helper()
	in := domain.ContactInput{GivenName: &given, FamilyName: &family, HomeUnitID: &unit}
	if email := strings.ToLower(given) + "@example.org"; !strings.ContainsAny(given, "<>\" ") {
		in.Emails = &[]domain.Email{{Address: email}}
	}
	return must(w.svc.CreateContact(context.Background(), w.sys, in))(w.t)
}

// count is the number of live contacts in the whole organization.
func (w *world) count() int {
	return must(w.svc.CountContacts(context.Background(), w.sys, domain.ContactFilter{}, 0))(w.t)
}

func (w *world) msg(lang, key string, params ...string) string { return w.cat.T(lang, key, params...) }

// browser is a client with a cookie jar that does not follow redirects, so tests see them.
type browser struct {
	t    *testing.T
	w    *world
	c    *http.Client
	lang string // Accept-Language, "" for none
}

func (w *world) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: w.t, w: w, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn returns a browser signed in as email.
func (w *world) signIn(email string) *browser {
	w.t.Helper()
	b := w.browser()
	res := b.post("/login", url.Values{"email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther {
		w.t.Fatalf("sign in %s: status %d\n%s", email, res.status, res.body)
	}
	return b
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return response{status: res.StatusCode, body: string(body), location: res.Header.Get("Location"), header: res.Header}
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.w.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	return b.postRaw(path, form.Encode())
}

func (b *browser) postRaw(path, body string) response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.w.srv.URL+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// mustGet fetches a page and fails unless it answers 200.
func (b *browser) mustGet(path string) string {
	b.t.Helper()
	res := b.get(path)
	if res.status != http.StatusOK {
		b.t.Fatalf("GET %s: status %d\n%s", path, res.status, res.body)
	}
	return res.body
}

// fieldError returns the message shown next to a form field, "" when there is none.
func fieldError(body, id string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(id) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// esc is how html/template writes text: what a page must contain to show s.
func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

func eachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	storetest.Each(t, func(t *testing.T, s *store.Store) { fn(t, newWorld(t, s)) })
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// must turns a (value, error) result into the value, failing the test on error: must(f())(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
