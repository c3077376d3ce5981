package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/httpauth"
)

// An officer sets up an authenticator app (a wrong first code is refused), sees the recovery codes once,
// then signs in with password and code: the half-signed-in session sees nothing, a wrong or replayed code is
// refused, the right one replaces the session. A recovery code signs in once and leads to re-enrolment.
func TestSignInWithSecondFactor(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		b := w.signIn("officer@example.org")
		page := b.mustGet("/account/second-factor")
		if !strings.Contains(page, esc(w.msg("en", "ui.second_factor.off"))) {
			t.Error("the second-factor page does not say that no app is set up")
		}
		begin := b.post("/account/second-factor/totp", nil)
		if !strings.Contains(begin.body, `<svg xmlns="http://www.w3.org/2000/svg"`) ||
			!strings.Contains(begin.body, `aria-label="`+esc(w.msg("en", "ui.second_factor.qr_label"))+`"`) {
			t.Fatalf("no labelled QR code on the enrolment page:\n%s", begin.body)
		}
		shown := totpSecretShown.FindStringSubmatch(begin.body)
		if shown == nil || !strings.Contains(shown[1], " ") || len(strings.Fields(shown[1])[0]) != 4 {
			t.Fatalf("secret not shown in groups of four: %v", shown)
		}
		wrong := b.post("/account/second-factor/totp/confirm", url.Values{"code": {"000000"}, "secret": {strings.ReplaceAll(shown[1], " ", "")}})
		if wrong.status != http.StatusUnprocessableEntity || fieldError(wrong.body, "code") != esc(w.msg("en", "error.wrong_code")) ||
			!strings.Contains(wrong.body, shown[1]) {
			t.Fatalf("wrong first code: %d, error %q; the same secret shown again: %v", wrong.status, fieldError(wrong.body, "code"),
				strings.Contains(wrong.body, shown[1]))
		}
		secret, _ := totp.DecodeSecret(shown[1])
		step := totp.Default().Counter(w.clock.Now())
		done := b.post("/account/second-factor/totp/confirm", url.Values{"code": {totp.Default().Code(secret, step)}})
		codes := recoveryCodeShown.FindAllStringSubmatch(done.body, -1)
		if done.status != http.StatusOK || len(codes) != 10 || !strings.Contains(done.body, esc(w.msg("en", "ui.second_factor.codes_once"))) {
			t.Fatalf("confirm: %d, %d recovery codes shown", done.status, len(codes))
		}
		again := b.mustGet("/account/second-factor")
		if strings.Contains(again, codes[0][1]) || !strings.Contains(again, esc(w.msg("en", "ui.second_factor.on"))) {
			t.Error("the page shows the recovery codes a second time, or does not show the app as set up")
		}
		b.post("/logout", nil)

		// Password, then code.
		b = w.passwordStep("officer@example.org")
		half := b.cookie(httpauth.CookieName(false))
		ensureStatus(t, "data page with a half session", b.get("/contacts"), http.StatusSeeOther, "/login/second-factor?next=%2Fcontacts")
		page = b.mustGet("/login/second-factor?next=%2Fcontacts")
		if !strings.Contains(page, `href="/login/passkey?next=%2fcontacts"`) && !strings.Contains(page, `href="/login/passkey?next=%2Fcontacts"`) {
			t.Error("no link to sign in with a passkey instead")
		}
		res := b.post("/login/second-factor", url.Values{"code": {"123456"}, "next": {"/contacts"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "code") == "" {
			t.Fatalf("wrong code: %d %q", res.status, fieldError(res.body, "code"))
		}
		res = b.post("/login/second-factor", url.Values{"code": {totp.Default().Code(secret, step)}, "next": {"/contacts"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "code") != esc(w.msg("en", "error.code_used")) {
			t.Fatalf("the enrolment's code again (replay): %d %q", res.status, fieldError(res.body, "code"))
		}
		w.clock.Add(30 * time.Second)
		res = b.post("/login/second-factor", url.Values{"code": {totp.Default().Code(secret, step+1)}, "next": {"/contacts"}})
		ensureStatus(t, "right code", res, http.StatusSeeOther, "/contacts")
		full := b.cookie(httpauth.CookieName(false))
		if full == half || full == "" {
			t.Error("the session identifier was not renewed after the second factor")
		}
		if _, err := w.svc.SessionActor(context.Background(), half); err == nil {
			t.Error("the half session still works")
		}
		if page := b.mustGet("/contacts"); !strings.Contains(page, "Münchner") {
			t.Error("signed in with both factors, the officer does not see the county's contacts")
		}
		b.post("/logout", nil)

		// A recovery code signs in once and leads to setting up the app again.
		b = w.passwordStep("officer@example.org")
		res = b.post("/login/second-factor", url.Values{"code": {strings.ToUpper(codes[3][1])}, "next": {"/contacts"}})
		ensureStatus(t, "recovery code", res, http.StatusSeeOther, "/account/second-factor?recovered=1")
		if page := b.mustGet(res.location); !strings.Contains(page, esc(w.msg("en", "ui.second_factor.recovered", "count", "9"))) {
			t.Error("after a recovery code the page does not suggest setting up the app again with the codes left")
		}
		b.post("/logout", nil)
		b = w.passwordStep("officer@example.org")
		res = b.post("/login/second-factor", url.Values{"code": {codes[3][1]}, "next": {"/contacts"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("a recovery code worked twice: %d %q", res.status, res.location)
		}
	})
}

// Between the password and the code, a data page leads back to the code, not to the password again; a
// recovery code used before says so, and a mistyped one does not speak of the phone's clock.
func TestSecondFactorStepIsKeptAndRecoveryCodesExplained(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		_, codes, _ := w.enrolTOTP(w.signIn("officer@example.org"))
		b := w.passwordStep("officer@example.org")
		ensureStatus(t, "the contacts with the code still due", b.get("/contacts?q=Otto"), http.StatusSeeOther,
			"/login/second-factor?next=%2Fcontacts%3Fq%3DOtto")
		ensureStatus(t, "a form sent with the code still due", b.post("/contacts", nil), http.StatusSeeOther, "/login/second-factor")
		ensureStatus(t, "recovery code", b.post("/login/second-factor", url.Values{"code": {codes[0]}}), http.StatusSeeOther,
			"/account/second-factor?recovered=1")
		b.post("/logout", nil)

		b = w.passwordStep("officer@example.org")
		for _, lang := range []string{"de", "en"} {
			code := codes[0]
			if lang == "de" {
				code = strings.ToUpper(code)
			}
			b.post("/language", url.Values{"lang": {lang}, "back": {"/login/second-factor"}})
			res := b.post("/login/second-factor", url.Values{"code": {code}})
			if want := esc(w.msg(lang, "error.recovery_code_used")); res.status != http.StatusUnprocessableEntity || fieldError(res.body, "code") != want {
				t.Errorf("%s: a used recovery code again: %d %q, want %q", lang, res.status, fieldError(res.body, "code"), want)
			}
		}
		res := b.post("/login/second-factor", url.Values{"code": {"abcde-fghjk"}})
		if got := fieldError(res.body, "code"); got != esc(w.msg("en", "error.wrong_recovery_code")) {
			t.Errorf("a recovery code that never existed: %q", got)
		}
		ensureStatus(t, "another recovery code", b.post("/login/second-factor", url.Values{"code": {codes[1]}}), http.StatusSeeOther,
			"/account/second-factor?recovered=1")
	})
}

// Wrong codes are throttled per account like passwords, with the same message.
func TestSecondFactorAttemptsAreThrottled(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		secret, _, step := w.enrolTOTP(w.signIn("officer@example.org"))
		b := w.passwordStep("officer@example.org")
		for range 5 {
			b.post("/login/second-factor", url.Values{"code": {"999999"}})
		}
		res := b.post("/login/second-factor", url.Values{"code": {totp.Default().Code(secret, step+1)}})
		if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, esc(w.msg("en", "error.throttled"))) {
			t.Fatalf("after 5 wrong codes the right one answered %d %q", res.status, res.location)
		}
		w.clock.Add(time.Minute)
		ensureStatus(t, "after the wait", b.post("/login/second-factor", url.Values{"code": {totp.Default().Code(secret, step+2)}}),
			http.StatusSeeOther, "/contacts")
	})
}

// Without a half-signed-in session the second-factor page sends back to the sign-in.
func TestSecondFactorPageNeedsThePassword(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		b := w.browser()
		ensureStatus(t, "GET without session", b.get("/login/second-factor"), http.StatusSeeOther, "/login")
		ensureStatus(t, "POST without session", b.post("/login/second-factor", url.Values{"code": {"123456"}}), http.StatusSeeOther, "/login")
		if page := b.mustGet("/login"); !strings.Contains(page, esc(w.msg("en", "ui.flash.signin_expired"))) {
			t.Error("the sign-in page does not say why it is shown")
		}
		// Signed in fully (no factor), the page just goes on.
		ensureStatus(t, "signed in", w.signIn("officer@example.org").get("/login/second-factor?next=/units"), http.StatusSeeOther, "/units")
	})
}

// An admin resets the factors of someone who lost their phone: the person signs in with the password alone.
func TestAdminResetsSecondFactors(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		officer := w.signIn("officer@example.org")
		w.enrolTOTP(officer)
		admin := w.signIn("admin@example.org")
		id := userID(t, w, admin, "officer@example.org")
		page := admin.mustGet("/users/" + id)
		if !strings.Contains(page, `action="/users/`+id+`/reset-factors"`) {
			t.Fatal("no reset button on the user's page")
		}
		ensureStatus(t, "reset", admin.post("/users/"+id+"/reset-factors", nil), http.StatusSeeOther, "/users/"+id)
		if page := admin.mustGet("/users/" + id); !strings.Contains(page, esc(w.msg("en", "ui.flash.factors_reset"))) {
			t.Error("no confirmation of the reset")
		}
		ensureStatus(t, "the officer's session", officer.get("/contacts"), http.StatusSeeOther, "/login?next=%2Fcontacts")
		w.signIn("officer@example.org") // password only: fails the test if a second factor is still due
		// The officer cannot reset the admin's factors.
		if res := w.signIn("officer@example.org").post("/users/"+userID(t, w, admin, "admin@example.org")+"/reset-factors", nil); res.status != http.StatusNotFound {
			t.Errorf("an officer reset an admin's factors: %d", res.status)
		}
	})
}

// userID finds a user's id on the admin's user list.
func userID(t *testing.T, w *accountsWorld, admin *browser, email string) string {
	t.Helper()
	for _, u := range must(w.svc.Users(context.Background(), w.sys))(t) {
		if u.Email == email {
			return itoa(u.ID)
		}
	}
	t.Fatalf("no user %s", email)
	return ""
}

// A server without a secret key cannot keep second factors, and says so instead of failing.
func TestSecondFactorsNeedTheServerKey(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		res := w.signIn("officer@example.org").post("/account/second-factor/totp", nil)
		if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, esc(w.msg("en", "ui.second_factor.unavailable"))) {
			t.Errorf("enrolment without a key: %d", res.status)
		}
	})
}
