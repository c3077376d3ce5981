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
		{"POST /logout", true, u.logout},
		{"POST /language", true, u.setLanguage},
		{"GET /{$}", false, u.home},

		{"GET /contacts", false, u.contactList},
		{"GET /contacts/export.csv", false, u.contactExport},
		{"POST /contacts/tags", false, u.contactsTag},
		{"POST /contacts/lists", false, u.listSave},
		{"POST /contacts/lists/{id}/delete", false, u.listDelete},
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

		{"GET /units", false, u.unitList},
		{"POST /units", false, u.unitCreate},
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

		{"GET /account", false, u.accountPage},
		{"POST /account", false, u.accountUpdate},
		{"POST /account/password", false, u.accountPassword},
		{"POST /account/tokens", false, u.tokenCreate},
		{"POST /account/tokens/{id}/revoke", false, u.tokenRevoke},

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
	u.errorPage(w, r, s, http.StatusNotFound, "error.not_found")
}
