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
	withIDBody(a, w, r, http.StatusCreated, func(id int64, in domain.MembershipInput) (domain.Membership, error) {
		return a.svc.AddMembership(r.Context(), actor, id, in)
	})
}

func (a *API) updateMembership(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in domain.MembershipInput) (domain.Membership, error) {
		return a.svc.UpdateMembership(r.Context(), actor, id, in)
	})
}

func (a *API) listTypes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.MembershipTypes(r.Context())
	answer(a, w, r, map[string]any{"membership_types": list}, err)
}

func (a *API) createType(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in domain.MembershipTypeInput) (domain.MembershipType, error) {
		return a.svc.SaveMembershipType(r.Context(), actor, 0, in)
	})
}

func (a *API) updateType(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in domain.MembershipTypeInput) (domain.MembershipType, error) {
		return a.svc.SaveMembershipType(r.Context(), actor, id, in)
	})
}

func (a *API) listMemberNumberSeries(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.MemberNumberSeries(r.Context(), actor)
	answer(a, w, r, map[string]any{"series": list}, err)
}

// memberNumberSeriesInput is a series as a client sets it; the unit's name comes from the unit.
type memberNumberSeriesInput struct {
	UnitID int64  `json:"unit_id"`
	Prefix string `json:"prefix"`
	Next   int64  `json:"next"`
	Last   int64  `json:"last"`
	Width  int    `json:"width"`
}

func (a *API) saveMemberNumberSeries(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in memberNumberSeriesInput) (domain.MemberNumberSeries, error) {
		return a.svc.SaveMemberNumberSeries(r.Context(), actor, domain.MemberNumberSeries{UnitID: in.UnitID,
			Prefix: in.Prefix, Next: in.Next, Last: in.Last, Width: in.Width})
	})
}

func (a *API) deleteMemberNumberSeries(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.DeleteMemberNumberSeries(r.Context(), actor, id) })
}
