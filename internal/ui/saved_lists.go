package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/roster-crm/roster/internal/access"

	"github.com/roster-crm/roster/internal/domain"
)

// savedListLink is a saved list as the list page links to it: one of the user's own, or one that another
// officer shared with a unit of the user's scope.
type savedListLink struct {
	ID         int64
	Name       string
	URL        string
	Current    bool // the page shows this list's filter
	Mine       bool
	Owner      string
	SharedWith string // the unit's name; "" for a personal list
}

func savedListLinks(lists []domain.SavedList, current listQuery) []savedListLink {
	here := current.values().Encode()
	out := make([]savedListLink, 0, len(lists))
	for _, l := range lists {
		q := queryOf(l.Filter)
		link := savedListLink{ID: l.ID, Name: l.Name, URL: q.url(), Current: q.values().Encode() == here, Mine: l.Mine,
			Owner: l.Owner}
		if l.SharedWith != nil {
			link.SharedWith = l.SharedWith.Name
		}
		out = append(out, link)
	}
	return out
}

// listSharing is the sharing form of the user's own list that the page shows: the units whose officers it
// may be shared with — the list's unit and those above it in the user's scope (or the user's own units for a
// list of the whole scope), so that everyone who sees the list may also open it.
type listSharing struct {
	List  savedListLink
	Units []option
}

// sharing returns the sharing form for the page's current list when it is the user's own; nil otherwise.
func (u *UI) sharing(ctx context.Context, s *session, links []savedListLink, unitID int64) (*listSharing, error) {
	i := slices.IndexFunc(links, func(l savedListLink) bool { return l.Current && l.Mine })
	if i < 0 {
		return nil, nil
	}
	sh := &listSharing{List: links[i]}
	if unitID == 0 {
		for _, root := range s.Actor.Scope.Roots(access.ReadContacts) {
			x, err := u.svc.Unit(ctx, s.Actor, root)
			if err != nil {
				return nil, err
			}
			sh.Units = append(sh.Units, option{Value: itoa(x.ID), Label: x.Name})
		}
		return sh, nil
	}
	path, err := u.svc.UnitPath(ctx, s.Actor, unitID)
	if err != nil {
		return nil, err
	}
	for i := len(path) - 1; i >= 0; i-- {
		if s.Actor.Scope.Covers(access.ReadContacts, path[i].ID, unitIDs(path[:i])) {
			sh.Units = append(sh.Units, option{Value: itoa(path[i].ID), Label: path[i].Name})
		}
	}
	return sh, nil
}

// listShare shares one of the user's lists with the officers of a unit, or (no unit) makes it personal again,
// and goes back to the page it was sent from.
func (u *UI) listShare(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	var p domain.Problems
	unit := formID(&p, "unit_id", r.PostForm.Get("unit_id"))
	err := p.Err()
	if err == nil {
		_, err = u.svc.ShareList(r.Context(), s.Actor, id, unit)
	}
	flash := "list_shared"
	if unit == 0 {
		flash = "list_unshared"
	}
	switch {
	case err == nil:
		u.redirect(w, r, localPath(r.PostForm.Get("back"), "/contacts"), flash)
	default:
		u.fail(w, r, s, err)
	}
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
