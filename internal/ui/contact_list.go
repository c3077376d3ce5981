package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// pageSize is the number of contacts per list page; countCap bounds the work of counting.
const (
	pageSize = 50
	countCap = 10000
)

type contactListData struct {
	Query    string // quick search; when set, Contacts are search results
	Unit     string
	Status   string
	Tag      string
	Trashed  bool
	Contacts []domain.ContactSummary
	Count    int
	Capped   bool   // Count is countCap or more; for a search, more results may exist
	Next     string // URL of the next page, "" on the last
	First    string // URL of the first page when not on it
	Units    []option
	Statuses []string
	CanAdd   bool
}

func (u *UI) contactList(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	q := r.URL.Query()
	d := contactListData{Query: strings.TrimSpace(q.Get("q")), Unit: q.Get("unit"), Status: q.Get("status"),
		Tag: strings.TrimSpace(q.Get("tag")), Trashed: q.Get("trashed") == "1",
		Statuses: append(slices.Clone(domain.Statuses()), "none"), CanAdd: s.Actor.Scope.Has(access.WriteContacts)}
	var err error
	if d.Query != "" {
		d.Contacts, err = u.svc.SearchContacts(r.Context(), s.Actor, d.Query, pageSize)
		d.Count, d.Capped = len(d.Contacts), len(d.Contacts) >= pageSize
	} else {
		err = u.listPage(r, s, &d)
	}
	if err == nil {
		d.Units, err = u.unitOptions(r, s, "ui.contacts.any_unit", nil)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	title := "ui.contacts.title"
	if d.Trashed {
		title = "ui.contacts.trash_title"
	}
	v := u.newView(r, s, title)
	v.Search, v.Data = d.Query, d
	u.render(w, r, v, http.StatusOK, "contact_list")
}

// listPage fills one page of the filtered list, its count and the paging links.
func (u *UI) listPage(r *http.Request, s *session, d *contactListData) error {
	var p domain.Problems
	f := domain.ContactFilter{UnitID: formID(&p, "unit", d.Unit), Tag: d.Tag, Trashed: d.Trashed}
	if d.Status != "" {
		f.Statuses = []string{d.Status}
	}
	after := formID(&p, "after", r.URL.Query().Get("after"))
	if err := p.Err(); err != nil {
		return err
	}
	page, err := u.svc.ListContacts(r.Context(), s.Actor, f, after, pageSize)
	if err != nil {
		return err
	}
	if d.Count, err = u.svc.CountContacts(r.Context(), s.Actor, f, countCap); err != nil {
		return err
	}
	d.Contacts, d.Capped = page.Contacts, d.Count >= countCap
	link := url.Values{}
	for k, v := range map[string]string{"unit": d.Unit, "status": d.Status, "tag": d.Tag} {
		if v != "" {
			link.Set(k, v)
		}
	}
	if d.Trashed {
		link.Set("trashed", "1")
	}
	if after != 0 {
		d.First = "/contacts?" + link.Encode()
	}
	if page.Next != 0 {
		link.Set("after", itoa(page.Next))
		d.Next = "/contacts?" + link.Encode()
	}
	return nil
}
