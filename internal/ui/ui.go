// Package ui is Roster's server-rendered web UI in English and German. Handlers read a form or query, call one
// service function with the signed-in actor, and render an embedded html/template page; domain errors become
// translated messages next to the fields or a plain error page.
package ui

import (
	"html/template"
	"log/slog"
	"net/http"

	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
)

// UI serves the HTML pages.
type UI struct {
	svc    *service.Service
	cat    *i18n.Catalog
	log    *slog.Logger
	secure bool
	pages  map[string]*template.Template // parsed templates by page name
	assets assets                        // embedded static files under their content-hash URLs

}

// New prepares the UI: parses every template and hashes the static files, so a broken template fails at
// start-up rather than on the first request.
func New(svc *service.Service, cat *i18n.Catalog, log *slog.Logger, secure bool) (*UI, error) {
	if log == nil {
		log = slog.Default()
	}
	u := &UI{svc: svc, cat: cat, log: log, secure: secure}
	var err error
	if u.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if u.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return u, nil
}

// route is one page or form action. Public routes are served without a session.
type route struct {
	pattern string
	public  bool
	handler handlerFunc
}

func (u *UI) routes() []route {
	return []route{
		{"GET /login", true, u.loginPage},
		{"POST /login", true, u.login},
		{"GET /login/passkey", true, u.passkeySignInPage}, // the second factor of a half-signed-in session
		{"POST /login/passkey/options", true, u.passkeySignInOptions},
		{"POST /login/passkey", true, u.passkeySignIn},
		{"GET /login/second-factor", true, u.secondFactorSignInPage}, // after the password, when a factor is enrolled
		{"POST /login/second-factor", true, u.secondFactorSignIn},
		{"POST /logout", true, u.logout},
		{"POST /language", true, u.setLanguage},
		{"GET /password-reset", true, u.resetRequestPage},
		{"POST /password-reset", true, u.resetRequest},
		{"GET /password-reset/{secret}", true, u.resetPage},
		{"POST /password-reset/{secret}", true, u.reset},
		{"GET /invitation/{secret}", true, u.invitationPage},
		{"POST /invitation/{secret}", true, u.invitationAccept},
		{"GET /request-access", true, u.accessRequestPage}, // anyone, or an officer on someone's behalf
		{"POST /request-access", true, u.accessRequestCreate},
		{"GET /pledge", false, u.pledgePage}, // the gate: see pledge_gate.go
		{"POST /pledge", false, u.pledgeAccept},
		{"GET /{$}", false, u.home},

		{"GET /contacts", false, u.contactList},
		{"GET /contacts/export.csv", false, u.contactExport},
		{"GET /contacts/export.xlsx", false, u.contactExport},
		{"GET /contacts/{id}/{file}", false, u.contactData},    // data.json, data.pdf
		{"GET /units/{id}/{file}", false, u.unitAccreditation}, // accreditation.csv, .xlsx, .pdf
		{"POST /contacts/tags", false, u.contactsTag},
		{"POST /contacts/lists", false, u.listSave},
		{"POST /contacts/lists/{id}/delete", false, u.listDelete},
		{"POST /contacts/lists/{id}/share", false, u.listShare}, // unit_id; empty makes it personal again
		{"GET /contacts/new", false, u.contactNewPage},
		{"POST /contacts", false, u.contactCreate},
		{"GET /contacts/{id}", false, u.contactShow},
		{"GET /contacts/{id}/edit", false, u.contactEditPage}, // ?block=name|channels: one block of the page
		{"POST /contacts/{id}/edit", false, u.contactBlockSave},
		{"POST /contacts/{id}", false, u.contactUpdate},
		{"POST /contacts/{id}/tags", false, u.contactTagAdd},
		{"POST /contacts/{id}/tags/remove", false, u.contactTagRemove},
		{"POST /contacts/{id}/trash", false, u.contactTrash},
		{"POST /contacts/{id}/restore", false, u.contactRestore},
		{"POST /contacts/{id}/purge", false, u.contactPurge},
		{"POST /contacts/{id}/memberships", false, u.membershipAdd},
		{"POST /contacts/{id}/notes", false, u.noteAdd},
		{"POST /contacts/{id}/relationships", false, u.relationshipAdd},
		{"POST /contacts/{id}/relationships/{rid}/delete", false, u.relationshipDelete},
		{"GET /audit", false, u.auditLog},
		{"GET /duplicates", false, u.duplicateList},
		{"GET /duplicates/{a}/{b}", false, u.duplicateReview},
		{"POST /duplicates/{a}/{b}/merge", false, u.duplicateMerge},
		{"POST /duplicates/{a}/{b}/dismiss", false, u.duplicateDismiss},

		{"GET /imports", false, u.importList},
		{"POST /imports", false, u.importUpload},
		{"GET /imports/files/{id}", false, u.importFilePage},
		{"POST /imports/files/{id}/run", false, u.importRun}, // dry_run=1 for a dry run
		{"POST /imports/files/{id}/mappings", false, u.importMappingSave},
		{"POST /imports/mappings/{id}/delete", false, u.importMappingDelete},
		{"GET /imports/{id}", false, u.importShow},
		{"POST /imports/{id}/run", false, u.importNow},              // a finished dry run, for real
		{"GET /imports/{id}/undo/confirm", false, u.importUndoPage}, // what undo removes, restores and keeps
		{"POST /imports/{id}/undo", false, u.importUndo},
		{"GET /imports/{id}/report/rejected.csv", false, u.importRejected},
		{"POST /imports/{id}/cancel", false, u.importCancel},
		{"POST /imports/{id}/retry", false, u.importRetry},
		{"GET /jobs", false, u.jobsPage},
		{"POST /jobs/{id}/cancel", false, u.jobCancel},
		{"POST /jobs/{id}/retry", false, u.jobRetry},

		{"GET /units", false, u.unitList},
		{"POST /units", false, u.unitCreate},
		{"GET /units/new", false, u.unitNew},
		{"GET /units/{id}", false, u.unitShow},
		{"POST /units/{id}", false, u.unitUpdate},
		{"POST /units/{id}/archive", false, u.unitArchive},
		{"POST /units/{id}/restore", false, u.unitRestore},
		{"POST /units/{id}/postal-codes", false, u.unitAddPostalCodes},

		{"GET /users", false, u.userList},
		{"GET /users/new", false, u.userNewPage},
		{"POST /users", false, u.userCreate},
		{"GET /users/{id}", false, u.userShow},
		{"POST /users/{id}", false, u.userUpdate},
		{"POST /users/{id}/grants", false, u.grantAdd},
		{"POST /grants/{id}/revoke", false, u.grantRevoke},
		{"POST /users/{id}/reset-factors", false, u.userResetFactors},
		{"GET /invitations", false, u.invitationList},
		{"GET /invitations/new", false, u.invitationNewPage},
		{"POST /invitations", false, u.invitationCreate},
		{"POST /invitations/{id}/revoke", false, u.invitationRevoke},
		{"GET /access-requests", false, u.accessRequestList},
		{"POST /access-requests/{id}/decision", false, u.accessRequestDecide},
		{"GET /settings/accounts", false, u.accountSettingsPage},
		{"POST /settings/accounts/pledge", false, u.pledgePublish},
		{"POST /settings/accounts/second-factor", false, u.secondFactorPolicySave},
		{"GET /settings/member-numbers", false, u.memberNumbersPage},
		{"POST /settings/member-numbers", false, u.memberNumbersSave},
		{"POST /settings/member-numbers/{id}/remove", false, u.memberNumbersRemove},

		{"GET /account", false, u.accountPage},
		{"POST /account", false, u.accountUpdate},
		{"POST /account/password", false, u.accountPassword},
		{"POST /account/tokens", false, u.tokenCreate},
		{"POST /account/tokens/{id}/revoke", false, u.tokenRevoke},
		{"GET /account/second-factor", false, u.secondFactorPage},
		{"POST /account/second-factor/totp", false, u.totpBegin},
		{"POST /account/second-factor/totp/confirm", false, u.totpConfirm},
		{"POST /account/second-factor/recovery-codes", false, u.recoveryCodesRenew},
		{"GET /account/sessions", false, u.sessionsPage},
		{"POST /account/sessions/{id}/end", false, u.sessionEnd},
		{"POST /account/sessions/end-all", false, u.sessionsEndAll},
		{"GET /account/passkeys", false, u.passkeysPage},
		{"POST /account/passkeys/options", false, u.passkeyRegisterOptions},
		{"POST /account/passkeys", false, u.passkeyRegister},
		{"POST /account/passkeys/{id}/delete", false, u.passkeyDelete},

		// Anything else is the same "not found" page, whether or not it exists for someone else.
		{"/", true, u.notFoundPage},
	}
}

// Register adds the UI routes to mux.
func (u *UI) Register(mux *http.ServeMux) {
	for _, rt := range u.routes() {
		mux.Handle(rt.pattern, u.withSession(rt.public, rt.handler))
	}
	mux.HandleFunc("GET /static/{hash}/{name}", u.serveAsset)
}

func (u *UI) home(w http.ResponseWriter, r *http.Request, s *session) {
	http.Redirect(w, r, "/contacts", http.StatusSeeOther)
}

func (u *UI) notFoundPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.errorPage(w, r, s, http.StatusNotFound, "ui.error.not_found_text")
}
