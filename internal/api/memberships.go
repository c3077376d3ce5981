package api

import (
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func (a *API) listMemberships(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "memberships", func(id int64) ([]domain.Membership, error) {
		return a.svc.Memberships(r.Context(), actor, id)
	})
}

func (a *API) addMembership(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.MembershipInput
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.svc.AddMembership(r.Context(), actor, id, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, m)
}

func (a *API) updateMembership(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.MembershipInput
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.svc.UpdateMembership(r.Context(), actor, id, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, m)
}

func (a *API) listTypes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.MembershipTypes(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"membership_types": list})
}

func (a *API) createType(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.MembershipTypeInput
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.svc.SaveMembershipType(r.Context(), actor, 0, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, t)
}

func (a *API) updateType(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.MembershipTypeInput
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.svc.SaveMembershipType(r.Context(), actor, id, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, t)
}
