package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
)

// auditPageSize is how many audit entries one page shows.
const auditPageSize = 100

type auditData struct {
	Entries []domain.AuditEntry
	Action  string
	Next    string // URL of the next (older) page, "" on the last
}

// auditLog shows the audit trail of the admin's scope, newest first, optionally one kind of action: sign-ins,
// factor changes, pledge acceptances, invitations, grants, imports, exports and every change to contacts.
func (u *UI) auditLog(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	q := r.URL.Query()
	f := domain.AuditFilter{Action: q.Get("action"), Limit: auditPageSize + 1}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
	}
	list, err := u.svc.AuditLog(r.Context(), s.Actor, f)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	d := auditData{Entries: list, Action: f.Action}
	if len(list) > auditPageSize {
		d.Entries = list[:auditPageSize]
		d.Next = url2("/audit", "action", f.Action, "before", strconv.FormatInt(d.Entries[auditPageSize-1].ID, 10))
	}
	v := u.newView(r, s, "ui.audit.title")
	v.Nav = "audit"
	v.Data = d
	u.render(w, r, v, http.StatusOK, "audit")
}

// url2 builds a local URL with the non-empty query parameters given as name, value pairs.
func url2(path string, kv ...string) string {
	sep := "?"
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		path += sep + kv[i] + "=" + url.QueryEscape(kv[i+1])
		sep = "&"
	}
	return path
}
