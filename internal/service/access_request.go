package service

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// RequestAccess records a request for a role on a unit, backed by a board decision, for an admin of the unit
// to approve or reject. A person asks for themselves (a nil actor) or an officer asks on their behalf.
func (s *Service) RequestAccess(ctx context.Context, a *access.Actor, r domain.AccessRequest) (domain.AccessRequest, error) {
	var p domain.Problems
	u := domain.User{Email: r.Email, Name: r.Name}
	normalizeUser(&p, &u)
	r.Email, r.Name = u.Email, u.Name
	if !access.ValidRole(r.Role) {
		p.Add("role", "invalid_choice")
	}
	if !r.Until.IsZero() && !r.Until.After(s.Today()) {
		p.Add("until", "in_the_past")
	}
	r.DecisionText = text(&p, "decision_text", r.DecisionText, 5000, false)
	r.DecisionLink = strings.TrimSpace(r.DecisionLink)
	if r.DecisionLink != "" {
		if l, err := url.Parse(r.DecisionLink); err != nil || (l.Scheme != "https" && l.Scheme != "http") || l.Host == "" || len(r.DecisionLink) > 1000 {
			p.Add("decision_link", "invalid_url")
		}
	}
	if r.DecisionText == "" && r.DecisionLink == "" {
		p.Add("decision_text", "decision_required")
	}
	if err := p.Err(); err != nil {
		return r, err
	}
	requester := &access.Actor{Name: "access request"}
	if a != nil {
		requester = a
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		unit, err := q.Unit(ctx, r.Unit.ID)
		if err != nil || unit.ArchivedAt != nil {
			return domain.Invalid("unit_id", "unknown_unit")
		}
		r.Unit.Name = unit.Name
		if err := q.InsertAccessRequest(ctx, &r, requester.UserID); err != nil {
			return err
		}
		r.RequestedBy = requester.Label()
		return audit(ctx, q, requester, "access_request.create", "access_request", r.ID, 0, unit.ID, map[string]domain.Change{
			"email": {Old: nil, New: r.Email}, "role": {Old: nil, New: r.Role}, "until": {Old: nil, New: r.Until.String()}})
	})
	return r, err
}

// AccessRequests lists the requests for units in the actor's ManageUsers scope, pending ones first.
func (s *Service) AccessRequests(ctx context.Context, a *access.Actor, pendingOnly bool) ([]domain.AccessRequest, error) {
	l, err := s.st.Read().AccessRequests(ctx, a.Scope.Roots(access.ManageUsers), pendingOnly)
	if l == nil {
		l = []domain.AccessRequest{}
	}
	return l, err
}

// AccessDecision is an admin's answer to a request; Role and Until may change what was asked for.
type AccessDecision struct {
	Approve bool
	Reason  string
	Role    string      // "" keeps the requested role
	Until   domain.Date // zero keeps the requested end
}

// DecideAccessRequest approves or rejects a pending request in the actor's scope. Approval grants the role to
// an existing account, or invites the person.
func (s *Service) DecideAccessRequest(ctx context.Context, a *access.Actor, id int64, d AccessDecision) (domain.AccessRequest, error) {
	q0 := s.st.Read()
	r, err := q0.AccessRequest(ctx, id)
	if err != nil {
		return r, err
	}
	anc, err := q0.Ancestors(ctx, r.Unit.ID)
	if err != nil {
		return r, err
	}
	if !a.Scope.Covers(access.ManageUsers, r.Unit.ID, anc) {
		return r, domain.ErrNotFound
	}
	if r.Status != "pending" {
		return r, domain.Invalid("request", "request_decided")
	}
	var p domain.Problems
	r.DecisionReason = text(&p, "reason", d.Reason, 2000, !d.Approve)
	if d.Role != "" {
		r.Role = d.Role
	}
	if !d.Until.IsZero() {
		r.Until = d.Until
	}
	if err := p.Err(); err != nil {
		return r, err
	}
	r.Status = "rejected"
	if d.Approve {
		r.Status = "approved"
		g := domain.InvitedGrant{UnitID: r.Unit.ID, Role: r.Role}
		if !r.Until.IsZero() {
			end := time.Date(r.Until.Year, r.Until.Month, r.Until.Day, 0, 0, 0, 0, s.location).AddDate(0, 0, 1)
			g.ExpiresAt = &end
		}
		// Someone who already has an account gets the role at once; anyone else an invitation.
		existing, _, uerr := q0.UserCredentials(ctx, strings.ToLower(r.Email))
		switch {
		case uerr == nil && existing.Active:
			if _, err := s.GrantRole(ctx, a, domain.GrantInput{UserID: existing.ID, UnitID: r.Unit.ID, Role: r.Role, ExpiresAt: g.ExpiresAt}); err != nil {
				return r, err
			}
		case uerr != nil && !errors.Is(uerr, domain.ErrNotFound):
			return r, uerr
		default:
			inv, err := s.Invite(ctx, a, r.Email, r.Name, []domain.InvitedGrant{g})
			if err != nil {
				return r, err
			}
			r.InvitationID = inv.ID
		}
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		if ok, err := q.DecideAccessRequest(ctx, r, a.UserID); err != nil || !ok {
			return firstError(err, domain.Invalid("request", "request_decided"))
		}
		return audit(ctx, q, a, "access_request."+r.Status, "access_request", r.ID, 0, r.Unit.ID, map[string]domain.Change{
			"status": {Old: "pending", New: r.Status}, "reason": {Old: nil, New: r.DecisionReason}, "role": {Old: nil, New: r.Role}})
	})
	return r, err
}
