package ui

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// Passkeys are managed on /account/passkeys. Registering one needs JavaScript (static/passkey.js): the form
// fetches the ceremony's options from POST /account/passkeys/options, the browser talks to the
// authenticator, and the form is submitted with its answer in the hidden field "credential". Listing and
// deleting work without JavaScript.

type passkeysData struct {
	Available     bool // the server can use passkeys (secret key, base URL with a host name)
	Passkeys      []service.Passkey
	Name          string   // the name entered for a new passkey
	RecoveryCodes []string // created with the first passkey: shown on this response only
}

// passkeyStateCookie keeps a ceremony's sealed state between its options and its answer; Path limits it to
// the pages of that ceremony.
const passkeyStateCookie = "roster_passkey"

func (u *UI) setPasskeyState(w http.ResponseWriter, path, state string) {
	http.SetCookie(w, &http.Cookie{Name: passkeyStateCookie, Value: state, Path: path,
		MaxAge: int(service.PasskeyCeremonyTTL.Seconds()), HttpOnly: true, Secure: u.secure, SameSite: http.SameSiteStrictMode})
}

// takePasskeyState reads the ceremony's state and clears the cookie: a state is tried once.
func (u *UI) takePasskeyState(w http.ResponseWriter, r *http.Request, path string) string {
	http.SetCookie(w, &http.Cookie{Name: passkeyStateCookie, Value: "", Path: path, MaxAge: -1, HttpOnly: true,
		Secure: u.secure, SameSite: http.SameSiteStrictMode})
	if c, err := r.Cookie(passkeyStateCookie); err == nil {
		return c.Value
	}
	return ""
}

// passkeyOptions answers a ceremony's options request with the options as JSON, or an error message as
// {"error": "…"} for the script to show.
func (u *UI) passkeyOptions(w http.ResponseWriter, s *session, path string, c service.PasskeyCeremony, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		status, msg := http.StatusInternalServerError, u.cat.T(s.Lang, "error.internal")
		var ve *domain.ValidationError
		switch {
		case errors.As(err, &ve):
			status, msg = http.StatusUnprocessableEntity, strings.Join(u.messages(s.Lang, ve.Fields), " ")
		case errors.Is(err, domain.ErrUnauthenticated):
			status, msg = http.StatusUnauthorized, u.cat.T(s.Lang, "error.passkey_signin_expired")
		case u.svc.KindOf(err) == domain.KindUnconfigured:
			status, msg = http.StatusUnprocessableEntity, u.cat.T(s.Lang, "error.passkeys_unavailable")
		default:
			u.log.Error("passkey options", "err", err)
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	u.setPasskeyState(w, path, c.State)
	_, _ = w.Write(c.Options)
}

func (u *UI) passkeysPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderPasskeys(w, r, s, http.StatusOK, passkeysData{}, nil)
}

// renderPasskeys shows the passkeys page; d carries what was entered or created, err a form's problems.
func (u *UI) renderPasskeys(w http.ResponseWriter, r *http.Request, s *session, status int, d passkeysData, err error) {
	list, lerr := u.svc.Passkeys(r.Context(), s.Actor)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d.Passkeys, d.Available = list, u.svc.PasskeysAvailable()
	v := u.newView(r, s, "ui.passkeys.title")
	v.Data = d
	// Problems with the ceremony belong to no field: they show at the top of the page.
	if err != nil && !v.setProblems(err, func(f string) string { return map[string]string{"name": "name"}[f] }) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "passkeys")
}

func (u *UI) passkeyRegisterOptions(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	c, err := u.svc.BeginPasskeyRegistration(r.Context(), s.Actor, r.PostForm.Get("name"))
	u.passkeyOptions(w, s, "/account/passkeys", c, err)
}

// passkeyRegister stores the passkey the browser created. The first factor of an account comes with
// recovery codes, shown on this response only.
func (u *UI) passkeyRegister(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	state := u.takePasskeyState(w, r, "/account/passkeys")
	_, codes, err := u.svc.FinishPasskeyRegistration(r.Context(), s.Actor, state, []byte(r.PostForm.Get("credential")))
	switch {
	case err == nil && len(codes) > 0:
		u.renderPasskeys(w, r, s, http.StatusCreated, passkeysData{RecoveryCodes: codes}, nil)
	case err == nil:
		u.redirect(w, r, "/account/passkeys", "passkey_added")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderPasskeys(w, r, s, http.StatusUnprocessableEntity, passkeysData{Name: r.PostForm.Get("name")}, err)
	default:
		u.fail(w, r, s, err)
	}
}

func (u *UI) passkeyDelete(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.DeletePasskey(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/account/passkeys", "passkey_deleted")
}
