package service_test

import (
	"errors"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A user with a second factor changes their password: the old sessions end, and the browser that changed it
// stays fully signed in — not sent back through the second factor.
func TestChangePasswordKeepsTheSecondFactorProven(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		u := f.member("anna@example.org", root.ID, access.Manager)
		en, err := f.svc.BeginTOTP(f.ctx, f.actor(u.ID), "Roster")
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := totp.DecodeSecret(en.Secret)
		if _, err := f.svc.ConfirmTOTP(f.ctx, f.actor(u.ID), totp.Default().At(secret, f.now)); err != nil {
			t.Fatal(err)
		}
		old, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw, From: "192.0.2.1"})
		if err != nil || !old.SecondFactorDue {
			t.Fatalf("sign-in = %+v, %v", old, err)
		}
		a := f.actor(u.ID)
		var ve *domain.ValidationError
		if _, err := f.svc.ChangePassword(f.ctx, a, "not my password", "a new and long passphrase", "192.0.2.1", ""); !errors.As(err, &ve) || ve.Fields[0].Field != "current_password" {
			t.Fatalf("wrong current password = %v", err)
		}
		fresh, err := f.svc.ChangePassword(f.ctx, a, pw, "a new and long passphrase", "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.SessionActor(f.ctx, fresh); err != nil || got.UserID != u.ID {
			t.Errorf("the new session is not signed in: %v, %v", got, err)
		}
		// The half-signed-in session from before would accept a fresh code if it still existed.
		if _, _, err := f.svc.VerifySecondFactor(f.ctx, old.Secret, totp.Default().At(secret, f.now.Add(30*time.Second)), "192.0.2.1"); err == nil {
			t.Error("an earlier session survived the password change")
		}
		if _, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: "a new and long passphrase", From: "192.0.2.1"}); err != nil {
			t.Errorf("the new password does not sign in: %v", err)
		}
	})
}

// Setting up a new authenticator app leaves the confirmed one working until the new one is confirmed.
func TestNewAuthenticatorAppReplacesTheOldOnlyWhenConfirmed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		u := f.member("anna@example.org", root.ID, access.Manager)
		a := f.actor(u.ID)
		first, _ := f.svc.BeginTOTP(f.ctx, a, "Roster")
		old, _ := totp.DecodeSecret(first.Secret)
		if _, err := f.svc.ConfirmTOTP(f.ctx, a, totp.Default().At(old, f.now)); err != nil {
			t.Fatal(err)
		}
		second, _ := f.svc.BeginTOTP(f.ctx, a, "Roster") // started, then abandoned
		signIn := func(secret []byte) error {
			t.Helper()
			f.now = f.now.Add(time.Minute)
			res, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw, From: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.svc.VerifySecondFactor(f.ctx, res.Secret, totp.Default().At(secret, f.now), "192.0.2.1")
			return err
		}
		if err := signIn(old); err != nil {
			t.Fatalf("the confirmed app stopped working when a new one was started: %v", err)
		}
		neu, _ := totp.DecodeSecret(second.Secret)
		if err := signIn(neu); err == nil {
			t.Fatal("an unconfirmed app signs in")
		}
		if _, err := f.svc.ConfirmTOTP(f.ctx, a, totp.Default().At(neu, f.now)); err != nil {
			t.Fatal(err)
		}
		if err := signIn(neu); err != nil {
			t.Errorf("the new app does not sign in after confirmation: %v", err)
		}
		if err := signIn(old); err == nil {
			t.Error("the replaced app still signs in")
		}
	})
}

// Asking for reset links over and over does not flood the mailbox, and a client asking for many addresses is
// refused; the answer for the account is the same as for an unknown address throughout.
func TestPasswordResetRequestsAreThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, box := accountFixture(t, st)
		root := f.unit(0, "Root")
		f.member("anna@example.org", root.ID, access.Viewer)
		for i := range 10 {
			if err := f.svc.RequestPasswordReset(f.ctx, "anna@example.org", "192.0.2.7"); err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
		}
		box.mu.Lock()
		sent := len(box.mail)
		box.mu.Unlock()
		if sent < 1 || sent > 4 {
			t.Errorf("%d mails for 10 requests in a row", sent)
		}
		// An hour later the account gets its link again.
		f.now = f.now.Add(time.Hour)
		if err := f.svc.RequestPasswordReset(f.ctx, "anna@example.org", "192.0.2.8"); err != nil {
			t.Fatal(err)
		}
		box.mu.Lock()
		later := len(box.mail)
		box.mu.Unlock()
		if later != sent+1 {
			t.Errorf("no mail after waiting: %d, before %d", later, sent)
		}
		var last error
		for i := range 40 {
			last = f.svc.RequestPasswordReset(f.ctx, "nobody"+string(rune('a'+i%26))+"@example.org", "198.51.100.9")
		}
		if !errors.Is(last, domain.ErrThrottled) {
			t.Errorf("a client asking for 40 addresses: %v", last)
		}
	})
}
