package ui

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/qrsvg"
)

// totpIssuer names Roster in authenticator apps, as the API does.
const totpIssuer = "Roster"

type secondFactorData struct {
	Factors   domain.SecondFactors
	Required  bool // the organization requires a factor that is not enrolled yet
	Welcome   bool // just arrived from an invitation
	Recovered bool // just signed in with a recovery code
	Enrol     *totpEnrolment
	Codes     []string // fresh recovery codes: shown on this response only
}

// totpEnrolment is an authenticator app being set up: the QR code and the secret to type in.
type totpEnrolment struct {
	QR      template.HTML // inline SVG from qrsvg, which escapes what it embeds
	Secret  string        // base32, as the service made it; comes back with the code to redraw the page
	Grouped string        // the same in groups of four, for typing
}

func (u *UI) secondFactorPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	q := r.URL.Query()
	u.renderSecondFactor(w, r, s, http.StatusOK, func(d *secondFactorData) {
		d.Welcome, d.Recovered = q.Get("welcome") == "1", q.Get("recovered") == "1"
	}, nil)
}

// renderSecondFactor shows the second-factor page; edit adds what a form produced, err the problems of a
// code that was refused.
func (u *UI) renderSecondFactor(w http.ResponseWriter, r *http.Request, s *session, status int, edit func(*secondFactorData), err error) {
	f, lerr := u.svc.SecondFactors(r.Context(), s.Actor)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d := secondFactorData{Factors: f, Required: s.Actor.EnrolmentRequired}
	if edit != nil {
		edit(&d)
	}
	v := u.newView(r, s, "ui.second_factor.title")
	v.Data = d
	if err != nil && !v.setProblems(err, func(f string) string { return map[string]string{"code": "code"}[f] }) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "second_factor")
}

// totpBegin makes a new secret for an authenticator app and shows it; it counts once a code confirms it.
func (u *UI) totpBegin(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	en, err := u.svc.BeginTOTP(r.Context(), s.Actor, totpIssuer)
	if err != nil {
		u.secondFactorFailed(w, r, s, err)
		return
	}
	enrol, err := u.totpEnrolment(s, en.Secret)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderSecondFactor(w, r, s, http.StatusOK, func(d *secondFactorData) { d.Enrol = enrol }, nil)
}

// totpEnrolment draws the QR code of a secret for the signed-in user.
func (u *UI) totpEnrolment(s *session, secret string) (*totpEnrolment, error) {
	raw, err := totp.DecodeSecret(secret)
	if err != nil {
		return nil, err
	}
	svg, err := qrsvg.SVG(totp.Default().URI(totpIssuer, s.Actor.Email, raw), u.cat.T(s.Lang, "ui.second_factor.qr_label"))
	if err != nil {
		return nil, err
	}
	return &totpEnrolment{QR: template.HTML(svg), Secret: secret, Grouped: groupsOfFour(secret)}, nil
}

func groupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// totpConfirm turns the app on with its first code and shows the recovery codes, when they are new, once.
// A refused code shows the same QR code again (its secret came back with the form; the service checks the
// code against the secret it stored, not this one).
func (u *UI) totpConfirm(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	codes, err := u.svc.ConfirmTOTP(r.Context(), s.Actor, r.PostForm.Get("code"))
	switch {
	case err == nil && len(codes) > 0:
		u.renderSecondFactor(w, r, s, http.StatusOK, func(d *secondFactorData) { d.Codes = codes }, nil)
	case err == nil:
		u.redirect(w, r, "/account/second-factor", "totp_enrolled")
	case errors.As(err, new(*domain.ValidationError)):
		enrol, eerr := u.totpEnrolment(s, r.PostForm.Get("secret"))
		if eerr != nil {
			enrol = nil // a damaged form: the page offers to start again
		}
		u.renderSecondFactor(w, r, s, http.StatusUnprocessableEntity, func(d *secondFactorData) { d.Enrol = enrol }, err)
	default:
		u.secondFactorFailed(w, r, s, err)
	}
}

// recoveryCodesRenew replaces the recovery codes and shows the new ones once.
func (u *UI) recoveryCodesRenew(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	codes, err := u.svc.RegenerateRecoveryCodes(r.Context(), s.Actor)
	switch {
	case err == nil:
		u.renderSecondFactor(w, r, s, http.StatusOK, func(d *secondFactorData) { d.Codes = codes }, nil)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderSecondFactor(w, r, s, http.StatusUnprocessableEntity, nil, err)
	default:
		u.fail(w, r, s, err)
	}
}

// secondFactorFailed explains a server without a secret key, which cannot keep second factors, and hands
// anything else to fail.
func (u *UI) secondFactorFailed(w http.ResponseWriter, r *http.Request, s *session, err error) {
	if u.svc.KindOf(err) == domain.KindUnconfigured {
		u.errorPage(w, r, s, http.StatusServiceUnavailable, "ui.second_factor.unavailable")
		return
	}
	u.fail(w, r, s, err)
}
