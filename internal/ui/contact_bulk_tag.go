package ui

import (
	"errors"
	"net/http"
	"slices"

	"github.com/roster-crm/roster/internal/domain"
)

// contactsTag adds a tag to, or removes it from, the contacts ticked on a list page and goes back to that
// page, saying how many changed and how many were skipped because the actor may only read them. A contact
// out of sight fails the whole request as not found.
func (u *UI) contactsTag(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	back := localPath(f.Get("back"), "/contacts")
	ids, ok := formIDs(f["id"])
	op := f.Get("op")
	if !ok || (op != "add" && op != "remove") {
		u.errorPage(w, r, s, http.StatusBadRequest, "error.bad_request")
		return
	}
	if len(ids) == 0 {
		u.listFormFailed(w, r, s, back, &listForm{entered: f, message: "ui.contacts.select_first"})
		return
	}
	changed, skipped, err := u.svc.TagContacts(r.Context(), s.Actor, ids, f.Get("bulk_tag"), op == "add")
	switch {
	case errors.As(err, new(*domain.ValidationError)):
		u.listFormFailed(w, r, s, back, &listForm{entered: f, err: err})
	case err != nil:
		u.fail(w, r, s, err)
	default:
		code := map[string]string{"add": "tag_added", "remove": "tag_removed"}[op]
		u.redirect(w, r, back, flashCounts(code, map[string]int{"changed": changed, "skipped": skipped}))
	}
}

// formIDs reads a list of ids, each once; ok is false when one is not an id at all.
func formIDs(values []string) (ids []int64, ok bool) {
	for _, v := range values {
		id, err := pathID(v)
		if err != nil {
			return nil, false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, true
}
