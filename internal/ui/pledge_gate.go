package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// Until a user has accepted the current data-protection pledge, and then enrolled a second factor where the
// organization requires one, the service gives them an empty scope; the UI sends every page except the one
// that opens the gate there, so that nobody is left looking at empty lists without knowing why. Public pages
// (sign-in and sign-out, the language switch, links from e-mails) and static files stay reachable.

// enrolmentPaths are the pages where a second factor is set up: this package's and the passkey pages.
var enrolmentPaths = []string{"/account/second-factor", "/account/passkey"}

// gateClosed redirects a signed-in user whose gate is closed to the page that opens it, the pledge first,
// and reports whether it did.
func (u *UI) gateClosed(w http.ResponseWriter, r *http.Request, s *session) bool {
	a, path := s.Actor, r.URL.Path
	switch {
	case a.PledgeRequired && path != "/pledge":
		u.toGate(w, r, "/pledge")
	case a.EnrolmentRequired && !a.PledgeRequired && path != "/pledge" && !underAny(path, enrolmentPaths):
		u.toGate(w, r, "/account/second-factor")
	default:
		return false
	}
	return true
}

// underAny reports whether path is one of prefixes or lies below one ("/account/passkeys/3" is below
// "/account/passkey" too: the passkey pages may name themselves either way).
func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// toGate redirects to a gate page that comes back to the page asked for (GET only, as toLogin).
func (u *UI) toGate(w http.ResponseWriter, r *http.Request, gate string) {
	target := gate
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

type pledgeData struct {
	Pledge    domain.Pledge
	Published bool
	Required  bool // not yet accepted: the form is shown
	Next      string
}

func (u *UI) pledgePage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	u.renderPledge(w, r, s, http.StatusOK, localPath(r.URL.Query().Get("next"), "/"), nil)
}

func (u *UI) renderPledge(w http.ResponseWriter, r *http.Request, s *session, status int, next string, err error) {
	p, ok, lerr := u.svc.CurrentPledge(r.Context())
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	v := u.newView(r, s, "ui.pledge.title")
	v.Data = pledgeData{Pledge: p, Published: ok, Required: s.Actor.PledgeRequired, Next: next}
	if err != nil && !v.setProblems(err, func(f string) string { return map[string]string{"version": "", "accept": "accept"}[f] }) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "pledge")
}

// pledgeAccept records the acceptance of the version the user read (a newer one published in between is
// shown instead) with the client's address, and goes on to the page first asked for.
func (u *UI) pledgeAccept(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	next := localPath(f.Get("next"), "/")
	var err error
	if f.Get("accept") != "1" {
		err = domain.Invalid("accept", "ui.pledge.tick_to_accept")
	} else {
		version, _ := strconv.Atoi(f.Get("version"))
		err = u.svc.AcceptPledge(r.Context(), s.Actor, version, clientIP(r))
	}
	switch {
	case err == nil:
		u.redirect(w, r, next, "pledge_accepted")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderPledge(w, r, s, http.StatusUnprocessableEntity, next, err)
	default:
		u.fail(w, r, s, err)
	}
}

// Paragraphs splits text typed into a textarea (the pledge) at blank lines; the template keeps the line
// breaks within a paragraph with CSS.
func (v *view) Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
