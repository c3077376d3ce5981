package ui

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// The organization's account settings, for admins of the whole tree: the data-protection pledge (each
// publication is a new version that everyone accepts again) and who must use a second factor.

type accountSettingsData struct {
	Pledge       domain.Pledge
	HasPledge    bool
	Title, Body  string // the form for the next version, starting from the current text
	PolicyMode   string // none, all or roles
	PolicyRoles  []string
	Roles        []string
	RolesChecked map[string]bool
}

func (u *UI) accountSettingsPage(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderAccountSettings(w, r, s, http.StatusOK, nil, nil)
}

// renderAccountSettings shows the page; edit restores a form that was refused, with err's problems.
func (u *UI) renderAccountSettings(w http.ResponseWriter, r *http.Request, s *session, status int,
	edit func(*accountSettingsData), err error) {
	if !orgAdmin(s.Actor) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	p, ok, lerr := u.svc.CurrentPledge(r.Context())
	var policy string
	if lerr == nil {
		policy, lerr = u.svc.SecondFactorPolicy(r.Context())
	}
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d := accountSettingsData{Pledge: p, HasPledge: ok, Title: p.Title, Body: p.Body, Roles: access.Roles()}
	d.PolicyMode, d.PolicyRoles = policyForm(policy)
	if edit != nil {
		edit(&d)
	}
	d.RolesChecked = map[string]bool{}
	for _, role := range d.PolicyRoles {
		d.RolesChecked[role] = true
	}
	v := u.newView(r, s, "ui.settings.title")
	v.Nav = "settings"
	v.Data = d
	if err != nil && !v.setProblems(err, sameName) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "settings_accounts")
}

// policyForm splits the stored policy ("", "all" or "manager,admin") into the form's choice and roles.
func policyForm(policy string) (string, []string) {
	switch policy {
	case "":
		return "none", nil
	case "all":
		return "all", nil
	}
	var roles []string
	for _, r := range strings.Split(policy, ",") {
		roles = append(roles, strings.TrimSpace(r))
	}
	return "roles", roles
}

// pledgePublish publishes a new version of the pledge. The admin, like everyone, accepts it before the
// next page with contact data.
func (u *UI) pledgePublish(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	title, body := r.PostForm.Get("title"), r.PostForm.Get("body")
	_, err := u.svc.PublishPledge(r.Context(), s.Actor, title, body)
	u.settingsDone(w, r, s, "pledge_published", err, func(d *accountSettingsData) { d.Title, d.Body = title, body })
}

// secondFactorPolicySave stores who must use a second factor: nobody, everyone, or the roles ticked.
func (u *UI) secondFactorPolicySave(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	mode, roles := r.PostForm.Get("policy"), r.PostForm["roles"]
	var policy string
	var err error
	switch mode {
	case "none":
	case "all":
		policy = "all"
	case "roles":
		roles = slices.DeleteFunc(slices.Clone(roles), func(role string) bool { return role == "" })
		if len(roles) == 0 {
			err = domain.Invalid("roles", "ui.settings.pick_roles")
		}
		policy = strings.Join(roles, ",")
	default:
		err = domain.Invalid("policy", "invalid_choice")
	}
	if err == nil {
		err = u.svc.SetSecondFactorPolicy(r.Context(), s.Actor, policy)
	}
	u.settingsDone(w, r, s, "policy_saved", err, func(d *accountSettingsData) { d.PolicyMode, d.PolicyRoles = mode, roles })
}

func (u *UI) settingsDone(w http.ResponseWriter, r *http.Request, s *session, flash string, err error, edit func(*accountSettingsData)) {
	switch {
	case err == nil:
		u.redirect(w, r, "/settings/accounts", flash)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderAccountSettings(w, r, s, http.StatusUnprocessableEntity, edit, err)
	default:
		u.fail(w, r, s, err)
	}
}
