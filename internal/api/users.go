package api

import (
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func (a *API) me(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	u, err := a.svc.User(r.Context(), actor, actor.UserID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	caps := map[string][]int64{}
	for _, c := range access.AllCapabilities() {
		if roots := actor.Scope.Roots(c); len(roots) > 0 {
			caps[string(c)] = roots
		}
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"user": u, "capabilities": caps})
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.APITokens(r.Context(), actor)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"tokens": list})
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in struct {
		Name      string     `json:"name"`
		ExpiresAt *time.Time `json:"expires_at"`
	}
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.svc.CreateAPIToken(r.Context(), actor, in.Name, in.ExpiresAt)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, t)
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RevokeAPIToken(r.Context(), actor, id) })
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Users(r.Context(), actor)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"users": list})
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.UserInput
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.svc.CreateUser(r.Context(), actor, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/users/"+itoa(u.ID))
	a.writeJSON(w, http.StatusCreated, u)
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		var u domain.User
		if u, err = a.svc.User(r.Context(), actor, id); err == nil {
			a.writeJSON(w, http.StatusOK, u)
			return
		}
	}
	a.fail(w, r, err)
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.UserInput
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.svc.UpdateUser(r.Context(), actor, id, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, u)
}

func (a *API) createGrant(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.GrantInput
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	g, err := a.svc.GrantRole(r.Context(), actor, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, g)
}

func (a *API) revokeGrant(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RevokeGrant(r.Context(), actor, id) })
}

func (a *API) searchAudit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var p domain.Problems
	q := r.URL.Query()
	f := domain.AuditFilter{
		Action: q.Get("action"), EntityType: q.Get("entity_type"), EntityID: queryInt(r, "entity_id", &p),
		ActorID: queryInt(r, "actor", &p), Since: queryTime(r, "since", &p), Until: queryTime(r, "until", &p),
		BeforeID: queryInt(r, "before", &p), Limit: int(queryInt(r, "limit", &p)),
	}
	if err := p.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.svc.AuditLog(r.Context(), actor, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	next := int64(0)
	if len(list) > 0 {
		next = list[len(list)-1].ID
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"entries": list, "next_before": next})
}
