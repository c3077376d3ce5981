package api

import (
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// meResponse is the signed-in user with grants and, per capability, the root units it applies to.
type meResponse struct {
	User         domain.User        `json:"user"`
	Capabilities map[string][]int64 `json:"capabilities"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	u, err := a.svc.User(r.Context(), actor, actor.UserID)
	caps := map[string][]int64{}
	for _, c := range access.AllCapabilities() {
		if roots := actor.Scope.Roots(c); len(roots) > 0 {
			caps[string(c)] = roots
		}
	}
	answer(a, w, r, meResponse{u, caps}, err)
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.APITokens(r.Context(), actor)
	answer(a, w, r, map[string]any{"tokens": list}, err)
}

type tokenInput struct {
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expires_at"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in tokenInput) (domain.APIToken, error) {
		return a.svc.CreateAPIToken(r.Context(), actor, in.Name, in.ExpiresAt)
	})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RevokeAPIToken(r.Context(), actor, id) })
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Users(r.Context(), actor)
	answer(a, w, r, map[string]any{"users": list}, err)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in domain.UserInput) (domain.User, error) {
		return located(w, "/api/v1/users/", func(u domain.User) int64 { return u.ID })(a.svc.CreateUser(r.Context(), actor, in))
	})
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withID(a, w, r, func(id int64) (domain.User, error) { return a.svc.User(r.Context(), actor, id) })
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in domain.UserInput) (domain.User, error) {
		return a.svc.UpdateUser(r.Context(), actor, id, in)
	})
}

func (a *API) createGrant(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in domain.GrantInput) (domain.Grant, error) {
		return a.svc.GrantRole(r.Context(), actor, in)
	})
}

func (a *API) revokeGrant(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RevokeGrant(r.Context(), actor, id) })
}

// auditPage is one page of the audit trail; pass next_before as before for the next page.
type auditPage struct {
	Entries    []domain.AuditEntry `json:"entries"`
	NextBefore int64               `json:"next_before"`
}

func (a *API) searchAudit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	f := domain.AuditFilter{
		Action: q.text("action", 100), EntityType: q.text("entity_type", 100), EntityID: q.id("entity_id"),
		ActorID: q.id("actor"), Since: q.instant("since"), Until: q.instant("until"),
		BeforeID: q.id("before"), Limit: q.number("limit", 100, 1, 500),
	}
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.svc.AuditLog(r.Context(), actor, f)
	page := auditPage{Entries: list}
	if len(list) > 0 {
		page.NextBefore = list[len(list)-1].ID
	}
	answer(a, w, r, page, err)
}
