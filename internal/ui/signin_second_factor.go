package ui

import (
	"errors"
	"net/http"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
)

// The second step of a sign-in. After the password, a user with a second factor holds a half-signed-in
// session (in the normal session cookie) that resolves to no actor; a code from the authenticator app or a
// recovery code completes it, and the service replaces it by a new session whose secret goes into the
// cookie. A passkey completes it on /login/passkey instead.

type secondFactorSignInData struct {
	Next string
}

func (u *UI) secondFactorSignInPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	next := localPath(r.URL.Query().Get("next"), "/contacts")
	switch {
	case s.Actor != nil:
		http.Redirect(w, r, next, http.StatusSeeOther)
	case !u.halfSignedIn(r):
		u.redirect(w, r, "/login", "signin_expired")
	default:
		u.renderSecondFactorSignIn(w, r, s, http.StatusOK, next, nil)
	}
}

// halfSignedIn reports whether the request carries a live session that waits for its second factor.
func (u *UI) halfSignedIn(r *http.Request) bool {
	_, err := u.svc.SessionActor(r.Context(), httpauth.SessionSecret(r, u.secure))
	return errors.Is(err, domain.ErrSecondFactorRequired)
}

func (u *UI) renderSecondFactorSignIn(w http.ResponseWriter, r *http.Request, s *session, status int, next string, problem error) {
	v := u.newView(r, s, "ui.signin_factor.title")
	v.Data = secondFactorSignInData{Next: next}
	switch {
	case errors.Is(problem, domain.ErrThrottled):
		v.Errors = []string{v.T("error.throttled")}
	case problem != nil:
		v.setProblems(problem, sameName)
	}
	u.render(w, r, v, status, "signin_second_factor")
}

// secondFactorSignIn checks the code. A recovery code signs in once and leads to the second-factor page,
// where the user sets up their app again and sees how many codes are left.
func (u *UI) secondFactorSignIn(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	next := localPath(r.PostForm.Get("next"), "/contacts")
	secret, usedRecovery, err := u.svc.VerifySecondFactor(r.Context(), httpauth.SessionSecret(r, u.secure),
		r.PostForm.Get("code"), clientIP(r))
	switch {
	case err == nil && usedRecovery:
		httpauth.SetSession(w, secret, u.secure)
		http.Redirect(w, r, "/account/second-factor?recovered=1", http.StatusSeeOther)
	case err == nil:
		httpauth.SetSession(w, secret, u.secure)
		http.Redirect(w, r, next, http.StatusSeeOther)
	case errors.Is(err, domain.ErrThrottled):
		u.renderSecondFactorSignIn(w, r, s, http.StatusTooManyRequests, next, err)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderSecondFactorSignIn(w, r, s, http.StatusUnprocessableEntity, next, err)
	case errors.Is(err, domain.ErrUnauthenticated), errors.Is(err, domain.ErrNotFound):
		u.redirect(w, r, "/login", "signin_expired")
	default:
		u.fail(w, r, s, err)
	}
}
