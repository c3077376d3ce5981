package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// The access request form: a person asks for a role on a unit for themselves, without an account, or an
// officer who is signed in asks on someone's behalf (the request then names the officer). Either way the
// request must name the board decision behind it, and the admins of the unit decide.

type accessRequestForm struct {
	Email, Name, UnitID, Role, Until, DecisionText, DecisionLink string
}

type accessRequestFormData struct {
	Form   accessRequestForm
	Units  []option
	Roles  []string
	Sent   *domain.AccessRequest
	Behalf bool // an officer asks for someone else
}

func (u *UI) accessRequestPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderAccessRequestForm(w, r, s, http.StatusOK, accessRequestForm{}, nil, nil)
}

func (u *UI) renderAccessRequestForm(w http.ResponseWriter, r *http.Request, s *session, status int, f accessRequestForm,
	sent *domain.AccessRequest, err error) {
	d := accessRequestFormData{Form: f, Roles: access.Roles(), Sent: sent, Behalf: s.Actor != nil}
	if sent == nil {
		units, lerr := u.svc.UnitDirectory(r.Context())
		if lerr != nil {
			u.fail(w, r, s, lerr)
			return
		}
		d.Units = append([]option{{Value: "", Label: u.cat.T(s.Lang, "ui.grant.choose_unit")}}, unitChoices(units)...)
	}
	v := u.newView(r, s, "ui.request_access.title")
	v.Data = d
	if err != nil && !v.setProblems(err, func(f string) string {
		if f == "unit_id" || f == "unit.id" {
			return "unit_id"
		}
		return f
	}) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "access_request_form")
}

// unitChoices are units as select options in tree order, indented as unitOptions does.
func unitChoices(units []domain.Unit) []option {
	out := make([]option, 0, len(units))
	for _, t := range treeOrder(units) {
		out = append(out, option{Value: itoa(t.ID), Label: strings.Repeat("\u00a0\u00a0\u00a0", t.Level) + t.Name})
	}
	return out
}

func (u *UI) accessRequestCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	pf := r.PostForm
	f := accessRequestForm{Email: strings.TrimSpace(pf.Get("email")), Name: pf.Get("name"), UnitID: pf.Get("unit_id"),
		Role: pf.Get("role"), Until: strings.TrimSpace(pf.Get("until")), DecisionText: pf.Get("decision_text"),
		DecisionLink: strings.TrimSpace(pf.Get("decision_link"))}
	var p domain.Problems
	req := domain.AccessRequest{Email: f.Email, Name: f.Name, Unit: domain.UnitRef{ID: formID(&p, "unit_id", f.UnitID)},
		Role: f.Role, DecisionText: f.DecisionText, DecisionLink: f.DecisionLink}
	if f.UnitID == "" {
		p.Add("unit_id", "required")
	}
	if until := formDate(&p, "until", f.Until); until != nil {
		req.Until = *until
	}
	err := p.Err()
	if err == nil {
		req, err = u.svc.RequestAccess(r.Context(), s.Actor, req)
	}
	switch {
	case err == nil:
		u.renderAccessRequestForm(w, r, s, http.StatusCreated, accessRequestForm{}, &req, nil)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderAccessRequestForm(w, r, s, http.StatusUnprocessableEntity, f, nil, err)
	default:
		u.fail(w, r, s, err)
	}
}
