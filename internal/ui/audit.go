package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// auditPageSize is how many audit entries one page shows.
const auditPageSize = 100

// auditForm is the audit page's filter as entered: a user, a date range, a contact (typed as in the quick
// search, or chosen by id from a list of matches) and an action picked from a list.
type auditForm struct {
	User, From, To, Contact, ContactID, Action string
}

func readAuditForm(q url.Values) auditForm {
	return auditForm{User: q.Get("user"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Contact: strings.TrimSpace(q.Get("contact")), ContactID: q.Get("contact_id"), Action: q.Get("action")}
}

// query is the form as URL parameters, with the cursor of the page to show.
func (f auditForm) query(before string) string {
	return url2("/audit", "user", f.User, "from", f.From, "to", f.To, "contact", f.Contact, "contact_id", f.ContactID,
		"action", f.Action, "before", before)
}

type auditData struct {
	Form     auditForm
	Users    []option
	Actions  []option
	Matches  []domain.ContactSummary // contacts the typed text found, to choose one from
	Entries  []domain.AuditEntry
	Narrowed bool
	Next     string // URL of the next (older) page, "" on the last
}

// auditLog shows the audit trail of the admin's scope, newest first, narrowed by the filter: sign-ins,
// factor changes, pledge acceptances, invitations, grants, imports, exports and every change to contacts.
func (u *UI) auditLog(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	v := u.newView(r, s, "ui.audit.title")
	v.Nav = "audit"
	d := auditData{Form: readAuditForm(r.URL.Query()), Actions: v.auditActions()}
	f, ok, err := u.auditFilter(r, s, &d)
	if err == nil && ok {
		d.Entries, err = u.svc.AuditLog(r.Context(), s.Actor, f)
	}
	if err == nil {
		d.Users, err = u.auditUsers(r, s)
	}
	if err != nil && !v.setProblems(err, sameName) {
		u.fail(w, r, s, err)
		return
	}
	if len(d.Entries) > auditPageSize {
		d.Entries = d.Entries[:auditPageSize]
		d.Next = d.Form.query(strconv.FormatInt(d.Entries[auditPageSize-1].ID, 10))
	}
	v.Data = d
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	u.render(w, r, v, status, "audit")
}

// auditFilter turns the form into a search. A typed contact is looked up as in the quick search: one match
// is taken, several are offered to choose from (ok is false until one is chosen), none is a problem.
func (u *UI) auditFilter(r *http.Request, s *session, d *auditData) (domain.AuditFilter, bool, error) {
	fm := &d.Form
	var p domain.Problems
	f := domain.AuditFilter{Action: fm.Action, ActorID: formID(&p, "user", fm.User), ContactID: formID(&p, "contact_id", fm.ContactID),
		Limit: auditPageSize + 1}
	if from := formDate(&p, "from", fm.From); from != nil {
		f.Since = time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.Local)
	}
	if to := formDate(&p, "to", fm.To); to != nil {
		f.Until = time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, time.Local).AddDate(0, 0, 1)
	}
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
	}
	if err := p.Err(); err != nil {
		return f, false, err
	}
	d.Narrowed = *fm != auditForm{}
	if fm.Contact == "" || f.ContactID != 0 {
		return f, true, nil
	}
	found, err := u.svc.SearchContacts(r.Context(), s.Actor, fm.Contact, 10)
	switch {
	case err != nil:
		return f, false, err
	case len(found) == 0:
		return f, false, domain.Invalid("contact", "no_contact_found")
	case len(found) > 1:
		d.Matches = found
		return f, false, nil
	}
	f.ContactID, fm.ContactID, fm.Contact = found[0].ID, itoa(found[0].ID), found[0].DisplayName
	return f, true, nil
}

// auditUsers lists the users the admin can see, by name, for the filter.
func (u *UI) auditUsers(r *http.Request, s *session) ([]option, error) {
	if !s.Actor.Scope.Has(access.ManageUsers) {
		return nil, nil
	}
	users, err := u.svc.Users(r.Context(), s.Actor)
	if err != nil {
		return nil, err
	}
	out := []option{{Value: "", Label: u.cat.T(s.Lang, "ui.audit.any_user")}}
	for _, x := range users {
		out = append(out, option{Value: itoa(x.ID), Label: x.Name + " (" + x.Email + ")"})
	}
	slices.SortStableFunc(out[1:], func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}

// auditActions lists the actions the catalogue names, by their names in the page's language.
func (v *view) auditActions() []option {
	var out []option
	for _, key := range v.u.cat.Keys("en") {
		if code, ok := strings.CutPrefix(key, "ui.action."); ok {
			out = append(out, option{Value: code, Label: v.T(key)})
		}
	}
	slices.SortFunc(out, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	return append([]option{{Value: "", Label: v.T("ui.audit.any_action")}}, out...)
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

// AuditFor is the audit page for the same filter with the contact id chosen from the matches.
func (v *view) AuditFor(f auditForm, id int64, name string) string {
	f.ContactID, f.Contact = itoa(id), name
	return f.query("")
}

// AuditWithoutContact is the audit page for the same filter without its contact.
func (v *view) AuditWithoutContact(f auditForm) string {
	f.ContactID, f.Contact = "", ""
	return f.query("")
}
