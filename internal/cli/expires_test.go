package cli_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestCLIExpiresTakesDateTimes: --expires takes what the API's expires_at takes, an RFC 3339 date-time, and a
// plain date, which lasts through that day in the organization's time zone, as in the web UI.
func TestCLIExpiresTakesDateTimes(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.env["ROSTER_TIMEZONE"] = "Europe/Berlin"
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		s.ok(goodPassword+"\n", "user add", "--email", "ann@example.org", "--name", "Ann", "--password-stdin")
		berlin, _ := time.LoadLocation("Europe/Berlin")
		cases := []struct {
			expires string
			want    time.Time
		}{
			{"2030-06-30", time.Date(2030, 7, 1, 0, 0, 0, 0, berlin)},
			{"2030-06-30T18:00:00+02:00", time.Date(2030, 6, 30, 16, 0, 0, 0, time.UTC)},
			{"2030-06-30T16:30:00Z", time.Date(2030, 6, 30, 16, 30, 0, 0, time.UTC)},
		}
		svc := s.service()
		sys, err := svc.SystemActor(t.Context(), "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			out := s.ok("", "user grant", "--email", "ann@example.org", "--unit", "BV", "--role", "viewer", "--expires", c.expires)
			var id int64
			if _, err := fmt.Sscanf(out, "grant %d:", &id); err != nil {
				t.Fatalf("user grant: %q", out)
			}
			u, err := svc.UserByEmail(t.Context(), sys, "ann@example.org")
			if err != nil {
				t.Fatal(err)
			}
			u, err = svc.User(t.Context(), sys, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(u.Grants, func(g domain.Grant) bool { return g.ID == id })
			if i < 0 {
				t.Fatalf("grant %d not found in %+v", id, u.Grants)
			}
			if g := u.Grants[i]; g.ExpiresAt == nil || !g.ExpiresAt.Equal(c.want) {
				t.Errorf("--expires %s: the grant expires at %v, want %v", c.expires, g.ExpiresAt, c.want)
			}
		}
		if out := s.ok("", "user token", "--email", "ann@example.org", "--name", "laptop", "--expires", "2030-06-30T18:00:00+02:00"); !strings.HasPrefix(out, "rst_") {
			t.Errorf("user token --expires with a date-time: %q", out)
		}
		for _, bad := range []string{"30.06.2030", "2030-06-30 18:00", "tomorrow"} {
			if msg := s.fails(2, "user grant", "--email", "ann@example.org", "--unit", "BV", "--role", "viewer", "--expires", bad); !strings.Contains(msg, "want a date (2027-06-30) or a date and time") {
				t.Errorf("--expires %s: %q", bad, msg)
			}
		}
		if msg := s.fails(1, "user grant", "--email", "ann@example.org", "--unit", "BV", "--role", "viewer", "--expires", "2020-01-01"); !strings.Contains(msg, "in the past") {
			t.Errorf("--expires in the past: %q", msg)
		}
	})
}
