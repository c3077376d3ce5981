package ui

import (
	"errors"
	"net/http"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
)

// accountPassword changes the signed-in user's password. The current password is checked first, so that a
// session left open on a shared computer cannot be turned into a lost account. The service signs the user
// out everywhere on a password change; this browser gets a fresh session with the new password.
func (u *UI) accountPassword(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	current, pw := f.Get("current_password"), f.Get("password")
	if pw != f.Get("password_confirm") {
		u.passwordFailed(w, r, s, "password_confirm", "ui.account.passwords_differ")
		return
	}
	secret, err := u.svc.ChangePassword(r.Context(), s.Actor, current, pw, clientIP(r), r.UserAgent())
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Code == "wrong_password":
		u.passwordFailed(w, r, s, "current_password", "ui.account.wrong_password")
	case errors.Is(err, domain.ErrThrottled):
		u.errorPage(w, r, s, http.StatusTooManyRequests, "error.throttled")
	case err != nil:
		u.accountFormDone(w, r, s, "", err, nil, sameName)
	default:
		httpauth.SetSession(w, secret, u.secure)
		u.redirect(w, r, "/account", "password_changed")
	}
}

// passwordFailed shows the account page with one message at a password field.
func (u *UI) passwordFailed(w http.ResponseWriter, r *http.Request, s *session, field, key string) {
	u.renderAccount(w, r, s, http.StatusUnprocessableEntity, nil,
		&domain.ValidationError{Fields: []domain.FieldError{{Field: field, Code: key}}}, sameName)
}
