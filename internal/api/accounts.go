package api

import (
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
	"github.com/roster-crm/roster/internal/service"
)

func (a *API) secondFactors(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	f, err := a.svc.SecondFactors(r.Context(), actor)
	answer(a, w, r, f, err)
}

func (a *API) beginTOTP(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	en, err := a.svc.BeginTOTP(r.Context(), actor, "Roster")
	answer(a, w, r, en, err)
}

type codeInput struct {
	Code string `json:"code"`
}

type recoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

func (a *API) confirmTOTP(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in codeInput) (recoveryCodes, error) {
		codes, err := a.svc.ConfirmTOTP(r.Context(), actor, in.Code)
		return recoveryCodes{codes}, err
	})
}

func (a *API) regenerateRecoveryCodes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	codes, err := a.svc.RegenerateRecoveryCodes(r.Context(), actor)
	answer(a, w, r, recoveryCodes{codes}, err)
}

func (a *API) listSessions(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Sessions(r.Context(), actor, httpauth.SessionSecret(r, a.secure))
	answer(a, w, r, map[string][]domain.Session{"sessions": list}, err)
}

func (a *API) endSession(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	if err := a.svc.EndSession(r.Context(), actor, r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) endAllSessions(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	if err := a.svc.SignOutEverywhere(r.Context(), actor); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) expiringGrants(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.ExpiringGrants(r.Context(), actor, 30*24*time.Hour)
	answer(a, w, r, map[string][]domain.Grant{"grants": list}, err)
}

// pledgeResponse is the current pledge, and whether the caller still has to accept it.
type pledgeResponse struct {
	Pledge   *domain.Pledge `json:"pledge"`
	Required bool           `json:"required"`
}

func (a *API) currentPledge(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	p, ok, err := a.svc.CurrentPledge(r.Context())
	out := pledgeResponse{Required: actor.PledgeRequired}
	if ok {
		out.Pledge = &p
	}
	answer(a, w, r, out, err)
}

type pledgeAccept struct {
	Version int `json:"version"`
}

func (a *API) acceptPledge(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in pledgeAccept
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.svc.AcceptPledge(r.Context(), actor, in.Version, clientAddress(r)); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type pledgeInput struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

func (a *API) publishPledge(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in pledgeInput) (domain.Pledge, error) {
		return a.svc.PublishPledge(r.Context(), actor, in.Title, in.Body)
	})
}

type policyInput struct {
	Policy string `json:"policy"`
}

func (a *API) setSecondFactorPolicy(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in policyInput) (policyInput, error) {
		return in, a.svc.SetSecondFactorPolicy(r.Context(), actor, in.Policy)
	})
}

type inviteInput struct {
	Email  string                `json:"email"`
	Name   string                `json:"name"`
	Grants []domain.InvitedGrant `json:"grants"`
}

func (a *API) invite(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in inviteInput) (domain.Invitation, error) {
		return a.svc.Invite(r.Context(), actor, in.Email, in.Name, in.Grants)
	})
}

func (a *API) listInvitations(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Invitations(r.Context(), actor)
	answer(a, w, r, map[string][]domain.Invitation{"invitations": list}, err)
}

func (a *API) revokeInvitation(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RevokeInvitation(r.Context(), actor, id) })
}

// accessRequestInput is what a request for access says; its state (id, status, decision) is the server's.
type accessRequestInput struct {
	Email        string         `json:"email"`
	Name         string         `json:"name"`
	Unit         domain.UnitRef `json:"unit"`
	Role         string         `json:"role"`
	Until        domain.Date    `json:"until"`
	DecisionText string         `json:"decision_text"`
	DecisionLink string         `json:"decision_link"`
}

func (a *API) requestAccess(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in accessRequestInput) (domain.AccessRequest, error) {
		return a.svc.RequestAccess(r.Context(), actor, domain.AccessRequest{Email: in.Email, Name: in.Name, Unit: in.Unit,
			Role: in.Role, Until: in.Until, DecisionText: in.DecisionText, DecisionLink: in.DecisionLink})
	})
}

func (a *API) listAccessRequests(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	pending := q.flag("pending")
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.svc.AccessRequests(r.Context(), actor, pending)
	answer(a, w, r, map[string][]domain.AccessRequest{"requests": list}, err)
}

type decisionInput struct {
	Approve bool        `json:"approve"`
	Reason  string      `json:"reason"`
	Role    string      `json:"role"`
	Until   domain.Date `json:"until"`
}

func (a *API) decideAccessRequest(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in decisionInput) (domain.AccessRequest, error) {
		return a.svc.DecideAccessRequest(r.Context(), actor, id, service.AccessDecision{Approve: in.Approve, Reason: in.Reason, Role: in.Role, Until: in.Until})
	})
}

func (a *API) resetFactors(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.ResetSecondFactors(r.Context(), actor, id) })
}

// clientAddress is the client's IP address as the server sees it (no proxy headers are trusted).
func clientAddress(r *http.Request) string {
	host := r.RemoteAddr
	for i := len(host) - 1; i >= 0; i-- {
		if host[i] == ':' {
			return host[:i]
		}
	}
	return host
}
