package ui

import (
	"errors"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

type contactEditData struct {
	ID      int64
	Name    string
	Form    contactForm
	Units   []option
	Genders []string
}

// contactEditPage shows the form of the whole contact, or with ?block= of one block of it.
func (u *UI) contactEditPage(w http.ResponseWriter, r *http.Request, s *session) {
	if r.URL.Query().Has("block") {
		u.contactBlockPage(w, r, s)
		return
	}
	if c, ok := u.editableContact(w, r, s); ok {
		u.renderContactEdit(w, r, s, http.StatusOK, c.ID, c.DisplayName, contactFormOf(c), nil, nil)
	}
}

// editableContact loads the contact of the path for an edit form; when the actor may not edit it, or it is
// in the trash, it has answered already.
func (u *UI) editableContact(w http.ResponseWriter, r *http.Request, s *session) (*domain.Contact, bool) {
	id, err := pathID(r.PathValue("id"))
	var c *domain.Contact
	if err == nil {
		c, err = u.svc.GetContact(r.Context(), s.Actor, id)
	}
	switch {
	case err != nil:
		u.fail(w, r, s, err)
	case !u.svc.CanEdit(r.Context(), s.Actor, c):
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
	case c.DeletedAt != nil:
		u.errorPage(w, r, s, http.StatusConflict, "error.in_trash")
	default:
		return c, true
	}
	return nil, false
}

// contactUpdate saves the edit form. A stale version (someone saved in between) shows the form again with
// the conflict message; the entered values stay, so nothing typed is lost.
func (u *UI) contactUpdate(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	f := readContactForm(r.PostForm)
	var p domain.Problems
	in, rows := f.input(&p)
	err := p.Err()
	if err == nil {
		_, err = u.svc.UpdateContact(r.Context(), s.Actor, id, in)
	}
	switch {
	case err == nil:
		u.redirect(w, r, "/contacts/"+itoa(id), "contact_saved")
	case errors.Is(err, domain.ErrConflict):
		u.renderContactEdit(w, r, s, http.StatusConflict, id, f.name(), f, err, nil)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderContactEdit(w, r, s, http.StatusUnprocessableEntity, id, f.name(), f, err, rows.field)
	default:
		u.fail(w, r, s, err)
	}
}

// renderContactEdit shows the edit form, after a failed save with the conflict message or the messages of
// a validation error placed by rename.
func (u *UI) renderContactEdit(w http.ResponseWriter, r *http.Request, s *session, status int, id int64, name string,
	f contactForm, err error, rename func(string) string) {
	units, uerr := u.unitOptions(r.Context(), s, "ui.contact.choose_unit", s.Actor.Scope.Roots(access.WriteContacts))
	if uerr != nil {
		u.fail(w, r, s, uerr)
		return
	}
	f.addEmptyRows()
	v := u.newView(r, s, "ui.contact.edit_title", "name", name)
	v.Data = contactEditData{ID: id, Name: name, Form: f, Units: units, Genders: domain.Genders()}
	if errors.Is(err, domain.ErrConflict) {
		v.Errors = []string{v.T("error.conflict")}
	} else if err != nil {
		v.setProblems(err, rename)
	}
	u.render(w, r, v, status, "contact_edit")
}
