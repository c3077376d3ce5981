package ui

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/roster-crm/roster/internal/domain"
)

// savedListLink is one of the user's saved lists as the list page links to it.
type savedListLink struct {
	ID      int64
	Name    string
	URL     string
	Current bool // the page shows this list's filter
}

func savedListLinks(lists []domain.SavedList, current listQuery) []savedListLink {
	here := current.values().Encode()
	out := make([]savedListLink, 0, len(lists))
	for _, l := range lists {
		q := queryOf(l.Filter)
		out = append(out, savedListLink{ID: l.ID, Name: l.Name, URL: q.url(), Current: q.values().Encode() == here})
	}
	return out
}

// listSave stores the filter of the list page it was sent from under a name, then opens the saved list.
func (u *UI) listSave(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	back := localPath(r.PostForm.Get("back"), "/contacts")
	bu, err := url.Parse(back)
	if err != nil {
		bu = &url.URL{}
	}
	q := readListQuery(bu.Query())
	var p domain.Problems
	f := q.filter(&p)
	if err = p.Err(); err == nil {
		_, err = u.svc.SaveList(r.Context(), s.Actor, r.PostForm.Get("list_name"), f)
	}
	switch {
	case errors.As(err, new(*domain.ValidationError)):
		u.listFormFailed(w, r, s, back, &listForm{entered: r.PostForm, err: err})
	case err != nil:
		u.fail(w, r, s, err)
	default:
		u.redirect(w, r, q.url(), "list_saved")
	}
}

// listDelete removes one of the user's saved lists and goes back to the page it was deleted from.
func (u *UI) listDelete(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.DeleteSavedList(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, localPath(r.PostForm.Get("back"), "/contacts"), "list_deleted")
}
