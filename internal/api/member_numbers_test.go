package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The organization's admin sets the member-number pattern through the API: the default and a unit's own
// series; a county manager may not; a bad series is a 422 naming the field.
func TestMemberNumberSeriesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		s1 := itoa(e.units["s1"].ID)
		code, out := e.do("admin", "PUT", "/api/v1/settings/member-numbers", `{"unit_id": `+s1+`, "prefix": "S1-", "next": 1, "last": 9999, "width": 4}`)
		if code != 200 || !strings.Contains(string(out), `"unit_name":"State One"`) {
			t.Fatalf("set a unit's series: %d %s", code, out)
		}
		code, out = e.do("admin", "GET", "/api/v1/settings/member-numbers", nil)
		var list struct {
			Series []struct {
				UnitID int64 `json:"unit_id"`
				Prefix string
				Next   int64
			}
		}
		if err := json.Unmarshal(out, &list); code != 200 || err != nil || len(list.Series) != 2 || list.Series[0].UnitID != 0 ||
			list.Series[1].Prefix != "S1-" {
			t.Fatalf("list: %d %s", code, out)
		}
		// A new member in County One (below State One) gets S1-0001.
		code, out = e.do("admin", "POST", "/api/v1/membership-types", map[string]any{"name": "Member"})
		var typ struct{ ID int64 }
		if err := json.Unmarshal(out, &typ); code != 201 || err != nil {
			t.Fatalf("type: %d %s", code, out)
		}
		code, out = e.do("admin", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": e.units["c1"].ID, "family_name": "Neu"})
		var c struct{ ID int64 }
		if err := json.Unmarshal(out, &c); code != 201 || err != nil {
			t.Fatalf("contact: %d %s", code, out)
		}
		if code, out = e.do("admin", "POST", "/api/v1/contacts/"+itoa(c.ID)+"/memberships", map[string]any{
			"type_id": typ.ID, "start_date": "2026-01-01"}); code != 201 {
			t.Fatalf("membership: %d %s", code, out)
		}
		if _, out = e.do("admin", "GET", "/api/v1/contacts/"+itoa(c.ID), nil); !strings.Contains(string(out), `"member_number":"S1-0001"`) {
			t.Errorf("the new member's number: %s", out)
		}
		if code, got := e.do("m1", "PUT", "/api/v1/settings/member-numbers", `{"unit_id": 0, "next": 5}`); code != 403 {
			t.Errorf("a county manager set the default series: %d %s", code, got)
		}
		code, out = e.do("admin", "PUT", "/api/v1/settings/member-numbers", `{"unit_id": 0, "prefix": "M1", "next": 1}`)
		if code != 422 || !strings.Contains(string(out), `"field":"prefix","code":"prefix_ends_in_digit"`) {
			t.Errorf("a prefix ending in a digit: %d %s", code, out)
		}
		if code, out := e.do("admin", "DELETE", "/api/v1/settings/member-numbers/"+s1, nil); code != 204 {
			t.Errorf("remove: %d %s", code, out)
		}
		if code, _ := e.do("admin", "DELETE", "/api/v1/settings/member-numbers/"+s1, nil); code != 404 {
			t.Errorf("remove again: %d", code)
		}
	})
}
