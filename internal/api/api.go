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
	secure bool                // HTTPS: secure cookie names
	params map[string][]string // the query parameters of each route, from the OpenAPI document
}

// New returns the API. It panics if the embedded OpenAPI document cannot be read, which every test would show.
func New(svc *service.Service, cat *i18n.Catalog, log *slog.Logger, secure bool) *API {
	params, err := queryParameters(openAPIDoc)
	if err != nil {
		panic("api: openapi.json: " + err.Error())
	}
	return &API{svc: svc, cat: cat, log: log, secure: secure, params: params}
}

// Route is one endpoint; the OpenAPI test checks the document against this table.
type Route struct {
	Method  string
	Path    string // ServeMux pattern path, e.g. /api/v1/contacts/{id}
	Public  bool   // served without authentication
	Handler func(http.ResponseWriter, *http.Request, *access.Actor)
	Gateway bool // served before the pledge is accepted and a required second factor enrolled
}

// Routes is the route table of the API.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/api/v1/openapi.json", true, a.openAPI, true},
		{"GET", "/api/v1/me", false, a.me, true},
		{"GET", "/api/v1/me/tokens", false, a.listTokens, false},
		{"POST", "/api/v1/me/tokens", false, a.createToken, false},
		{"DELETE", "/api/v1/me/tokens/{id}", false, a.revokeToken, false},

		{"GET", "/api/v1/units", false, a.listUnits, false},
		{"POST", "/api/v1/units", false, a.createUnit, false},
		{"GET", "/api/v1/units/counts", false, a.unitCounts, false},
		{"GET", "/api/v1/units/{id}", false, a.getUnit, false},
		{"PATCH", "/api/v1/units/{id}", false, a.updateUnit, false},
		{"POST", "/api/v1/units/{id}/archive", false, a.archiveUnit, false},
		{"POST", "/api/v1/units/{id}/restore", false, a.restoreUnit, false},
		{"GET", "/api/v1/units/{id}/postal-codes", false, a.listPostalCodes, false},
		{"POST", "/api/v1/units/{id}/postal-codes", false, a.addPostalCodes, false},
		{"GET", "/api/v1/units/{id}/access", false, a.unitAccess, false},
		{"GET", "/api/v1/postal-codes/{code}/units", false, a.suggestUnits, false},

		{"GET", "/api/v1/contacts", false, a.listContacts, false},
		{"POST", "/api/v1/contacts", false, a.createContact, false},
		{"GET", "/api/v1/contacts/count", false, a.countContacts, false},
		{"GET", "/api/v1/contacts/export.csv", false, a.exportContacts, false},
		{"GET", "/api/v1/contacts/export.xlsx", false, a.exportContacts, false},
		{"GET", "/api/v1/contacts/{id}/data", false, a.personData, false},
		{"GET", "/api/v1/units/{id}/accreditation", false, a.accreditationList, false},
		{"GET", "/api/v1/units/{id}/archive", false, a.unitArchive, false},
		{"GET", "/api/v1/duplicates", false, a.scanDuplicates, false},
		{"POST", "/api/v1/duplicates/merge", false, a.mergeDuplicates, false},
		{"POST", "/api/v1/duplicates/dismiss", false, a.dismissDuplicate, false},
		{"POST", "/api/v1/archives", false, a.loadArchive, false},
		{"GET", "/api/v1/imports", false, a.listImports, false},
		{"POST", "/api/v1/imports", false, a.startImport, false},
		{"GET", "/api/v1/imports/{id}", false, a.getImport, false},
		{"GET", "/api/v1/imports/{id}/rows", false, a.importRows, false},
		{"GET", "/api/v1/imports/{id}/rejected.csv", false, a.importRejected, false},
		{"GET", "/api/v1/imports/{id}/undo", false, a.importUndoPlan, false},
		{"POST", "/api/v1/imports/{id}/undo", false, a.undoImport, false},
		{"POST", "/api/v1/imports/{id}/cancel", false, a.cancelImport, false},
		{"POST", "/api/v1/imports/{id}/retry", false, a.retryImport, false},
		{"GET", "/api/v1/jobs", false, a.listJobs, false},
		{"POST", "/api/v1/jobs/{id}/cancel", false, a.cancelJob, false},
		{"POST", "/api/v1/jobs/{id}/retry", false, a.retryJob, false},
		{"POST", "/api/v1/contacts/duplicates", false, a.findDuplicates, false},
		{"POST", "/api/v1/contacts/tags", false, a.tagContacts, false},
		{"GET", "/api/v1/tags", false, a.listTags, false},
		{"GET", "/api/v1/lists", false, a.listSavedLists, false},
		{"POST", "/api/v1/lists", false, a.saveList, false},
		{"GET", "/api/v1/lists/{id}", false, a.getSavedList, false},
		{"DELETE", "/api/v1/lists/{id}", false, a.deleteSavedList, false},
		{"PUT", "/api/v1/lists/{id}/share", false, a.shareList, false},
		{"DELETE", "/api/v1/lists/{id}/share", false, a.unshareList, false},
		{"GET", "/api/v1/contacts/{id}", false, a.getContact, false},
		{"PATCH", "/api/v1/contacts/{id}", false, a.updateContact, false},
		{"DELETE", "/api/v1/contacts/{id}", false, a.trashContact, false},
		{"POST", "/api/v1/contacts/{id}/restore", false, a.restoreContact, false},
		{"POST", "/api/v1/contacts/{id}/purge", false, a.purgeContact, false},
		{"GET", "/api/v1/contacts/{id}/history", false, a.contactHistory, false},
		{"GET", "/api/v1/contacts/{id}/memberships", false, a.listMemberships, false},
		{"POST", "/api/v1/contacts/{id}/memberships", false, a.addMembership, false},
		{"GET", "/api/v1/contacts/{id}/notes", false, a.listNotes, false},
		{"POST", "/api/v1/contacts/{id}/notes", false, a.addNote, false},
		{"GET", "/api/v1/contacts/{id}/relationships", false, a.listRelationships, false},
		{"POST", "/api/v1/contacts/{id}/relationships", false, a.addRelationship, false},
		{"DELETE", "/api/v1/relationships/{id}", false, a.deleteRelationship, false},
		{"PATCH", "/api/v1/memberships/{id}", false, a.updateMembership, false},
		{"GET", "/api/v1/membership-types", false, a.listTypes, false},
		{"POST", "/api/v1/membership-types", false, a.createType, false},
		{"PATCH", "/api/v1/membership-types/{id}", false, a.updateType, false},

		{"GET", "/api/v1/users", false, a.listUsers, false},
		{"POST", "/api/v1/users", false, a.createUser, false},
		{"GET", "/api/v1/users/{id}", false, a.getUser, false},
		{"PATCH", "/api/v1/users/{id}", false, a.updateUser, false},
		{"POST", "/api/v1/grants", false, a.createGrant, false},
		{"DELETE", "/api/v1/grants/{id}", false, a.revokeGrant, false},
		{"GET", "/api/v1/audit", false, a.searchAudit, false},

		{"GET", "/api/v1/me/second-factors", false, a.secondFactors, true},
		{"POST", "/api/v1/me/totp", false, a.beginTOTP, true},
		{"POST", "/api/v1/me/totp/confirm", false, a.confirmTOTP, true},
		{"POST", "/api/v1/me/recovery-codes", false, a.regenerateRecoveryCodes, true},
		{"GET", "/api/v1/me/sessions", false, a.listSessions, true},
		{"DELETE", "/api/v1/me/sessions", false, a.endAllSessions, true},
		{"DELETE", "/api/v1/me/sessions/{id}", false, a.endSession, true},
		{"GET", "/api/v1/me/expiring-grants", false, a.expiringGrants, true},
		{"GET", "/api/v1/pledge", false, a.currentPledge, true},
		{"POST", "/api/v1/pledge/accept", false, a.acceptPledge, true},
		{"POST", "/api/v1/pledge", false, a.publishPledge, false},
		{"PUT", "/api/v1/settings/second-factor", false, a.setSecondFactorPolicy, false},
		{"GET", "/api/v1/settings/member-numbers", false, a.listMemberNumberSeries, false},
		{"PUT", "/api/v1/settings/member-numbers", false, a.saveMemberNumberSeries, false},
		{"DELETE", "/api/v1/settings/member-numbers/{id}", false, a.deleteMemberNumberSeries, false},
		{"GET", "/api/v1/invitations", false, a.listInvitations, false},
		{"POST", "/api/v1/invitations", false, a.invite, false},
		{"DELETE", "/api/v1/invitations/{id}", false, a.revokeInvitation, false},
		{"GET", "/api/v1/access-requests", false, a.listAccessRequests, false},
		{"POST", "/api/v1/access-requests", false, a.requestAccess, false},
		{"POST", "/api/v1/access-requests/{id}/decision", false, a.decideAccessRequest, false},
		{"POST", "/api/v1/users/{id}/reset-factors", false, a.resetFactors, false},
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
		actor, err := httpauth.Resolve(r, a.svc, a.secure)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if actor == nil && !rt.Public {
			a.simple(w, http.StatusUnauthorized, "unauthenticated")
			return
		}
		// Until the pledge is accepted and a required second factor enrolled, only the routes that lead there
		// answer; every data route refuses with a message saying why.
		if actor != nil && !rt.Gateway {
			switch {
			case actor.PledgeRequired:
				a.simple(w, http.StatusForbidden, "pledge_required")
				return
			case actor.EnrolmentRequired:
				a.simple(w, http.StatusForbidden, "enrolment_required")
				return
			}
		}
		if err := a.checkQuery(rt, r); err != nil {
			a.fail(w, r, err)
			return
		}
		rt.Handler(w, r.WithContext(httpauth.WithActor(r.Context(), actor)), actor)
	})
}
