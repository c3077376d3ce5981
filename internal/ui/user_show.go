package ui

import (
	"errors"
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// grantForm is the form to give a user a role.
type grantForm struct {
	UnitID, Role, Expires string
}

type userShowData struct {
	User  domain.User
	Self  bool
	Now   time.Time
	Units []option // where the admin may grant roles
	Roles []string
	Grant grantForm
}

func (u *UI) userShow(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderUser(w, r, s, id, http.StatusOK, nil, nil)
}

// renderUser shows a user's page; after a failed form, edit restores what was entered and err has its problems.
func (u *UI) renderUser(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, edit func(*userShowData), err error) {
	user, lerr := u.svc.User(r.Context(), s.Actor, id)
	d := userShowData{User: user, Self: id == s.Actor.UserID, Now: time.Now(), Roles: access.Roles()}
	if lerr == nil {
		d.Units, lerr = u.unitPicker(r.Context(), s, "ui.grant.choose_unit", s.Actor.Scope.Roots(access.ManageUsers))
	}
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	if edit != nil {
		edit(&d)
	}
	v := u.newView(r, s, "ui.user.page_title", "name", user.Name)
	v.Data = d
	if err != nil && !v.setProblems(err, sameName) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "user_show")
}

// userUpdate deactivates or activates an account, or sets a new password for it.
func (u *UI) userUpdate(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	var in domain.UserInput
	flash := "user_saved"
	switch r.PostForm.Get("action") {
	case "deactivate", "activate":
		active := r.PostForm.Get("action") == "activate"
		in.Active = &active
	case "password":
		pw := r.PostForm.Get("password")
		in.Password, flash = &pw, "password_set"
	default:
		u.errorPage(w, r, s, http.StatusBadRequest, "error.bad_request")
		return
	}
	_, err := u.svc.UpdateUser(r.Context(), s.Actor, id, in)
	u.userFormDone(w, r, s, id, flash, err, nil)
}

// userFormDone redirects to the user page after a successful form, shows it again with the problems of a
// validation error, or an error page.
func (u *UI) userFormDone(w http.ResponseWriter, r *http.Request, s *session, id int64, flash string, err error, edit func(*userShowData)) {
	switch {
	case err == nil:
		u.redirect(w, r, "/users/"+itoa(id), flash)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderUser(w, r, s, id, http.StatusUnprocessableEntity, edit, err)
	default:
		u.fail(w, r, s, err)
	}
}
