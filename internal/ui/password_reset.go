package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// Password reset by a link sent by e-mail. Asking for one answers the same whether or not the address has
// an account; the link works once, for 30 minutes, and its secret travels only in the path of these pages.

type resetRequestData struct {
	Email string
	Sent  bool
}

func (u *UI) resetRequestPage(w http.ResponseWriter, r *http.Request, s *session) {
	v := u.newView(r, s, "ui.reset.title")
	v.Data = resetRequestData{}
	u.render(w, r, v, http.StatusOK, "password_reset_request")
}

// resetRequest sends the link to an active account and shows the same page for every address, without
// the address itself: nothing on it depends on whether the account exists.
func (u *UI) resetRequest(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	v := u.newView(r, s, "ui.reset.title")
	if email == "" {
		v.Fields["email"] = v.T("error.required")
		v.Data = resetRequestData{}
		u.render(w, r, v, http.StatusUnprocessableEntity, "password_reset_request")
		return
	}
	if err := u.svc.RequestPasswordReset(r.Context(), email, clientIP(r)); err != nil {
		u.fail(w, r, s, err)
		return
	}
	v.Data = resetRequestData{Sent: true}
	u.render(w, r, v, http.StatusOK, "password_reset_request")
}

type resetData struct {
	Secret string
}

// resetPage asks for the new password. Whether the link still works shows when the form is sent: the only
// way to check it would be to use it.
func (u *UI) resetPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderReset(w, r, s, http.StatusOK, nil)
}

func (u *UI) renderReset(w http.ResponseWriter, r *http.Request, s *session, status int, err error) {
	v := u.newView(r, s, "ui.reset.new_title")
	v.Data = resetData{Secret: r.PathValue("secret")}
	if err != nil {
		v.setProblems(err, sameName)
	}
	u.render(w, r, v, status, "password_reset")
}

// reset sets the new password and sends the user to sign in with it; the service ends all their sessions.
func (u *UI) reset(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	pw := r.PostForm.Get("password")
	var err error
	if pw != r.PostForm.Get("password_confirm") {
		err = domain.Invalid("password_confirm", "ui.account.passwords_differ")
	} else {
		err = u.svc.ResetPassword(r.Context(), r.PathValue("secret"), pw)
	}
	switch {
	case err == nil:
		u.redirect(w, r, "/login", "password_reset")
	case errors.Is(err, domain.ErrNotFound):
		u.errorPage(w, r, s, http.StatusNotFound, "ui.reset.dead")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderReset(w, r, s, http.StatusUnprocessableEntity, err)
	default:
		u.fail(w, r, s, err)
	}
}
