package browsertest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A county officer asks for the contacts, is sent to the sign-in page, mistypes the password, sees why and
// stays there, then signs in with the keyboard and lands on the contacts of their county, with their name
// and unit in the header.
func TestSignIn(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.open("/contacts")
		if got := tb.heading(); got != s.en("ui.login.title") || !strings.HasPrefix(tb.path(), "/login") {
			t.Fatalf("without a session /contacts shows %q at %s, want the sign-in page", got, tb.path())
		}

		tb.do(chromedp.SendKeys(field(s.en("ui.login.email")), countyEmail),
			chromedp.SendKeys(field(s.en("ui.login.password")), "not the password"))
		if status := tb.follow(chromedp.KeyEvent(kb.Enter)); status != http.StatusUnauthorized {
			t.Errorf("wrong password answered %d", status)
		}
		if got := textOf(tb, chromedp.CSS(`[role="alert"]`)); got != s.en("error.signin_failed") {
			t.Errorf("error shown: %q, want %q", got, s.en("error.signin_failed"))
		}
		if got := tb.heading(); got != s.en("ui.login.title") || tb.count("nav.main-nav") != 0 {
			t.Fatalf("after a wrong password the page is %q", got)
		}
		if got := valueOf(tb, field(s.en("ui.login.email"))); got != countyEmail {
			t.Errorf("e-mail field holds %q after the error, want it kept", got)
		}
		if got := valueOf(tb, field(s.en("ui.login.password"))); got != "" {
			t.Errorf("password field holds %q after the error, want it empty", got)
		}

		tb.do(chromedp.SendKeys(field(s.en("ui.login.password")), password))
		if status := tb.follow(chromedp.KeyEvent(kb.Enter)); status != http.StatusOK {
			t.Fatalf("sign-in answered %d", status)
		}
		if got := tb.path(); got != "/contacts" {
			t.Errorf("signed in at %s, want back at /contacts, the page asked for", got)
		}
		if got := tb.heading(); got != s.en("ui.contacts.title") {
			t.Errorf("heading %q, want %q", got, s.en("ui.contacts.title"))
		}
		who := textOf(tb, chromedp.CSS(".who"))
		for _, want := range []string{s.en("ui.layout.signed_in_as", "name", "Otto Officer"), s.en("ui.role.manager") + " · München"} {
			if !strings.Contains(who, want) {
				t.Errorf("header says %q, want %q in it", who, want)
			}
		}
		list := tb.mainText()
		if !strings.Contains(list, "Jürgen Öztürk") || strings.Contains(list, "Weiß") || strings.Contains(list, "Dąbrowski") {
			t.Errorf("the county officer's list should hold München's contact only:\n%s", list)
		}
	})
}
