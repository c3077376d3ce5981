package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// Sharing a list through the API: the officers of the unit and above get it, the other county's manager gets
// the same 404 as for a list that does not exist, with no trace of its name or owner.
func TestSharedListsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.userWithToken("v1", "c1", access.Viewer)
		c1 := e.units["c1"].ID
		status, body := e.do("m1", http.MethodPost, "/api/v1/lists", map[string]any{"name": "Geheime Delegierte",
			"filter": map[string]any{"unit_id": c1}})
		if status != http.StatusCreated {
			t.Fatalf("save: %d %s", status, body)
		}
		var l domain.SavedList
		if err := json.Unmarshal(body, &l); err != nil || !l.Mine || l.SharedWith != nil {
			t.Fatalf("saved: %s %v", body, err)
		}
		path := fmt.Sprintf("/api/v1/lists/%d", l.ID)
		if status, _ := e.do("v1", http.MethodGet, path, nil); status != http.StatusNotFound {
			t.Errorf("a personal list read by a colleague: %d", status)
		}
		if status, body := e.do("m1", http.MethodPut, path+"/share", map[string]any{"unit_id": e.units["c2"].ID}); status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(body), `"unit_id"`) {
			t.Errorf("shared with a unit out of scope: %d %s", status, body)
		}
		status, body = e.do("m1", http.MethodPut, path+"/share", map[string]any{"unit_id": c1})
		if err := json.Unmarshal(body, &l); status != http.StatusOK || err != nil || l.SharedWith == nil || l.SharedWith.ID != c1 {
			t.Fatalf("share: %d %s", status, body)
		}
		for user, want := range map[string]int{"m1": http.StatusOK, "v1": http.StatusOK, "admin": http.StatusOK, "m2": http.StatusNotFound} {
			status, body := e.do(user, http.MethodGet, path, nil)
			if status != want {
				t.Errorf("%s GET %s: %d, want %d", user, path, status, want)
			}
			_, listing := e.do(user, http.MethodGet, "/api/v1/lists", nil)
			seen := strings.Contains(string(listing), "Geheime Delegierte")
			if want == http.StatusNotFound && (seen || strings.Contains(string(body), "Geheime") || strings.Contains(string(body), "User m1")) {
				t.Errorf("%s sees a trace of the list: %s / %s", user, body, listing)
			}
			if want == http.StatusOK && !seen {
				t.Errorf("%s does not find the shared list", user)
			}
		}
		missing := fmt.Sprintf("/api/v1/lists/%d", l.ID+1000)
		_, other := e.do("m2", http.MethodGet, path, nil)
		if _, none := e.do("m2", http.MethodGet, missing, nil); string(other) != string(none) {
			t.Errorf("an out-of-scope list differs from a missing one: %s vs %s", other, none)
		}
		for user, want := range map[string]int{"v1": http.StatusForbidden, "m2": http.StatusNotFound} {
			if status, _ := e.do(user, http.MethodDelete, path, nil); status != want {
				t.Errorf("%s DELETE: %d, want %d", user, status, want)
			}
			if status, _ := e.do(user, http.MethodDelete, path+"/share", nil); status != want {
				t.Errorf("%s unshare: %d, want %d", user, status, want)
			}
		}
		status, body = e.do("m1", http.MethodDelete, path+"/share", nil)
		if err := json.Unmarshal(body, &l); status != http.StatusOK || err != nil || l.SharedWith != nil {
			t.Fatalf("unshare: %d %s", status, body)
		}
		if status, _ := e.do("v1", http.MethodGet, path, nil); status != http.StatusNotFound {
			t.Errorf("an unshared list still reaches the colleague: %d", status)
		}
	})
}
