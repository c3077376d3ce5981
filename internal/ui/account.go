package ui

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

type accountData struct {
	Name, Language string
	Languages      []string
	Tokens         []domain.APIToken
	NewToken       *domain.APIToken // just created: the only time its secret is shown
	TokenName      string
	TokenExpires   string
}

func (u *UI) accountPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderAccount(w, r, s, http.StatusOK, nil, nil, nil)
}

// renderAccount shows the account page; edit restores what was entered, err holds a form's problems placed
// by rename.
func (u *UI) renderAccount(w http.ResponseWriter, r *http.Request, s *session, status int, edit func(*accountData),
	err error, rename func(string) string) {
	tokens, lerr := u.svc.APITokens(r.Context(), s.Actor)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d := accountData{Name: s.User.Name, Language: s.User.Language, Languages: service.UILanguages(), Tokens: tokens}
	if edit != nil {
		edit(&d)
	}
	v := u.newView(r, s, "ui.account.title")
	v.Data = d
	if err != nil && !v.setProblems(err, rename) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "account")
}

// accountFormDone redirects to the account page after a successful form, shows it again with the problems
// of a validation error, or an error page.
func (u *UI) accountFormDone(w http.ResponseWriter, r *http.Request, s *session, flash string, err error,
	edit func(*accountData), rename func(string) string) {
	switch {
	case err == nil:
		u.redirect(w, r, "/account", flash)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderAccount(w, r, s, http.StatusUnprocessableEntity, edit, err, rename)
	default:
		u.fail(w, r, s, err)
	}
}

// accountUpdate saves name and language; the new language takes effect at once, also over an earlier switch.
func (u *UI) accountUpdate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	name, lang := r.PostForm.Get("name"), r.PostForm.Get("language")
	_, err := u.svc.UpdateUser(r.Context(), s.Actor, s.Actor.UserID, domain.UserInput{Name: &name, Language: &lang})
	if err == nil {
		u.setLanguageCookie(w, lang)
	}
	u.accountFormDone(w, r, s, "profile_saved", err, func(d *accountData) { d.Name, d.Language = name, lang }, sameName)
}

// tokenCreate makes an API token and shows its secret on this response only, never in a cookie or URL.
func (u *UI) tokenCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	name, expires := strings.TrimSpace(r.PostForm.Get("token_name")), strings.TrimSpace(r.PostForm.Get("token_expires"))
	var p domain.Problems
	var until *time.Time
	if d := formDate(&p, "expires_at", expires); d != nil {
		end := endOfDay(*d)
		until = &end
	}
	err := p.Err()
	var token domain.APIToken
	if err == nil {
		token, err = u.svc.CreateAPIToken(r.Context(), s.Actor, name, until)
	}
	if err == nil {
		u.renderAccount(w, r, s, http.StatusCreated, func(d *accountData) { d.NewToken = &token }, nil, nil)
		return
	}
	u.accountFormDone(w, r, s, "", err, func(d *accountData) { d.TokenName, d.TokenExpires = name, expires },
		func(f string) string {
			return map[string]string{"name": "token_name", "expires_at": "token_expires"}[f]
		})
}

func (u *UI) tokenRevoke(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.RevokeAPIToken(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/account", "token_revoked")
}
