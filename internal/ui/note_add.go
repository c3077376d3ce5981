package ui

import "net/http"

// noteAdd adds a note from the contact page.
func (u *UI) noteAdd(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	form := contactSubForms{Body: r.PostForm.Get("body")}
	if _, err := u.svc.AddNote(r.Context(), s.Actor, id, form.Body); err != nil {
		u.contactFormFailed(w, r, s, id, form, err)
		return
	}
	u.redirect(w, r, "/contacts/"+itoa(id)+"#notes", "note_added")
}
