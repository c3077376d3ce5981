package ui

import (
	"net/http"

	"github.com/roster-crm/roster/internal/domain"
)

// relationshipAdd links the contact to another contact by its number.
func (u *UI) relationshipAdd(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	form := contactSubForms{OtherContactID: r.PostForm.Get("other_contact_id"), Kind: r.PostForm.Get("kind")}
	var p domain.Problems
	other := formID(&p, "other_contact_id", form.OtherContactID)
	if form.OtherContactID == "" {
		p.Add("other_contact_id", "required")
	}
	err := p.Err()
	if err == nil {
		_, err = u.svc.AddRelationship(r.Context(), s.Actor, id, other, form.Kind)
	}
	if err != nil {
		u.contactFormFailed(w, r, s, id, form, err)
		return
	}
	u.redirect(w, r, "/contacts/"+itoa(id)+"#relationships", "relationship_added")
}
