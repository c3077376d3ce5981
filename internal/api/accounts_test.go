package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestPledgeGatesEveryDataRoute: once a pledge is published, a user who has not accepted it gets a clear
// 403 on every data route, while the routes that lead to accepting it keep working.
func TestPledgeGatesEveryDataRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		code, out := e.do("admin", "POST", "/api/v1/pledge", map[string]any{"title": "Data protection", "body": "I keep it confidential."})
		if code != 201 {
			t.Fatalf("publish: %d %s", code, out)
		}
		var p struct{ Version int }
		_ = json.Unmarshal(out, &p)
		for _, path := range []string{"/api/v1/contacts", "/api/v1/contacts/" + itoa(e.contact["secret"].ID), "/api/v1/units",
			"/api/v1/contacts/count", "/api/v1/contacts/export.csv", "/api/v1/lists"} {
			code, out := e.do("m1", "GET", path, nil)
			if code != 403 || !strings.Contains(string(out), `"pledge_required"`) || strings.Contains(string(out), "Geheimnis") {
				t.Errorf("GET %s before accepting: %d %s", path, code, out)
			}
		}
		if code, out := e.do("m1", "GET", "/api/v1/pledge", nil); code != 200 || !strings.Contains(string(out), `"required":true`) {
			t.Fatalf("pledge: %d %s", code, out)
		}
		if code, _ := e.do("m1", "GET", "/api/v1/me", nil); code != 200 {
			t.Fatalf("me before accepting: %d", code)
		}
		if code, out := e.do("m1", "POST", "/api/v1/pledge/accept", map[string]any{"version": p.Version + 1}); code != 422 {
			t.Fatalf("accepting a version that does not exist: %d %s", code, out)
		}
		if code, out := e.do("m1", "POST", "/api/v1/pledge/accept", map[string]any{"version": p.Version}); code != 204 {
			t.Fatalf("accept: %d %s", code, out)
		}
		if code, out := e.do("m1", "GET", "/api/v1/contacts/"+itoa(e.contact["secret"].ID), nil); code != 200 {
			t.Fatalf("after accepting: %d %s", code, out)
		}
		// The publisher, too, must accept its own new version before working.
		if code, _ := e.do("admin", "GET", "/api/v1/contacts", nil); code != 403 {
			t.Fatalf("admin before accepting: %d", code)
		}
	})
}
