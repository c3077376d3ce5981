package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// pageSize is the number of contacts per list page; countCap bounds the work of counting; maxSuggestions
// bounds the tag suggestions sent with a page.
const (
	pageSize       = 50
	countCap       = 10000
	filteredCap    = 1000 // filtered lists are counted row by row: stop early
	maxSuggestions = 300
)

type contactListData struct {
	Query      string    // quick search; when set, Contacts are search results
	Filter     listQuery // the filter as the URL carries it
	Here       string    // this page's list URL, where the page's forms come back to
	Contacts   []domain.ContactSummary
	Selected   map[int64]bool // rows ticked before a failed bulk action
	Count      int
	Capped     bool   // Count is countCap or more; for a search, more results may exist
	Next       string // URL of the next page, "" on the last
	First      string // URL of the first page when not on it
	Export     string // CSV of the whole filtered list; "" when the user may not export it
	ExportXLSX string // the same as a workbook
	Units      []option
	UnitName   string // the unit the list is filtered to, for saying what the count counts
	Types      []option
	Tags       []string
	Lists      []savedListLink
	Sharing    *listSharing // the sharing form of the current list, when it is the user's own
	ListName   string       // a list name entered before a failed save
	BulkTag    string       // a tag entered before a failed bulk action
	CanAdd     bool
	CanTag     bool // bulk tagging is offered
}

func (u *UI) contactList(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	u.renderContactList(w, r, s, r.URL.Query(), nil)
}

// listForm is a form of the list page that failed: what was entered and why.
type listForm struct {
	entered url.Values
	err     error  // a validation error of the service, placed by listFormField
	message string // or a catalogue key of the page's own check
}

// renderContactList shows the list that query q describes, after a failed form of the page (failed not nil)
// with status 422 and its problems. A malformed filter is shown next to its field, also with 422.
func (u *UI) renderContactList(w http.ResponseWriter, r *http.Request, s *session, q url.Values, failed *listForm) {
	d, err := u.loadContactList(r.Context(), s, q)
	if err != nil && !errors.As(err, new(*domain.ValidationError)) {
		u.fail(w, r, s, err)
		return
	}
	title := "ui.contacts.title"
	if d.Filter.Trashed {
		title = "ui.contacts.trash_title"
	}
	v := u.newView(r, s, title)
	v.Search, v.Path = d.Query, d.Here
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
		v.setProblems(err, filterField)
	}
	if failed != nil {
		status = http.StatusUnprocessableEntity
		failed.show(v, &d)
	}
	v.Data = d
	u.render(w, r, v, status, "contact_list")
}

// show puts what was entered back into the page, ticks included, with the problems next to the fields or
// above the list.
func (f *listForm) show(v *view, d *contactListData) {
	d.ListName, d.BulkTag = f.entered.Get("list_name"), f.entered.Get("bulk_tag")
	d.Selected = selectedIDs(f.entered)
	if f.message != "" {
		v.Errors = append(v.Errors, v.T(f.message))
	}
	v.setProblems(f.err, listFormField)
}

// loadContactList reads everything the list page shows. A validation error of the filter still returns the
// page's other data, so the form can be shown with the message.
func (u *UI) loadContactList(ctx context.Context, s *session, q url.Values) (contactListData, error) {
	d := contactListData{Query: strings.TrimSpace(q.Get("q")), Filter: readListQuery(q),
		CanAdd: s.Actor.Scope.Has(access.WriteContacts)}
	d.CanTag = d.CanAdd && !d.Filter.Trashed
	var err error
	if d.Tags, err = u.tagSuggestions(ctx, s.Actor); err != nil {
		return d, err
	}
	if d.Query != "" {
		d.Here = "/contacts?" + url.Values{"q": {d.Query}}.Encode()
		d.Contacts, err = u.svc.SearchContacts(ctx, s.Actor, d.Query, pageSize)
		d.Count, d.Capped = len(d.Contacts), len(d.Contacts) >= pageSize
		return d, err
	}
	if err = u.loadFilterChoices(ctx, s, &d); err != nil {
		return d, err
	}
	return d, u.listPage(ctx, s, q, &d)
}

// loadFilterChoices fills the filter form's choices and the actor's saved lists.
func (u *UI) loadFilterChoices(ctx context.Context, s *session, d *contactListData) error {
	var err error
	if d.Units, err = u.unitOptions(ctx, s, "ui.contacts.any_unit", nil); err != nil {
		return err
	}
	types, err := u.svc.MembershipTypes(ctx)
	if err != nil {
		return err
	}
	d.Types = []option{{Value: "", Label: u.cat.T(s.Lang, "ui.contacts.any_type")}}
	for _, t := range types {
		d.Types = append(d.Types, option{Value: itoa(t.ID), Label: t.Name})
	}
	for _, o := range d.Units {
		if o.Value != "" && o.Value == d.Filter.Unit {
			d.UnitName = strings.TrimLeft(o.Label, "\u00a0")
		}
	}
	lists, err := u.svc.SavedLists(ctx, s.Actor)
	if err != nil {
		return err
	}
	d.Lists = savedListLinks(lists, d.Filter)
	var p domain.Problems
	if unit := formID(&p, "unit", d.Filter.Unit); p.Err() == nil {
		// A unit out of sight leaves the form out; the list below says "not found".
		if d.Sharing, err = u.sharing(ctx, s, d.Lists, unit); errors.Is(err, domain.ErrNotFound) {
			err = nil
		}
	}
	return err
}

// listPage fills one page of the filtered list, its count and the paging links.
func (u *UI) listPage(ctx context.Context, s *session, q url.Values, d *contactListData) error {
	d.Here = d.Filter.url()
	var p domain.Problems
	f := d.Filter.filter(&p)
	after := formID(&p, "after", q.Get("after"))
	if err := p.Err(); err != nil {
		return err
	}
	if after != 0 {
		d.Here = d.Filter.url("after", itoa(after))
	}
	page, err := u.svc.ListContacts(ctx, s.Actor, f, after, pageSize)
	if err != nil {
		return err
	}
	limit := countCap
	if !f.Plain() {
		limit = filteredCap
	}
	if d.Count, err = u.svc.CountContacts(ctx, s.Actor, f, limit); err != nil {
		return err
	}
	d.Contacts, d.Capped = page.Contacts, d.Count >= limit
	if err := u.svc.ExportAllowed(ctx, s.Actor, f.UnitID); err == nil {
		d.Export, d.ExportXLSX = "/contacts/export.csv", "/contacts/export.xlsx"
		if v := d.Filter.values(); len(v) > 0 {
			d.Export += "?" + v.Encode()
			d.ExportXLSX += "?" + v.Encode()
		}
	} else if !errors.Is(err, domain.ErrForbidden) && !errors.Is(err, domain.ErrNotFound) {
		// A unit filter out of sight lists nothing of it (the scope decides), and offers no export.
		return err
	}
	if after != 0 {
		d.First = d.Filter.url()
	}
	if page.Next != 0 {
		d.Next = d.Filter.url("after", itoa(page.Next))
	}
	return nil
}

// tagSuggestions lists the tag names the actor may see for a datalist, bounded so that a page stays small.
func (u *UI) tagSuggestions(ctx context.Context, a *access.Actor) ([]string, error) {
	tags, err := u.svc.Tags(ctx, a)
	if len(tags) > maxSuggestions {
		tags = tags[:maxSuggestions]
	}
	return tags, err
}

// filterField keeps the names of the filter form's fields; problems of the search text or the page cursor
// are shown above the list.
func filterField(f string) string {
	switch f {
	case "unit", "tag", "status", "type", "joined_from", "joined_to", "sort":
		return f
	}
	return ""
}

// listFormField maps the service's field names of the page's forms to the form fields: the bulk tag and the
// list name; filter fields keep their names.
func listFormField(f string) string {
	switch f {
	case "tag":
		return "bulk_tag"
	case "name":
		return "list_name"
	case "ids":
		return ""
	}
	return f
}

// listFormFailed shows the list page that back names again, with the problems of one of its forms.
func (u *UI) listFormFailed(w http.ResponseWriter, r *http.Request, s *session, back string, failed *listForm) {
	bu, err := url.Parse(back)
	if err != nil {
		bu = &url.URL{Path: "/contacts"}
	}
	u.renderContactList(w, r, s, bu.Query(), failed)
}

// selectedIDs reads the ticked rows of the bulk form.
func selectedIDs(form url.Values) map[int64]bool {
	out := map[int64]bool{}
	for _, id := range form["id"] {
		if n, err := pathID(id); err == nil {
			out[n] = true
		}
	}
	return out
}
