package api

import (
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

type mergeRequest struct {
	Survivor int64    `json:"survivor"`
	Other    int64    `json:"other"`
	Versions [2]int   `json:"versions"` // of survivor and other, as the caller read them
	Take     []string `json:"take"`     // single-valued fields taken from other instead of survivor
}

// mergeDuplicates merges one contact into another; both must be editable by the caller.
func (a *API) mergeDuplicates(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in mergeRequest) (*domain.Contact, error) {
		return a.svc.MergeContacts(r.Context(), actor, in.Survivor, in.Other, in.Versions, in.Take)
	})
}

type dismissRequest struct {
	A int64 `json:"a"`
	B int64 `json:"b"`
}

// dismissDuplicate marks two visible contacts as not duplicates.
func (a *API) dismissDuplicate(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in dismissRequest) (map[string]bool, error) {
		return map[string]bool{"dismissed": true}, a.svc.DismissDuplicate(r.Context(), actor, in.A, in.B)
	})
}
