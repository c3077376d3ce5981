package ui

import "net/http"

// contactTagAdd adds a tag from the contact page's tags block.
func (u *UI) contactTagAdd(w http.ResponseWriter, r *http.Request, s *session) {
	u.contactTag(w, r, s, true, "tag_added_one")
}

// contactTagRemove removes a tag from the contact page's tags block.
func (u *UI) contactTagRemove(w http.ResponseWriter, r *http.Request, s *session) {
	u.contactTag(w, r, s, false, "tag_removed_one")
}

// contactTag changes one tag of one contact. Tags are a set, so adding or removing one needs no version:
// two people tagging the same contact at once do not undo each other's work.
func (u *UI) contactTag(w http.ResponseWriter, r *http.Request, s *session, on bool, flash string) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	form := contactSubForms{Tag: r.PostForm.Get("tag")}
	_, skipped, err := u.svc.TagContacts(r.Context(), s.Actor, []int64{id}, form.Tag, on)
	switch {
	case err != nil:
		u.contactFormFailed(w, r, s, id, form, err)
	case skipped > 0: // read-only for this actor, or in the trash
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
	default:
		u.redirect(w, r, "/contacts/"+itoa(id)+"#tags", flash)
	}
}
