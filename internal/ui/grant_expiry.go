package ui

import (
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// expiryWarning is how long before a grant ends that its holder and the admins are told.
const expiryWarning = 14 * 24 * time.Hour

// ExpiringGrants lists the signed-in user's live grants that end within expiryWarning, for the banner of
// every page. The grants come with the user that withSession loads for the layout anyway, so the banner
// costs no query.
func (v *view) ExpiringGrants() []domain.Grant {
	if v.Session.Actor == nil {
		return nil
	}
	var out []domain.Grant
	for _, g := range v.Session.User.Grants {
		if v.ExpiresSoon(g) {
			out = append(out, g)
		}
	}
	return out
}

// ExpiresSoon reports whether a live grant ends within expiryWarning, measured on the clock the actor's
// scope was resolved with.
func (v *view) ExpiresSoon(g domain.Grant) bool {
	a := v.Session.Actor
	return a != nil && g.Live(a.At) && g.ExpiresAt != nil && g.ExpiresAt.Sub(a.At) <= expiryWarning
}

// Gated reports whether the signed-in user still has to accept the pledge or enrol a second factor: the
// layout then leaves out the navigation to pages that would only send them back.
func (v *view) Gated() bool {
	a := v.Session.Actor
	return a != nil && (a.PledgeRequired || a.EnrolmentRequired)
}

// OrgAdmin reports whether the signed-in user administers a whole tree of units (holds users.manage on a
// root unit), for the link to the organization's account settings. The service checks that the user's
// scope covers every root when a setting is saved.
func (v *view) OrgAdmin() bool { return v.Session.Actor != nil && orgAdmin(v.Session.Actor) }

func orgAdmin(a *access.Actor) bool {
	for _, g := range a.Grants {
		if len(g.Ancestors) == 0 && a.Scope.Covers(access.ManageUsers, g.UnitID, nil) {
			return true
		}
	}
	return false
}
