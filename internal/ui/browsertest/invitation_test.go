package browsertest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The whole way in for a new volunteer, in an organization with a pledge that requires a second factor of
// everyone: Vera opens her invitation link, accepts the pledge, chooses a password, sets up an authenticator
// app (the code computed from the key the page shows as text), keeps her recovery codes and lands on the
// contacts of her county. She signs out and in again with password and app, and once more with a recovery
// code, which leads her to set up the app again.
func TestInvitationToFirstPageWithTwoFactors(t *testing.T) {
	browser(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newAccountsSite(t, st)
		ctx := context.Background()
		must(s.svc.PublishPledge(ctx, s.sys, "Data-protection pledge", "I keep members' data confidential.\n\nI use it only for my office."))(t)
		if err := s.svc.SetSecondFactorPolicy(ctx, s.sys, "all"); err != nil {
			t.Fatal(err)
		}
		inv := must(s.svc.Invite(ctx, s.sys, "vera@example.org", "Vera Volunteer",
			[]domain.InvitedGrant{{UnitID: s.munich.ID, Role: access.Manager}}))(t)
		invitation := inv.Link[strings.Index(inv.Link, "/invitation/"):]

		tb := s.newTab(t)
		tb.open(invitation)
		if got := tb.heading(); got != s.en("ui.invitation.title") {
			t.Fatalf("the link shows %q", got)
		}
		if text := tb.mainText(); !strings.Contains(text, s.en("ui.role.manager")+" · München") || !strings.Contains(text, "I use it only for my office.") {
			t.Fatalf("the invitation does not show the role and the pledge:\n%s", text)
		}
		tb.do(chromedp.Click(field(s.en("ui.pledge.accept_label"))))
		tb.fill(s.en("ui.invitation.password"), "maple river telescope")
		tb.fill(s.en("ui.invitation.password_again"), "maple river telescope")
		tb.follow(chromedp.Click(button(s.en("ui.invitation.accept"))))
		if got := tb.path(); got != "/account/second-factor?welcome=1" {
			t.Fatalf("after accepting, the page is %s: %s", got, tb.mainText())
		}
		if text := tb.mainText(); !strings.Contains(text, s.en("ui.second_factor.required")) {
			t.Errorf("the page does not say that a second factor is required:\n%s", text)
		}

		tb.follow(chromedp.Click(button(s.en("ui.second_factor.set_up"))))
		waitVisible(tb, chromedp.Search(`//*[local-name()="svg" and @role="img"]`))
		tb.screenshotFor("second-factor-enrolment.png")
		secret := must(totp.DecodeSecret(textOf(tb, chromedp.CSS("#totp-secret"))))(t)
		step := totp.Default().Counter(time.Now())
		tb.fill(s.en("ui.second_factor.code"), totp.Default().Code(secret, step))
		tb.follow(chromedp.Click(button(s.en("ui.second_factor.confirm"))))
		codes := eval[[]string](tb, `[...document.querySelectorAll("ol.recovery-codes code")].map(c => c.textContent)`)
		if len(codes) != 10 {
			t.Fatalf("%d recovery codes shown: %s", len(codes), tb.mainText())
		}
		tb.follow(chromedp.Click(link(s.en("ui.second_factor.continue"))))
		if got, list := tb.path(), tb.mainText(); got != "/contacts" || !strings.Contains(list, "Jürgen Öztürk") || strings.Contains(list, "Weiß") {
			t.Fatalf("the first page is %s, not München's contacts:\n%s", got, list)
		}
		if who := textOf(tb, chromedp.CSS(".who")); !strings.Contains(who, "Vera Volunteer") {
			t.Errorf("the header says %q", who)
		}

		// Password and app. The code of the next time step: the one used to enrol is refused as a replay.
		tb.follow(chromedp.Click(button(s.en("ui.layout.sign_out"))))
		tb.passwordStep("vera@example.org", "maple river telescope")
		tb.fill(s.en("ui.signin_factor.code"), totp.Default().Code(secret, max(step+1, totp.Default().Counter(time.Now()))))
		tb.follow(chromedp.KeyEvent(kb.Enter))
		if got := tb.path(); got != "/contacts" || tb.count("nav.main-nav") == 0 {
			t.Fatalf("signed in with the app at %s: %s", got, tb.mainText())
		}

		// Password and a recovery code.
		tb.follow(chromedp.Click(button(s.en("ui.layout.sign_out"))))
		tb.passwordStep("vera@example.org", "maple river telescope")
		tb.fill(s.en("ui.signin_factor.code"), codes[4])
		tb.follow(chromedp.Click(button(s.en("ui.signin_factor.submit"))))
		if got := tb.path(); got != "/account/second-factor?recovered=1" {
			t.Fatalf("signed in with a recovery code at %s: %s", got, tb.mainText())
		}
		if text := tb.mainText(); !strings.Contains(text, s.en("ui.second_factor.recovered", "count", "9")) {
			t.Errorf("the page does not suggest setting up the app again:\n%s", text)
		}

		// Between password and code, the contacts lead back to the code; the recovery code used above is
		// refused as used, not blamed on the phone's clock.
		tb.follow(chromedp.Click(button(s.en("ui.layout.sign_out"))))
		tb.passwordStep("vera@example.org", "maple river telescope")
		tb.open("/contacts")
		if got := tb.heading(); got != s.en("ui.signin_factor.title") {
			t.Fatalf("/contacts with the code still due shows %q at %s", got, tb.path())
		}
		tb.fill(s.en("ui.signin_factor.code"), codes[4])
		tb.follow(chromedp.Click(button(s.en("ui.signin_factor.submit"))))
		if text := tb.mainText(); !strings.Contains(text, s.en("error.recovery_code_used")) {
			t.Errorf("a used recovery code again:\n%s", text)
		}
		tb.fill(s.en("ui.signin_factor.code"), codes[5])
		tb.follow(chromedp.Click(button(s.en("ui.signin_factor.submit"))))
		if got := tb.path(); got != "/account/second-factor?recovered=1" {
			t.Fatalf("another recovery code after going to the contacts: %s", got)
		}
	})
}

// passwordStep signs in with the password and waits for the second-factor page.
func (tb *tab) passwordStep(email, pw string) {
	tb.t.Helper()
	tb.open("/login")
	tb.fill(tb.site.en("ui.login.email"), email)
	tb.fill(tb.site.en("ui.login.password"), pw)
	tb.follow(chromedp.Click(button(tb.site.en("ui.login.submit"))))
	if got := tb.heading(); got != tb.site.en("ui.signin_factor.title") {
		tb.t.Fatalf("after the password the page is %q: %s", got, tb.mainText())
	}
}

// newAccountsSite is the site served by a service with a secret key, so that second factors can be enrolled.
func newAccountsSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	s := newSite(t, st)
	s.svc = service.New(st, service.Options{PasswordCost: auth.Params{Memory: 1024, Time: 1, Threads: 1},
		SecretKey: auth.NewKey(), Mailer: noMail{}})
	h, err := httpd.Handler(s.svc, s.cat, httpd.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// noMail drops mail: the test takes the invitation link from the service's answer.
type noMail struct{}

func (noMail) Send(context.Context, string, string, string) error { return nil }
