package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// Admins invite people by e-mail to one or more roles. The form starts with one role and grows by a row
// per "add another role" (a round trip, so it works without JavaScript); the unit list appears once per
// row asked for, not more.

// maxInviteRows bounds the rows of roles on the invitation form.
const maxInviteRows = 5

type inviteForm struct {
	Email, Name string
	Grants      []grantForm
}

type inviteData struct {
	Form    inviteForm
	Units   []option
	Roles   []string
	Created *domain.Invitation // just sent: its link is shown this once
	Mails   bool               // a mail server is configured, so the invitation is e-mailed
}

func (u *UI) invitationNewPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderInviteForm(w, r, s, http.StatusOK, inviteForm{Grants: make([]grantForm, 1)}, nil, nil, nil)
}

// renderInviteForm shows the invitation form; created is an invitation just sent, err the problems of the
// form with rename placing them at its fields.
func (u *UI) renderInviteForm(w http.ResponseWriter, r *http.Request, s *session, status int, f inviteForm,
	created *domain.Invitation, err error, rename func(string) string) {
	if !s.Actor.Scope.Has(access.ManageUsers) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	units, lerr := u.unitPicker(r.Context(), s, "ui.grant.choose_unit", s.Actor.Scope.Roots(access.ManageUsers))
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	v := u.newView(r, s, "ui.invite.title")
	v.Nav = "users"
	v.Data = inviteData{Form: f, Units: units, Roles: access.Roles(), Created: created, Mails: u.svc.MailConfigured()}
	if err != nil && !v.setProblems(err, rename) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "invite")
}

func readInviteForm(pf url.Values) inviteForm {
	f := inviteForm{Email: strings.TrimSpace(pf.Get("email")), Name: pf.Get("name")}
	rows, _ := strconv.Atoi(pf.Get("rows"))
	rows = min(max(rows, 1), maxInviteRows)
	for i := range rows {
		n := strconv.Itoa(i)
		f.Grants = append(f.Grants, grantForm{UnitID: pf.Get("unit_id_" + n), Role: pf.Get("role_" + n),
			Expires: strings.TrimSpace(pf.Get("expires_at_" + n))})
	}
	return f
}

// invitationCreate sends the invitation, or adds a row of roles to the form. On success the page shows the
// link once, for an admin whose mail does not reach the person.
func (u *UI) invitationCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := readInviteForm(r.PostForm)
	if r.PostForm.Get("action") == "add_row" {
		if len(f.Grants) < maxInviteRows {
			f.Grants = append(f.Grants, grantForm{})
		}
		u.renderInviteForm(w, r, s, http.StatusOK, f, nil, nil, nil)
		return
	}
	grants, rows, err := invitedGrants(f.Grants)
	var inv domain.Invitation
	if err == nil {
		inviter := *s.Actor
		inviter.Language = s.Lang // the mail in the language the admin works in
		inv, err = u.svc.Invite(r.Context(), &inviter, f.Email, f.Name, grants)
	}
	switch {
	case err == nil:
		if strings.HasPrefix(inv.Link, "/") { // no base URL configured: the link of this request's host
			inv.Link = scheme(u.secure) + "://" + r.Host + inv.Link
		}
		u.renderInviteForm(w, r, s, http.StatusCreated, inviteForm{Grants: make([]grantForm, 1)}, &inv, nil, nil)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderInviteForm(w, r, s, http.StatusUnprocessableEntity, f, nil, err, func(field string) string {
			return inviteField(field, rows)
		})
	default:
		u.fail(w, r, s, err)
	}
}

func scheme(secure bool) string {
	if secure {
		return "https"
	}
	return "http"
}

// invitedGrants reads the filled rows of the form; rows maps each grant to its row, for the messages.
func invitedGrants(form []grantForm) ([]domain.InvitedGrant, []int, error) {
	var p domain.Problems
	var grants []domain.InvitedGrant
	var rows []int
	for i, g := range form {
		if g == (grantForm{}) {
			continue
		}
		n := strconv.Itoa(i)
		ig := domain.InvitedGrant{UnitID: formID(&p, "unit_id_"+n, g.UnitID), Role: g.Role}
		if g.UnitID == "" {
			p.Add("unit_id_"+n, "required")
		}
		if d := formDate(&p, "expires_at_"+n, g.Expires); d != nil {
			end := endOfDay(*d)
			ig.ExpiresAt = &end
		}
		grants, rows = append(grants, ig), append(rows, i)
	}
	if len(grants) == 0 {
		p.Add("unit_id_0", "required")
	}
	return grants, rows, p.Err()
}

// inviteField names the form field of a problem the service found: "grants.1.role" is the role of the row
// the second grant came from.
func inviteField(field string, rows []int) string {
	parts := strings.Split(field, ".")
	if len(parts) == 3 && parts[0] == "grants" {
		if k, err := strconv.Atoi(parts[1]); err == nil && k < len(rows) {
			return parts[2] + "_" + strconv.Itoa(rows[k])
		}
	}
	if field == "grants" {
		return "unit_id_0"
	}
	return field
}

type invitationsData struct {
	Invitations []domain.Invitation
	Expiring    []domain.Grant
}

// invitationList shows the invitations the admin sent, and the roles in the admin's units that end soon.
func (u *UI) invitationList(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.Actor.Scope.Has(access.ManageUsers) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	list, err := u.svc.Invitations(r.Context(), s.Actor)
	var expiring []domain.Grant
	if err == nil {
		expiring, err = u.svc.ExpiringGrants(r.Context(), s.Actor, expiryWarning)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.invitations.title")
	v.Nav = "users"
	v.Data = invitationsData{Invitations: list, Expiring: expiring}
	u.render(w, r, v, http.StatusOK, "invitations")
}

// InvitationState is where an invitation stands: open, accepted, revoked or expired.
func (v *view) InvitationState(inv domain.Invitation) string {
	switch {
	case inv.AcceptedAt != nil:
		return "accepted"
	case inv.RevokedAt != nil:
		return "revoked"
	case v.Session.Actor != nil && !inv.ExpiresAt.After(v.Session.Actor.At):
		return "expired"
	}
	return "open"
}

func (u *UI) invitationRevoke(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.RevokeInvitation(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/invitations", "invitation_revoked")
}
