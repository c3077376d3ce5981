package ui

import (
	"errors"
	"net"
	"net/http"
	"net/url"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
	"github.com/roster-crm/roster/internal/service"
)

type loginData struct {
	Email string
	Next  string
}

func (u *UI) loginPage(w http.ResponseWriter, r *http.Request, s *session) {
	next := localPath(r.URL.Query().Get("next"), "/contacts")
	if s.Actor != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	v := u.newView(r, s, "ui.login.title")
	v.Data = loginData{Next: next}
	u.render(w, r, v, http.StatusOK, "login")
}

// login checks the credentials. Unknown account, wrong password and deactivated account get one message;
// a locked account and a locked address get another, the same whether the account exists or not. With a
// second factor enrolled the session is only half signed in until the second-factor page completes it.
func (u *UI) login(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	next := localPath(f.Get("next"), "/contacts")
	res, err := u.svc.Authenticate(r.Context(), service.SignInRequest{Email: f.Get("email"), Password: f.Get("password"),
		From: clientIP(r), UserAgent: r.UserAgent()})
	switch {
	case errors.Is(err, domain.ErrThrottled):
		u.loginFailed(w, r, s, http.StatusTooManyRequests, "error.throttled")
		return
	case errors.Is(err, domain.ErrUnauthenticated):
		u.loginFailed(w, r, s, http.StatusUnauthorized, "error.signin_failed")
		return
	case err != nil:
		u.fail(w, r, s, err)
		return
	}
	httpauth.SetSession(w, res.Secret, u.secure)
	if res.SecondFactorDue {
		http.Redirect(w, r, "/login/second-factor?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginFailed shows the sign-in form again with one message, keeping the e-mail address but not the password.
func (u *UI) loginFailed(w http.ResponseWriter, r *http.Request, s *session, status int, key string) {
	v := u.newView(r, s, "ui.login.title")
	v.Errors = []string{u.cat.T(s.Lang, key)}
	v.Data = loginData{Email: r.PostForm.Get("email"), Next: localPath(r.PostForm.Get("next"), "/contacts")}
	u.render(w, r, v, status, "login")
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if secret := httpauth.SessionSecret(r, u.secure); secret != "" {
		if err := u.svc.SignOut(r.Context(), secret); err != nil {
			u.log.Warn("sign out", "err", err)
		}
	}
	httpauth.ClearSession(w, u.secure)
	u.redirect(w, r, "/login", "signed_out")
}

// clientIP is the peer address for the sign-in audit entry. Behind a proxy this is the proxy; trusting
// forwarded headers needs configuration this package does not have.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
