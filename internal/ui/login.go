package ui

import (
	"errors"
	"net"
	"net/http"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
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

// login checks the credentials. Unknown account, wrong password and deactivated account get one message.
func (u *UI) login(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	next := localPath(f.Get("next"), "/contacts")
	secret, _, err := u.svc.SignIn(r.Context(), f.Get("email"), f.Get("password"), clientIP(r))
	if err != nil {
		if !errors.Is(err, domain.ErrUnauthenticated) {
			u.fail(w, r, s, err)
			return
		}
		v := u.newView(r, s, "ui.login.title")
		v.Errors = []string{u.cat.T(s.Lang, "error.signin_failed")}
		v.Data = loginData{Email: f.Get("email"), Next: next}
		u.render(w, r, v, http.StatusUnauthorized, "login")
		return
	}
	httpauth.SetSession(w, secret, u.secure)
	http.Redirect(w, r, next, http.StatusSeeOther)
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
