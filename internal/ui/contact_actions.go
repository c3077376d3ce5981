package ui

import (
	"context"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
)

// contactAction runs a service call on the contact of the path and redirects to target with a confirmation;
// target "" means the contact page.
func (u *UI) contactAction(w http.ResponseWriter, r *http.Request, s *session, target, flash string,
	fn func(ctx context.Context, a *access.Actor, id int64) error) {
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = fn(r.Context(), s.Actor, id)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if target == "" {
		target = "/contacts/" + itoa(id)
	}
	u.redirect(w, r, target, flash)
}

func (u *UI) contactTrash(w http.ResponseWriter, r *http.Request, s *session) {
	u.contactAction(w, r, s, "", "contact_trashed", u.svc.TrashContact)
}

func (u *UI) contactRestore(w http.ResponseWriter, r *http.Request, s *session) {
	u.contactAction(w, r, s, "", "contact_restored", u.svc.RestoreContact)
}

func (u *UI) contactPurge(w http.ResponseWriter, r *http.Request, s *session) {
	u.contactAction(w, r, s, "/contacts?trashed=1", "contact_purged", u.svc.PurgeContact)
}

func (u *UI) relationshipDelete(w http.ResponseWriter, r *http.Request, s *session) {
	rid, err := pathID(r.PathValue("rid"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.contactAction(w, r, s, "", "relationship_deleted", func(ctx context.Context, a *access.Actor, _ int64) error {
		return u.svc.DeleteRelationship(ctx, a, rid)
	})
}
