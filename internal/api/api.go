// Package api is Roster's JSON API under /api/v1. Handlers decode a request, call one service function with
// the signed-in actor, and encode the result; domain errors become one error format with field-level messages.
package api

import (
	"log/slog"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/httpauth"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
)

// API serves the JSON API.
type API struct {
	svc    *service.Service
	cat    *i18n.Catalog
	log    *slog.Logger
	secure bool // HTTPS: secure cookie names
}

// New returns the API.
func New(svc *service.Service, cat *i18n.Catalog, log *slog.Logger, secure bool) *API {
	return &API{svc: svc, cat: cat, log: log, secure: secure}
}

// Route is one endpoint; the OpenAPI test checks the document against this table.
type Route struct {
	Method  string
	Path    string // ServeMux pattern path, e.g. /api/v1/contacts/{id}
	Public  bool   // served without authentication
	Handler func(http.ResponseWriter, *http.Request, *access.Actor)
}

// Routes is the route table of the API.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/api/v1/openapi.json", true, a.openAPI},
		{"GET", "/api/v1/me", false, a.me},
		{"GET", "/api/v1/me/tokens", false, a.listTokens},
		{"POST", "/api/v1/me/tokens", false, a.createToken},
		{"DELETE", "/api/v1/me/tokens/{id}", false, a.revokeToken},

		{"GET", "/api/v1/units", false, a.listUnits},
		{"POST", "/api/v1/units", false, a.createUnit},
		{"GET", "/api/v1/units/counts", false, a.unitCounts},
		{"GET", "/api/v1/units/{id}", false, a.getUnit},
		{"PATCH", "/api/v1/units/{id}", false, a.updateUnit},
		{"POST", "/api/v1/units/{id}/archive", false, a.archiveUnit},
		{"POST", "/api/v1/units/{id}/restore", false, a.restoreUnit},
		{"GET", "/api/v1/units/{id}/postal-codes", false, a.listPostalCodes},
		{"POST", "/api/v1/units/{id}/postal-codes", false, a.addPostalCodes},
		{"GET", "/api/v1/units/{id}/access", false, a.unitAccess},
		{"GET", "/api/v1/postal-codes/{code}/units", false, a.suggestUnits},

		{"GET", "/api/v1/contacts", false, a.listContacts},
		{"POST", "/api/v1/contacts", false, a.createContact},
		{"GET", "/api/v1/contacts/count", false, a.countContacts},
		{"GET", "/api/v1/contacts/export.csv", false, a.exportContacts},
		{"POST", "/api/v1/contacts/duplicates", false, a.findDuplicates},
		{"POST", "/api/v1/contacts/tags", false, a.tagContacts},
		{"GET", "/api/v1/tags", false, a.listTags},
		{"GET", "/api/v1/lists", false, a.listSavedLists},
		{"POST", "/api/v1/lists", false, a.saveList},
		{"DELETE", "/api/v1/lists/{id}", false, a.deleteSavedList},
		{"GET", "/api/v1/contacts/{id}", false, a.getContact},
		{"PATCH", "/api/v1/contacts/{id}", false, a.updateContact},
		{"DELETE", "/api/v1/contacts/{id}", false, a.trashContact},
		{"POST", "/api/v1/contacts/{id}/restore", false, a.restoreContact},
		{"POST", "/api/v1/contacts/{id}/purge", false, a.purgeContact},
		{"GET", "/api/v1/contacts/{id}/history", false, a.contactHistory},
		{"GET", "/api/v1/contacts/{id}/memberships", false, a.listMemberships},
		{"POST", "/api/v1/contacts/{id}/memberships", false, a.addMembership},
		{"GET", "/api/v1/contacts/{id}/notes", false, a.listNotes},
		{"POST", "/api/v1/contacts/{id}/notes", false, a.addNote},
		{"GET", "/api/v1/contacts/{id}/relationships", false, a.listRelationships},
		{"POST", "/api/v1/contacts/{id}/relationships", false, a.addRelationship},
		{"DELETE", "/api/v1/relationships/{id}", false, a.deleteRelationship},
		{"PATCH", "/api/v1/memberships/{id}", false, a.updateMembership},
		{"GET", "/api/v1/membership-types", false, a.listTypes},
		{"POST", "/api/v1/membership-types", false, a.createType},
		{"PATCH", "/api/v1/membership-types/{id}", false, a.updateType},

		{"GET", "/api/v1/users", false, a.listUsers},
		{"POST", "/api/v1/users", false, a.createUser},
		{"GET", "/api/v1/users/{id}", false, a.getUser},
		{"PATCH", "/api/v1/users/{id}", false, a.updateUser},
		{"POST", "/api/v1/grants", false, a.createGrant},
		{"DELETE", "/api/v1/grants/{id}", false, a.revokeGrant},
		{"GET", "/api/v1/audit", false, a.searchAudit},
	}
}

// Register adds the routes to mux, each behind authentication unless public, and a JSON 404 for unknown
// API paths.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		mux.Handle(rt.Method+" "+rt.Path, a.authenticated(rt))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { a.simple(w, http.StatusNotFound, "not_found") })
}

func (a *API) authenticated(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		actor := httpauth.Resolve(r, a.svc, a.secure)
		if actor == nil && !rt.Public {
			a.simple(w, http.StatusUnauthorized, "unauthenticated")
			return
		}
		rt.Handler(w, r.WithContext(httpauth.WithActor(r.Context(), actor)), actor)
	})
}
