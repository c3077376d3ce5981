package api

import (
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (a *API) listUnits(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Units(r.Context(), actor, r.URL.Query().Get("archived") == "true")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"units": list})
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.UnitInput
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.svc.CreateUnit(r.Context(), actor, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/units/"+itoa(u.ID))
	a.writeJSON(w, http.StatusCreated, u)
}

func (a *API) getUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		var path []domain.Unit
		if path, err = a.svc.UnitPath(r.Context(), actor, id); err == nil {
			out := struct {
				domain.Unit
				Path []domain.Unit `json:"path"`
			}{path[len(path)-1], path[:len(path)-1]}
			a.writeJSON(w, http.StatusOK, out)
			return
		}
	}
	a.fail(w, r, err)
}

func (a *API) updateUnit(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var in domain.UnitInput
	id, err := pathID(r, "id")
	if err == nil {
		err = decode(w, r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.svc.UpdateUnit(r.Context(), actor, id, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, u)
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
	list, err := a.svc.SuggestUnits(r.Context(), actor, r.PathValue("code"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, map[string]any{"units": list})
}
