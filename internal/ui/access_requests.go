package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// Admins see the access requests for the units they manage, pending ones first, and approve them (possibly
// with another role or end date; approval sends the invitation) or reject them with a reason.

type accessRequestsData struct {
	Requests []domain.AccessRequest
	Roles    []string
	Failed   int64 // the request whose decision was refused: its form keeps what was entered
	Decision accessDecisionForm
}

type accessDecisionForm struct {
	Role, Until, Reason string
}

func (u *UI) accessRequestList(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderAccessRequests(w, r, s, http.StatusOK, 0, accessDecisionForm{}, nil)
}

func (u *UI) renderAccessRequests(w http.ResponseWriter, r *http.Request, s *session, status int, failed int64,
	f accessDecisionForm, err error) {
	if !s.Actor.Scope.Has(access.ManageUsers) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	list, lerr := u.svc.AccessRequests(r.Context(), s.Actor, false)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	v := u.newView(r, s, "ui.access_requests.title")
	v.Nav = "access-requests"
	v.Data = accessRequestsData{Requests: list, Roles: access.Roles(), Failed: failed, Decision: f}
	var ve *domain.ValidationError
	if err != nil && !errors.As(err, &ve) {
		u.fail(w, r, s, err)
		return
	}
	if ve != nil {
		// One form per request: the messages go to the top, naming the field.
		labels := map[string]string{"role": "ui.grant.role", "until": "ui.access_requests.until", "reason": "ui.access_requests.reason",
			"email": "ui.user.email"}
		for _, fe := range ve.Fields {
			msg := v.T(messageKey(fe.Code), "param", fe.Param)
			if key, ok := labels[fe.Field]; ok {
				msg = v.T(key) + ": " + msg
			}
			v.Errors = append(v.Errors, msg)
		}
	}
	u.render(w, r, v, status, "access_requests")
}

// accessRequestDecide approves or rejects one request, as the button pressed says.
func (u *UI) accessRequestDecide(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	pf := r.PostForm
	f := accessDecisionForm{Role: pf.Get("role"), Until: strings.TrimSpace(pf.Get("until")), Reason: pf.Get("reason")}
	d := service.AccessDecision{Approve: pf.Get("decision") == "approve", Reason: f.Reason, Role: f.Role}
	if !d.Approve && pf.Get("decision") != "reject" {
		u.errorPage(w, r, s, http.StatusBadRequest, "error.bad_request")
		return
	}
	var p domain.Problems
	if until := formDate(&p, "until", f.Until); until != nil {
		d.Until = *until
	}
	err := p.Err()
	if err == nil {
		_, err = u.svc.DecideAccessRequest(r.Context(), s.Actor, id, d)
	}
	switch {
	case err == nil && d.Approve:
		u.redirect(w, r, "/access-requests", "request_approved")
	case err == nil:
		u.redirect(w, r, "/access-requests", "request_rejected")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderAccessRequests(w, r, s, http.StatusUnprocessableEntity, id, f, err)
	default:
		u.fail(w, r, s, err)
	}
}
