package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
	"github.com/roster-crm/roster/internal/service"
)

// The page behind an invitation link: who invites, to which roles; the organization's pledge to accept; the
// name and a password. Accepting creates the account, signs it in and leads to the second-factor page. A
// link that is unknown, used, revoked or expired gets one message that does not say which.

type invitationData struct {
	Invitation domain.Invitation
	Pledge     domain.Pledge
	HasPledge  bool
	Name       string
	Accepted   bool // the pledge box was ticked
}

func (u *UI) invitationPage(w http.ResponseWriter, r *http.Request, s *session) {
	inv, err := u.svc.InvitationByLink(r.Context(), r.PathValue("secret"))
	if err != nil {
		u.invitationFailed(w, r, s, err)
		return
	}
	u.renderInvitation(w, r, s, http.StatusOK, invitationData{Invitation: inv, Name: inv.Name}, nil)
}

func (u *UI) renderInvitation(w http.ResponseWriter, r *http.Request, s *session, status int, d invitationData, err error) {
	var lerr error
	if d.Pledge, d.HasPledge, lerr = u.svc.CurrentPledge(r.Context()); lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	v := u.newView(r, s, "ui.invitation.title")
	v.Data = d
	if err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) && ve.Has("email") {
			v.Errors = []string{v.T("ui.invitation.email_taken")}
		} else {
			v.setProblems(err, func(f string) string {
				return map[string]string{"password": "password", "password_confirm": "password_confirm", "pledge": "accept"}[f]
			})
		}
	}
	u.render(w, r, v, status, "invitation")
}

// invitationFailed shows the one message for every link that does not work.
func (u *UI) invitationFailed(w http.ResponseWriter, r *http.Request, s *session, err error) {
	if errors.Is(err, domain.ErrNotFound) {
		u.errorPage(w, r, s, http.StatusNotFound, "ui.invitation.dead")
		return
	}
	u.fail(w, r, s, err)
}

// invitationAccept creates the account. The service takes the pledge version only when the box is ticked,
// and refuses a version that is no longer current.
func (u *UI) invitationAccept(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	ctx, f, secret := r.Context(), r.PostForm, r.PathValue("secret")
	inv, err := u.svc.InvitationByLink(ctx, secret)
	if err != nil {
		u.invitationFailed(w, r, s, err)
		return
	}
	d := invitationData{Invitation: inv, Name: f.Get("name"), Accepted: f.Get("accept") == "1"}
	req := service.AcceptInvitationRequest{Secret: secret, Password: f.Get("password"), From: clientIP(r),
		Name: f.Get("name"), Language: s.Lang}
	if d.Accepted {
		req.PledgeVersion, _ = strconv.Atoi(f.Get("pledge_version"))
	}
	var session string
	if req.Password != f.Get("password_confirm") {
		err = domain.Invalid("password_confirm", "ui.account.passwords_differ")
	} else {
		session, _, err = u.svc.AcceptInvitation(ctx, req)
	}
	switch {
	case err == nil:
	case errors.As(err, new(*domain.ValidationError)):
		u.renderInvitation(w, r, s, http.StatusUnprocessableEntity, d, err)
		return
	default:
		u.invitationFailed(w, r, s, err)
		return
	}
	httpauth.SetSession(w, session, u.secure)
	http.Redirect(w, r, "/account/second-factor?welcome=1", http.StatusSeeOther)
}
