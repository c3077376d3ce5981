package ui

import (
	"net/http"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// grantAdd gives the user of the path a role on a unit, until the end of an optional expiry date.
func (u *UI) grantAdd(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	f := grantForm{UnitID: r.PostForm.Get("unit_id"), Role: r.PostForm.Get("role"), Expires: strings.TrimSpace(r.PostForm.Get("expires_at"))}
	var p domain.Problems
	in := domain.GrantInput{UserID: id, UnitID: formID(&p, "unit_id", f.UnitID), Role: f.Role}
	if f.UnitID == "" {
		p.Add("unit_id", "required")
	}
	if d := formDate(&p, "expires_at", f.Expires); d != nil {
		end := endOfDay(*d)
		in.ExpiresAt = &end
	}
	err := p.Err()
	if err == nil {
		_, err = u.svc.GrantRole(r.Context(), s.Actor, in)
	}
	u.userFormDone(w, r, s, id, "grant_added", err, func(d *userShowData) { d.Grant = f })
}

// endOfDay is when a grant "until" a date stops working: the following midnight, server time.
func endOfDay(d domain.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, time.Local)
}

// grantRevoke ends a grant and goes back to the user's page (user_id comes with the form; it only picks
// where to go back to).
func (u *UI) grantRevoke(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.RevokeGrant(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	var p domain.Problems
	target := "/users"
	if userID := formID(&p, "user_id", r.PostForm.Get("user_id")); userID != 0 {
		target = "/users/" + itoa(userID)
	}
	u.redirect(w, r, target, "grant_revoked")
}
