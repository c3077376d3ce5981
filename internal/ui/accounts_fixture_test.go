package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// accountsWorld is the world with what the account pages need beyond it: a server key (so that second
// factors can be enrolled), a mailbox instead of the mail log, and a clock the test moves.
type accountsWorld struct {
	*world
	mail  *mailbox
	clock *testClock
}

func eachAccountsWorld(t *testing.T, fn func(t *testing.T, w *accountsWorld)) {
	storetest.Each(t, func(t *testing.T, s *store.Store) { fn(t, newAccountsWorld(t, s)) })
}

// newAccountsWorld builds the world, then serves it through a second service on the same database: one with
// a secret key, the mailbox and the test clock (set before the new server takes requests).
func newAccountsWorld(t *testing.T, s *store.Store) *accountsWorld {
	w := &accountsWorld{world: newWorld(t, s), mail: &mailbox{}, clock: &testClock{now: time.Now()}}
	s.Now = w.clock.Now
	w.svc = service.New(s, service.Options{PasswordCost: auth.Params{Memory: 1024, Time: 1, Threads: 1},
		SecretKey: auth.NewKey(), Mailer: w.mail, BaseURL: "https://roster.example.org"})
	h, err := httpd.Handler(w.svc, w.cat, httpd.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)
	return w
}

// testClock is the store's clock in these tests.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// mailbox keeps the mail the service sends.
type mailbox struct {
	mu   sync.Mutex
	mail []string
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mail = append(m.mail, to+"\n"+subject+"\n"+body)
	return nil
}

// count is the number of mails sent so far.
func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.mail)
}

var mailLink = regexp.MustCompile(`https://roster\.example\.org(/[a-z-]+/[A-Za-z0-9_-]+)`)

// linkTo returns the path of the last link to prefix ("/invitation/") mailed to address, "" when none was.
func (m *mailbox) linkTo(address, prefix string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.mail) - 1; i >= 0; i-- {
		if !strings.HasPrefix(m.mail[i], address+"\n") {
			continue
		}
		for _, l := range mailLink.FindAllStringSubmatch(m.mail[i], -1) {
			if strings.HasPrefix(l[1], prefix) {
				return l[1]
			}
		}
	}
	return ""
}

var (
	totpSecretShown   = regexp.MustCompile(`<code class="token" id="totp-secret">([A-Z2-7 ]+)</code>`)
	recoveryCodeShown = regexp.MustCompile(`<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>`)
)

// enrolTOTP sets up an authenticator app on the account page as a person would, with a code computed from
// the secret shown as text, and returns the secret, the recovery codes shown and the time step used.
func (w *accountsWorld) enrolTOTP(b *browser) (secret []byte, codes []string, step int64) {
	b.t.Helper()
	page := b.post("/account/second-factor/totp", nil)
	m := totpSecretShown.FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		b.t.Fatalf("begin TOTP: %d, secret shown: %v\n%s", page.status, m != nil, page.body)
	}
	secret, err := totp.DecodeSecret(m[1])
	if err != nil {
		b.t.Fatal(err)
	}
	now := w.clock.Now()
	res := b.post("/account/second-factor/totp/confirm", url.Values{"code": {totp.Default().At(secret, now)},
		"secret": {strings.ReplaceAll(m[1], " ", "")}})
	if res.status != http.StatusOK {
		b.t.Fatalf("confirm TOTP: %d\n%s", res.status, res.body)
	}
	for _, c := range recoveryCodeShown.FindAllStringSubmatch(res.body, -1) {
		codes = append(codes, c[1])
	}
	return secret, codes, totp.Default().Counter(now)
}

// passwordStep signs in with the password where a second factor is due, and returns the browser on the
// second-factor page's doorstep.
func (w *accountsWorld) passwordStep(email string) *browser {
	w.t.Helper()
	b := w.browser()
	res := b.post("/login", url.Values{"email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther || res.location != "/login/second-factor?next=%2Fcontacts" {
		w.t.Fatalf("password step of %s: %d %q\n%s", email, res.status, res.location, res.body)
	}
	return b
}

// cookie is the value of a cookie the browser holds for the test server.
func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.w.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// ensureStatus fails unless a response has the given status and, for redirects, location.
func ensureStatus(t *testing.T, what string, res response, status int, location string) {
	t.Helper()
	if res.status != status || res.location != location {
		t.Fatalf("%s: %d %q, want %d %q\n%s", what, res.status, res.location, status, location, res.body)
	}
}

// last is the last mail sent: recipient, subject and body on lines of their own.
func (m *mailbox) last() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.mail) == 0 {
		return ""
	}
	return m.mail[len(m.mail)-1]
}
