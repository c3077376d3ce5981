package ui

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
)

// The second step of a sign-in with a passkey, for a session that is half signed in (password done):
// GET /login/passkey shows a button that fetches the ceremony's options from POST /login/passkey/options,
// lets the browser ask the authenticator, and submits its answer to POST /login/passkey, which replaces the
// session cookie with the full session's.

type passkeySignInData struct {
	Next string
}

func (u *UI) passkeySignInPage(w http.ResponseWriter, r *http.Request, s *session) {
	next := localPath(r.URL.Query().Get("next"), "/contacts")
	switch {
	case s.Actor != nil:
		http.Redirect(w, r, next, http.StatusSeeOther)
	case httpauth.SessionSecret(r, u.secure) == "":
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	default:
		u.renderPasskeySignIn(w, r, s, http.StatusOK, next, nil)
	}
}

func (u *UI) renderPasskeySignIn(w http.ResponseWriter, r *http.Request, s *session, status int, next string, errs []string) {
	v := u.newView(r, s, "ui.passkey_signin.title")
	v.Data = passkeySignInData{Next: next}
	v.Errors = errs
	u.render(w, r, v, status, "passkey_signin")
}

func (u *UI) passkeySignInOptions(w http.ResponseWriter, r *http.Request, s *session) {
	c, err := u.svc.BeginPasskeySignIn(r.Context(), httpauth.SessionSecret(r, u.secure))
	u.passkeyOptions(w, s, "/login/passkey", c, err)
}

// passkeySignIn checks the browser's answer and, when it verifies, sets the new session's cookie and goes on
// to the page the user asked for. A refused answer shows the page again with the reason.
func (u *UI) passkeySignIn(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	next := localPath(r.PostForm.Get("next"), "/contacts")
	if s.Actor != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	state := u.takePasskeyState(w, r, "/login/passkey")
	secret, err := u.svc.FinishPasskeySignIn(r.Context(), httpauth.SessionSecret(r, u.secure), state,
		[]byte(r.PostForm.Get("credential")), clientIP(r))
	var ve *domain.ValidationError
	switch {
	case err == nil:
		httpauth.SetSession(w, secret, u.secure)
		http.Redirect(w, r, next, http.StatusSeeOther)
	case errors.Is(err, domain.ErrUnauthenticated):
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	case errors.Is(err, domain.ErrThrottled):
		u.renderPasskeySignIn(w, r, s, http.StatusTooManyRequests, next, []string{u.cat.T(s.Lang, "error.throttled")})
	case errors.As(err, &ve):
		u.renderPasskeySignIn(w, r, s, http.StatusUnauthorized, next, u.messages(s.Lang, ve.Fields))
	default:
		u.fail(w, r, s, err)
	}
}
