package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/httpauth"
)

// After five wrong passwords an account is locked for a while. The page then says to wait, for a known and
// for an unknown account alike, and even the right password does not get in until the lock ends.
func TestThrottledSignInLooksTheSame(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		pages := map[string]response{}
		for _, email := range []string{"admin@example.org", "nobody@example.org"} {
			b := w.browser()
			for i := range 5 {
				if res := b.post("/login", url.Values{"email": {email}, "password": {"wrong password no " + itoa(int64(i))}}); res.status != http.StatusUnauthorized {
					t.Fatalf("%s, failure %d: %d", email, i+1, res.status)
				}
			}
			pages[email] = b.post("/login", url.Values{"email": {email}, "password": {password}})
			if b.cookie(httpauth.CookieName(false)) != "" {
				t.Errorf("%s got a session while locked", email)
			}
		}
		known, unknown := pages["admin@example.org"], pages["nobody@example.org"]
		want := esc(w.msg("en", "error.throttled"))
		for email, res := range pages {
			if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, want) {
				t.Errorf("%s, locked: %d, says to wait: %v", email, res.status, strings.Contains(res.body, want))
			}
		}
		if strings.ReplaceAll(known.body, "admin@example.org", "") != strings.ReplaceAll(unknown.body, "nobody@example.org", "") {
			t.Error("a locked known account and a locked unknown one give different pages")
		}
		w.clock.Add(5 * time.Second)
		w.signIn("admin@example.org")
	})
}
