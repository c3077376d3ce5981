package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An admin of the whole organization publishes the pledge and requires a second factor of managers;
// a county officer has no such settings.
func TestAccountSettings(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		officer := w.signIn("officer@example.org")
		if res := officer.get("/settings/accounts"); res.status != http.StatusForbidden {
			t.Errorf("an officer opens the settings: %d", res.status)
		}
		if res := officer.post("/settings/accounts/second-factor", url.Values{"policy": {"all"}}); res.status != http.StatusForbidden {
			t.Errorf("an officer sets the policy: %d", res.status)
		}
		if page := officer.mustGet("/contacts"); strings.Contains(page, `href="/settings/accounts"`) {
			t.Error("an officer is offered the settings")
		}

		admin := w.signIn("admin@example.org")
		if page := admin.mustGet("/contacts"); !strings.Contains(page, `href="/settings/accounts"`) {
			t.Error("the admin is not offered the settings")
		}
		page := admin.mustGet("/settings/accounts")
		if !strings.Contains(page, esc(w.msg("en", "ui.settings.pledge_none"))) || !strings.Contains(page, `id="policy-none" name="policy" value="none" checked`) {
			t.Error("the settings page does not show that there is no pledge and no second-factor rule")
		}
		res := admin.post("/settings/accounts/pledge", url.Values{"title": {""}, "body": {"Text"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "title") == "" || !strings.Contains(res.body, ">Text</textarea>") {
			t.Fatalf("pledge without title: %d", res.status)
		}
		ensureStatus(t, "publish", admin.post("/settings/accounts/pledge", url.Values{"title": {"Pledge"}, "body": {"First.\n\nSecond."}}),
			http.StatusSeeOther, "/settings/accounts")
		if p, ok := must2(w.svc.CurrentPledge(ctx))(t); !ok || p.Title != "Pledge" || p.Version != 1 {
			t.Errorf("published: %+v %v", p, ok)
		}
		// The admin accepts the new version like everyone else before going on.
		ensureStatus(t, "after publishing", admin.get("/settings/accounts"), http.StatusSeeOther, "/pledge?next=%2Fsettings%2Faccounts")
		admin.post("/pledge", url.Values{"version": {"1"}, "accept": {"1"}})

		res = admin.post("/settings/accounts/second-factor", url.Values{"policy": {"roles"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, esc(w.msg("en", "ui.settings.pick_roles"))) {
			t.Fatalf("roles without a role: %d", res.status)
		}
		ensureStatus(t, "policy", admin.post("/settings/accounts/second-factor", url.Values{"policy": {"roles"}, "roles": {"manager", "admin"}}),
			http.StatusSeeOther, "/settings/accounts")
		if policy := must(w.svc.SecondFactorPolicy(ctx))(t); policy != "manager,admin" {
			t.Errorf("policy saved: %q", policy)
		}
		ensureStatus(t, "the admin, now required to enrol", admin.get("/settings/accounts"), http.StatusSeeOther,
			"/account/second-factor?next=%2Fsettings%2Faccounts")
		w.enrolTOTP(admin)
		page = admin.mustGet("/settings/accounts")
		if !strings.Contains(page, `id="role-manager" name="roles" value="manager" checked`) || strings.Contains(page, `id="role-viewer" name="roles" value="viewer" checked`) {
			t.Error("the page does not show the roles that must use a second factor")
		}
	})
}

// must2 is must for functions with two results and an error.
func must2[A, B any](a A, b B, err error) func(testing.TB) (A, B) {
	return func(t testing.TB) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
