package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// membershipAdd records a membership period from the contact page's small form.
func (u *UI) membershipAdd(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	f := r.PostForm
	form := contactSubForms{TypeID: f.Get("type_id"), StartDate: f.Get("start_date"), EndDate: f.Get("end_date"),
		JoinMethod: strings.TrimSpace(f.Get("join_method"))}
	var p domain.Problems
	typeID := formID(&p, "type_id", form.TypeID)
	in := domain.MembershipInput{TypeID: &typeID, StartDate: formDate(&p, "start_date", form.StartDate),
		EndDate: formDate(&p, "end_date", form.EndDate)}
	if form.JoinMethod != "" {
		in.JoinMethod = &form.JoinMethod
	}
	if form.StartDate == "" {
		p.Add("start_date", "required")
	}
	err := p.Err()
	if err == nil {
		_, err = u.svc.AddMembership(r.Context(), s.Actor, id, in)
	}
	if err != nil {
		u.contactFormFailed(w, r, s, id, form, err)
		return
	}
	u.redirect(w, r, "/contacts/"+itoa(id), "membership_added")
}

// contactFormFailed shows the contact page again with the problems of a small form, or an error page for
// anything that is not a validation error.
func (u *UI) contactFormFailed(w http.ResponseWriter, r *http.Request, s *session, id int64, form contactSubForms, err error) {
	if !errors.As(err, new(*domain.ValidationError)) {
		u.fail(w, r, s, err)
		return
	}
	u.renderContact(w, r, s, id, http.StatusUnprocessableEntity, form, err)
}
