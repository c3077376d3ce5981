package ui

import "net/http"

// userResetFactors removes a user's second factors and recovery codes and signs them out, for someone who
// lost their phone: they sign in with the password and set up a factor again. The service allows it to
// admins whose scope covers all of the user's grants, and audits it.
func (u *UI) userResetFactors(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.ResetSecondFactors(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/users/"+itoa(id), "factors_reset")
}
