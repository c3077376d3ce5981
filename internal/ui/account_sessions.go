package ui

import (
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
)

type sessionsData struct {
	Sessions []domain.Session
}

// sessionsPage lists where the user is signed in, this browser marked.
func (u *UI) sessionsPage(w http.ResponseWriter, r *http.Request, s *session) {
	list, err := u.svc.Sessions(r.Context(), s.Actor, httpauth.SessionSecret(r, u.secure))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.sessions.title")
	v.Data = sessionsData{Sessions: list}
	u.render(w, r, v, http.StatusOK, "sessions")
}

// sessionEnd signs out one of the user's other browsers.
func (u *UI) sessionEnd(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	if err := u.svc.EndSession(r.Context(), s.Actor, r.PathValue("id")); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/account/sessions", "session_ended")
}

// sessionsEndAll signs the user out everywhere, this browser included.
func (u *UI) sessionsEndAll(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	if err := u.svc.SignOutEverywhere(r.Context(), s.Actor); err != nil {
		u.fail(w, r, s, err)
		return
	}
	httpauth.ClearSession(w, u.secure)
	u.redirect(w, r, "/login", "signed_out_everywhere")
}

// Browser names a session's browser and system in a few words ("Firefox on Linux") from its user agent;
// an unknown agent shows as it is.
func (v *view) Browser(userAgent string) string {
	name := ""
	for _, b := range []struct{ token, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Chromium/", "Chromium"}, {"Safari/", "Safari"}} {
		if strings.Contains(userAgent, b.token) {
			name = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}} {
		if strings.Contains(userAgent, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case name != "" && system != "":
		return v.T("ui.sessions.browser_on", "browser", name, "system", system)
	case name != "":
		return name
	case userAgent == "":
		return v.T("ui.sessions.unknown_browser")
	}
	return userAgent
}
