package ui_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// A user signed in twice sees both sessions, this one marked, ends the other, then signs out everywhere.
func TestSessionsListAndEnd(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		laptop := w.signIn("officer@example.org")
		phone := w.signIn("officer@example.org")
		page := laptop.mustGet("/account/sessions")
		current := `<span class="badge">` + esc(w.msg("en", "ui.sessions.current")) + `</span>`
		if n := strings.Count(page, "<tr>") - 1; n != 2 || strings.Count(page, current) != 1 {
			t.Fatalf("%d sessions listed, this one marked %d times", n, strings.Count(page, current))
		}
		end := regexp.MustCompile(`action="(/account/sessions/[0-9a-f]{12}/end)"`).FindAllStringSubmatch(page, -1)
		if len(end) != 1 {
			t.Fatalf("%d sessions can be ended, want the other one only", len(end))
		}
		ensureStatus(t, "end the other", laptop.post(end[0][1], nil), http.StatusSeeOther, "/account/sessions")
		ensureStatus(t, "the other browser", phone.get("/contacts"), http.StatusSeeOther, "/login?next=%2Fcontacts")
		laptop.mustGet("/contacts")
		if res := laptop.post(end[0][1], nil); res.status != http.StatusNotFound {
			t.Errorf("ending an ended session: %d", res.status)
		}
		if res := laptop.post("/account/sessions/zzz/end", nil); res.status != http.StatusNotFound {
			t.Errorf("a malformed session id: %d", res.status)
		}
		// Someone else's session is not found either.
		admin, adminElsewhere := w.signIn("admin@example.org"), w.signIn("admin@example.org")
		adminEnd := regexp.MustCompile(`action="(/account/sessions/[0-9a-f]{12}/end)"`).FindAllStringSubmatch(adminElsewhere.mustGet("/account/sessions"), -1)
		if len(adminEnd) != 1 || laptop.post(adminEnd[0][1], nil).status != http.StatusNotFound {
			t.Error("a user can end another user's session")
		}
		admin.mustGet("/contacts")

		second := w.signIn("officer@example.org")
		ensureStatus(t, "everywhere", laptop.post("/account/sessions/end-all", nil), http.StatusSeeOther, "/login")
		for name, b := range map[string]*browser{"this browser": laptop, "another": second} {
			ensureStatus(t, name, b.get("/contacts"), http.StatusSeeOther, "/login?next=%2Fcontacts")
		}
	})
}

// A grant that ends within 14 days is announced on every page of its holder and marked for the admins;
// one that ends later is not.
func TestExpiringGrantsAreAnnounced(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		ctx := context.Background()
		soon, later := w.clock.Now().Add(5*24*time.Hour), w.clock.Now().Add(40*24*time.Hour)
		vera := w.user("vera@example.org", "Vera Volunteer", "en", 0, "")
		must(w.svc.GrantRole(ctx, w.sys, domain.GrantInput{UserID: vera.ID, UnitID: w.munich.ID, Role: access.Viewer, ExpiresAt: &soon}))(t)
		must(w.svc.GrantRole(ctx, w.sys, domain.GrantInput{UserID: vera.ID, UnitID: w.augsburg.ID, Role: access.Viewer, ExpiresAt: &later}))(t)
		b := w.signIn("vera@example.org")
		banner := regexp.MustCompile(`(?s)<div class="notice expiring" role="note">.*?</div>`)
		for _, path := range []string{"/contacts", "/units", "/account"} {
			got := banner.FindString(b.mustGet(path))
			if !strings.Contains(got, "Viewer · München") || strings.Contains(got, "Augsburg") {
				t.Errorf("%s: banner %q, want the München grant only", path, got)
			}
		}
		if got := banner.FindString(w.signIn("officer@example.org").mustGet("/contacts")); got != "" {
			t.Errorf("a user without ending grants sees %q", got)
		}
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/users/" + itoa(vera.ID))
		if n := strings.Count(page, esc(w.msg("en", "ui.expiring.soon"))); n != 1 {
			t.Errorf("the user's page marks %d grants as ending soon, want 1", n)
		}
		list := admin.mustGet("/invitations")
		if !strings.Contains(list, `href="/users/`+itoa(vera.ID)+`">Vera Volunteer</a>`) || strings.Count(list, "Vera Volunteer") != 1 {
			t.Error("the admin's list of roles ending soon does not hold Vera's München grant alone")
		}
		w.clock.Add(6 * 24 * time.Hour)
		if got := banner.FindString(w.signIn("vera@example.org").mustGet("/contacts")); strings.Contains(got, "München") {
			t.Errorf("an expired grant is still announced: %q", got)
		}
	})
}
