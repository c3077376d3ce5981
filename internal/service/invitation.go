package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/store"
)

// InvitationValidity is how long an invitation link works.
const InvitationValidity = 7 * 24 * time.Hour

// checkGrantable validates a grant the actor wants to give: a known role, a unit in the actor's ManageUsers
// scope, every capability of the role held by the actor there, an expiry in the future.
func (s *Service) checkGrantable(ctx context.Context, q *store.Q, a *access.Actor, g *domain.InvitedGrant, field string) error {
	if !access.ValidRole(g.Role) {
		return domain.Invalid(field+".role", "invalid_choice")
	}
	if g.ExpiresAt != nil && !g.ExpiresAt.After(q.Now()) {
		return domain.Invalid(field+".expires_at", "in_the_past")
	}
	unit, err := q.Unit(ctx, g.UnitID)
	if err == domain.ErrNotFound {
		return domain.Invalid(field+".unit_id", "unknown_unit")
	} else if err != nil {
		return err
	}
	g.UnitName = unit.Name
	anc, err := q.Ancestors(ctx, unit.ID)
	if err != nil {
		return err
	}
	if !a.Scope.Covers(access.ManageUsers, unit.ID, anc) {
		return domain.Invalid(field+".unit_id", "unit_out_of_scope")
	}
	for _, c := range access.Capabilities(g.Role) {
		if !a.Scope.Covers(c, unit.ID, anc) {
			return domain.Invalid(field+".role", "role_above_own")
		}
	}
	return nil
}

// Invite sends a person a single-use link to their account with the given grants. The link's secret is stored
// hashed and expires after InvitationValidity. The returned invitation carries the link once, so an admin
// without working mail can pass it on.
func (s *Service) Invite(ctx context.Context, a *access.Actor, email, name string, grants []domain.InvitedGrant) (domain.Invitation, error) {
	inv := domain.Invitation{Email: strings.ToLower(strings.TrimSpace(email)), Grants: grants}
	var p domain.Problems
	u := domain.User{Email: inv.Email, Name: name}
	normalizeUser(&p, &u)
	inv.Name = u.Name
	if len(grants) == 0 || len(grants) > 20 {
		p.Add("grants", "required")
	}
	if err := p.Err(); err != nil {
		return inv, err
	}
	secret := auth.NewSecret("")
	err := s.st.Write(ctx, func(q *store.Q) error {
		if taken, err := q.EmailTaken(ctx, inv.Email, 0); err != nil {
			return err
		} else if taken {
			return domain.Invalid("email", "taken")
		}
		for i := range inv.Grants {
			if err := s.checkGrantable(ctx, q, a, &inv.Grants[i], fmt.Sprintf("grants.%d", i)); err != nil {
				return err
			}
		}
		inv.ExpiresAt = q.Now().Add(InvitationValidity)
		if err := q.InsertInvitation(ctx, &inv, auth.HashSecret(secret), a.UserID); err != nil {
			return err
		}
		inv.InvitedBy = a.Label()
		return audit(ctx, q, a, "invitation.create", "invitation", inv.ID, 0, inv.Grants[0].UnitID, map[string]domain.Change{
			"email": {Old: nil, New: inv.Email}, "grants": {Old: nil, New: inv.Grants}})
	})
	if err != nil {
		return inv, err
	}
	inv.Link = s.baseURL + "/invitation/" + secret
	lang := a.Language
	if !slices.Contains(i18n.Languages(), lang) {
		lang = i18n.Languages()[0]
	}
	inviter := a.Name
	if inviter == "" || a.IsSystem() {
		inviter = a.Label()
	}
	body := s.cat.T(lang, "mail.invitation.body", "name", inv.Name, "inviter", inviter, "link", inv.Link)
	inv.Mail = domain.MailSent
	if !s.MailConfigured() {
		inv.Mail = domain.MailNotConfigured
	}
	if err := s.mailer.Send(ctx, inv.Email, s.cat.T(lang, "mail.invitation.subject"), body); err != nil {
		s.log.Warn("invitation mail not sent", "invitation", inv.ID, "err", err)
		inv.Mail = domain.MailFailed
	}
	return inv, nil
}

// MailConfigured reports whether Roster has a mail server to send through; without one, mail goes to the
// server log only.
func (s *Service) MailConfigured() bool {
	_, logOnly := s.mailer.(logMailer)
	return !logOnly
}

// InvitationByLink returns the open invitation behind a link secret, or ErrNotFound when it is unknown,
// used, revoked or expired.
func (s *Service) InvitationByLink(ctx context.Context, secret string) (domain.Invitation, error) {
	inv, _, err := s.st.Read().InvitationByToken(ctx, auth.HashSecret(secret))
	return inv, err
}

// AcceptInvitationRequest is what the invited person gives.
type AcceptInvitationRequest struct {
	Secret        string
	Password      string
	PledgeVersion int // the pledge version shown and accepted; 0 when none is published
	From          string
	Name          string // the person's name as they correct it; "" keeps the name the admin typed
	Language      string // the UI language of the new account, "en" or "de"; "" means English
}

// AcceptInvitation creates the invited account with its password, records the pledge acceptance, gives the
// invited grants (in the name of the inviting admin) and opens a session, all at once. The link then stops
// working. The returned secret is the new session's.
func (s *Service) AcceptInvitation(ctx context.Context, req AcceptInvitationRequest) (string, domain.User, error) {
	var u domain.User
	secret := auth.NewSecret("")
	err := s.st.Write(ctx, func(q *store.Q) error {
		inv, inviterID, err := q.InvitationByToken(ctx, auth.HashSecret(req.Secret))
		if err != nil {
			return err
		}
		var p domain.Problems
		name := text(&p, "name", req.Name, maxName, false)
		if name == "" {
			name = inv.Name
		}
		lang := req.Language
		if lang == "" {
			lang = "en"
		}
		if !slices.Contains(i18n.Languages(), lang) {
			p.Add("language", "invalid_choice")
		}
		checkPassword(&p, req.Password, inv.Email, name, strings.Split(inv.Email, "@")[0])
		cur, hasPledge, err := q.CurrentPledge(ctx)
		if err != nil {
			return err
		}
		if hasPledge && req.PledgeVersion != cur.Version {
			p.Add("pledge", "pledge_not_accepted")
		}
		if err := p.Err(); err != nil {
			return err
		}
		hash, err := auth.HashPassword(req.Password, s.hash)
		if err != nil {
			return err
		}
		u = domain.User{Email: inv.Email, Name: name, Language: lang}
		if err := q.InsertUser(ctx, &u, hash, inviterID); err != nil {
			return uniqueToField(err, "email")
		}
		self := &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}
		if err := audit(ctx, q, self, "invitation.accept", "invitation", inv.ID, 0, inv.Grants[0].UnitID, nil); err != nil {
			return err
		}
		if ok, err := q.CloseInvitation(ctx, inv.ID, u.ID); err != nil || !ok {
			return firstError(err, domain.ErrNotFound)
		}
		if hasPledge {
			if err := q.AcceptPledge(ctx, u.ID, cur.Version, req.From); err != nil {
				return err
			}
			if err := audit(ctx, q, self, "pledge.accept", "user", u.ID, 0, 0, map[string]domain.Change{
				"version": {Old: nil, New: cur.Version}, "from": {Old: nil, New: req.From}}); err != nil {
				return err
			}
		}
		inviter := &access.Actor{UserID: inviterID, Name: inv.InvitedBy, Email: inv.InvitedBy}
		for _, ig := range inv.Grants {
			g := domain.Grant{UserID: u.ID, Unit: domain.UnitRef{ID: ig.UnitID, Name: ig.UnitName}, Role: ig.Role, ExpiresAt: ig.ExpiresAt}
			if err := q.InsertGrant(ctx, &g, inviterID); err != nil {
				return err
			}
			if err := audit(ctx, q, inviter, "grant.create", "grant", g.ID, 0, ig.UnitID, map[string]domain.Change{
				"user_id": {Old: nil, New: u.ID}, "role": {Old: "", New: ig.Role}, "unit": {Old: "", New: unitLabel(g.Unit)},
				"invitation": {Old: nil, New: inv.ID}}); err != nil {
				return err
			}
		}
		return q.InsertSession(ctx, auth.HashSecret(secret), store.NewSession{UserID: u.ID,
			Expires: q.Now().Add(SessionAbsolute), FromAddress: req.From})
	})
	if err != nil {
		return "", u, err
	}
	return secret, u, nil
}

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Invitations lists the invitations the actor sent.
func (s *Service) Invitations(ctx context.Context, a *access.Actor) ([]domain.Invitation, error) {
	l, err := s.st.Read().Invitations(ctx, a.UserID)
	if l == nil {
		l = []domain.Invitation{}
	}
	return l, err
}

// RevokeInvitation makes an open invitation's link stop working. The inviting admin, or any admin whose
// scope covers all its grants, may do it.
func (s *Service) RevokeInvitation(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		inv, err := q.Invitation(ctx, id)
		if err != nil {
			return err
		}
		for _, g := range inv.Grants {
			anc, err := q.Ancestors(ctx, g.UnitID)
			if err != nil {
				return err
			}
			if !a.Scope.Covers(access.ManageUsers, g.UnitID, anc) {
				return domain.ErrNotFound
			}
		}
		if ok, err := q.CloseInvitation(ctx, id, 0); err != nil || !ok {
			return firstError(err, domain.Invalid("invitation", "invitation_closed"))
		}
		return audit(ctx, q, a, "invitation.revoke", "invitation", id, 0, inv.Grants[0].UnitID, nil)
	})
}
