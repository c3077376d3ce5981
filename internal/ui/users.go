package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

type userListData struct {
	Users []domain.User
}

func (u *UI) userList(w http.ResponseWriter, r *http.Request, s *session) {
	users, err := u.svc.Users(r.Context(), s.Actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.users.title")
	v.Data = userListData{Users: users}
	u.render(w, r, v, http.StatusOK, "user_list")
}

// userForm is the form for a new account.
type userForm struct {
	Email, Name, Language, Password string
}

type userNewData struct {
	Form      userForm
	Languages []string
}

func (u *UI) userNewPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderUserNew(w, r, s, http.StatusOK, userForm{Language: s.Lang}, nil)
}

func (u *UI) renderUserNew(w http.ResponseWriter, r *http.Request, s *session, status int, f userForm, err error) {
	if !s.Actor.Scope.Has(access.ManageUsers) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	f.Password = "" // never sent back
	v := u.newView(r, s, "ui.users.new_title")
	v.Data = userNewData{Form: f, Languages: service.UILanguages()}
	if err != nil {
		v.setProblems(err, sameName)
	}
	u.render(w, r, v, status, "user_new")
}

func (u *UI) userCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	pf := r.PostForm
	f := userForm{Email: strings.TrimSpace(pf.Get("email")), Name: pf.Get("name"), Language: pf.Get("language"), Password: pf.Get("password")}
	user, err := u.svc.CreateUser(r.Context(), s.Actor, domain.UserInput{Email: &f.Email, Name: &f.Name, Language: &f.Language, Password: &f.Password})
	switch {
	case err == nil:
		u.redirect(w, r, "/users/"+itoa(user.ID), "user_created")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderUserNew(w, r, s, http.StatusUnprocessableEntity, f, err)
	default:
		u.fail(w, r, s, err)
	}
}
