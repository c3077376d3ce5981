package api

import (
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func (a *API) listUnits(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	archived := q.flag("archived")
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.svc.Units(r.Context(), actor, archived)
	answer(a, w, r, map[string]any{"units": list}, err)
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in domain.UnitInput) (domain.Unit, error) {
		return located(w, "/api/v1/units/", func(u domain.Unit) int64 { return u.ID })(a.svc.CreateUnit(r.Context(), actor, in))
	})
}

// unitWithPath is a unit with the units above it, root first.
type unitWithPath struct {
	domain.Unit
	Path []domain.Unit `json:"path"`
}

func (a *API) getUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withID(a, w, r, func(id int64) (unitWithPath, error) {
		path, err := a.svc.UnitPath(r.Context(), actor, id)
		if err != nil {
			return unitWithPath{}, err
		}
		return unitWithPath{path[len(path)-1], path[:len(path)-1]}, nil
	})
}

func (a *API) updateUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in domain.UnitInput) (domain.Unit, error) {
		return a.svc.UpdateUnit(r.Context(), actor, id, in)
	})
}

func (a *API) archiveUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.ArchiveUnit(r.Context(), actor, id, false) })
}

func (a *API) restoreUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.ArchiveUnit(r.Context(), actor, id, true) })
}

func (a *API) listPostalCodes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "postal_codes", func(id int64) ([]domain.PostalMapping, error) {
		return a.svc.UnitPostalCodes(r.Context(), actor, id)
	})
}

func (a *API) addPostalCodes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in []domain.PostalMapping
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err == nil {
		err = a.svc.AddPostalCodes(r.Context(), actor, id, in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) unitAccess(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "grants", func(id int64) ([]domain.Grant, error) { return a.svc.UnitAccess(r.Context(), actor, id) })
}

func (a *API) suggestUnits(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	info, err := a.svc.PostalCodeInfo(r.Context(), actor, r.PathValue("code"))
	answer(a, w, r, info, err)
}

func (a *API) unitCounts(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	counts, err := a.svc.UnitCounts(r.Context(), actor)
	list := make([]domain.UnitCount, 0, len(counts))
	for _, c := range counts {
		list = append(list, c)
	}
	answer(a, w, r, map[string][]domain.UnitCount{"counts": list}, err)
}
