package browsertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// Ada adds a passkey on her account (the browser's authenticator is Chromium's virtual one), signs out,
// signs in with her password, sees nothing until the second factor, confirms with the passkey and lands on
// the contacts.
func TestPasskeyRegistrationAndSignIn(t *testing.T) {
	browser(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPasskeySite(t, st)
		tb := s.newTab(t)
		authenticator := tb.virtualAuthenticator()
		tb.signIn(adminEmail, password)

		tb.open("/account")
		tb.follow(chromedp.Click(link(s.en("ui.passkeys.manage"))))
		if got := tb.heading(); got != s.en("ui.passkeys.title") {
			t.Fatalf("the account's passkey link leads to %q", got)
		}
		tb.fill(s.en("ui.passkeys.name"), "Laptop")
		if status := tb.follow(chromedp.Click(button(s.en("ui.passkeys.add_button")))); status != http.StatusCreated {
			t.Fatalf("adding a passkey answered %d: %s", status, tb.mainText())
		}
		if got := textOf(tb, chromedp.CSS(`table.list tbody td`)); got != "Laptop" {
			t.Errorf("the list shows %q, want the new passkey Laptop", got)
		}
		if n := tb.count(`.secret ul.codes li`); n != 10 {
			t.Errorf("%d recovery codes shown with the first factor, want 10", n)
		}
		creds := tb.credentials(authenticator)
		if len(creds) != 1 || creds[0].RpID != "localhost" {
			t.Fatalf("the authenticator holds %+v, want one credential for localhost", creds)
		}

		tb.follow(chromedp.Click(button(s.en("ui.layout.sign_out"))))
		tb.open("/login")
		tb.do(chromedp.SendKeys(field(s.en("ui.login.email")), adminEmail),
			chromedp.SendKeys(field(s.en("ui.login.password")), password))
		tb.follow(chromedp.Click(button(s.en("ui.login.submit"))))
		tb.open("/contacts")
		if !strings.HasPrefix(tb.path(), "/login") || tb.count("nav.main-nav") != 0 {
			t.Fatalf("with the password alone /contacts shows %s", tb.path())
		}

		tb.open("/login/passkey?next=/contacts")
		if got := tb.heading(); got != s.en("ui.passkey_signin.title") {
			t.Fatalf("the passkey step shows %q", got)
		}
		if status := tb.follow(chromedp.Click(button(s.en("ui.passkey_signin.submit")))); status != http.StatusOK {
			t.Fatalf("signing in with the passkey answered %d: %s", status, tb.mainText())
		}
		if got := tb.path(); got != "/contacts" {
			t.Errorf("signed in at %s, want /contacts", got)
		}
		if got := tb.heading(); got != s.en("ui.contacts.title") || tb.count("nav.main-nav") != 1 {
			t.Errorf("after the passkey the page is %q", got)
		}
		if creds := tb.credentials(authenticator); len(creds) != 1 || creds[0].SignCount < 1 {
			t.Errorf("the passkey was not used: %+v", creds)
		}
	})
}

// newPasskeySite is a site served at http://localhost:<port>: WebAuthn takes a host name as relying party
// (Chromium refuses 127.0.0.1) and counts http://localhost as a secure context. Its service has a secret
// key, which second factors need, and Ada Admin as its one user.
func newPasskeySite(t *testing.T, st *store.Store) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	svc := service.New(st, service.Options{PasswordCost: auth.Params{Memory: 1024, Time: 1, Threads: 1},
		SecretKey: auth.NewKey(), BaseURL: base})
	s := &site{svc: svc, cat: must(i18n.Load())(t)}
	s.sys = must(svc.SystemActor(context.Background(), "browser test"))(t)
	s.national = s.unit(t, 0, "Bund", "national")
	s.sys = must(svc.SystemActor(context.Background(), "browser test"))(t)
	s.user(t, adminEmail, "Ada Admin", s.national.ID, access.Admin)
	h, err := httpd.Handler(svc, s.cat, httpd.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	s.url = base
	return s
}

// virtualAuthenticator gives the tab a platform authenticator of the kind a laptop has (CTAP2, built in,
// with user verification that succeeds), through the DevTools WebAuthn domain.
func (tb *tab) virtualAuthenticator() webauthn.AuthenticatorID {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		tb.t.Fatalf("WebAuthn domain: %v", err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true}})
	if err != nil {
		tb.t.Fatalf("virtual authenticator: %v", err)
	}
	return res.AuthenticatorID
}

// credentials lists what the virtual authenticator holds.
func (tb *tab) credentials(id webauthn.AuthenticatorID) []*webauthn.Credential {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	if err != nil {
		tb.t.Fatalf("credentials: %v", err)
	}
	return res.Credentials
}
