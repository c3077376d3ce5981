package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A query parameter that is malformed, out of range, unknown, repeated or cannot be combined is a 400 naming
// the parameter with a code and a message, never ignored or clamped: a list asked for has_email=maybe is not
// the whole list.
func TestBadQueryParametersAreRefusedByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		c1, secret := e.units["c1"].ID, e.contact["secret"].ID
		for _, tc := range []struct{ method, path, field, code string }{
			{"GET", "/api/v1/contacts?limit=0", "limit", "out_of_range"},
			{"GET", "/api/v1/contacts?limit=99999", "limit", "out_of_range"},
			{"GET", "/api/v1/contacts?limit=ten", "limit", "invalid_number"},
			{"GET", "/api/v1/contacts?trashed=yes", "trashed", "invalid_boolean"},
			{"GET", "/api/v1/contacts?has_email=maybe", "has_email", "invalid_boolean"},
			{"GET", "/api/v1/contacts?has_phone=2", "has_phone", "invalid_boolean"},
			{"GET", "/api/v1/contacts?sort=age", "sort", "not_one_of"},
			{"GET", "/api/v1/contacts?unit=abc", "unit", "invalid_number"},
			{"GET", "/api/v1/contacts?unit=", "unit", "invalid_number"},
			{"GET", "/api/v1/contacts?trashed=", "trashed", "invalid_boolean"},
			{"GET", "/api/v1/contacts?unit=0", "unit", "out_of_range"},
			{"GET", "/api/v1/contacts?type=1.5", "type", "invalid_number"},
			{"GET", "/api/v1/contacts?status=member", "status", "not_one_of"},
			{"GET", "/api/v1/contacts?status=current,junk", "status", "not_one_of"},
			{"GET", "/api/v1/contacts?joined_from=2024-13-01", "joined_from", "nonexistent_date"},
			{"GET", "/api/v1/contacts?joined_from=1.5.2024", "joined_from", "invalid_date"},
			{"GET", "/api/v1/contacts?joined_from=1500-01-01", "joined_from", "implausible_date"},
			{"GET", "/api/v1/contacts?joined_from=2024-05-01&joined_to=2024-01-01", "joined_to", "before_start"},
			{"GET", "/api/v1/contacts?after=99999999", "after", "invalid_cursor"},
			{"GET", "/api/v1/contacts?tag=a%00b", "tag", "invalid_text"},
			{"GET", "/api/v1/contacts?limt=5", "limt", "unknown_parameter"},
			{"GET", "/api/v1/contacts?status=current&status=new", "status", "duplicate"},
			{"GET", "/api/v1/contacts?q=geh&unit=" + itoa(c1), "unit", "not_with_search"},
			{"GET", "/api/v1/contacts?q=geh&after=" + itoa(secret), "after", "not_with_search"},
			{"GET", "/api/v1/contacts?q=geh&limit=51", "limit", "out_of_range"},
			{"GET", "/api/v1/contacts/count?has_email=maybe", "has_email", "invalid_boolean"},
			{"GET", "/api/v1/contacts/count?q=geh&sort=name", "sort", "not_with_search"},
			{"GET", "/api/v1/contacts/count?limit=5", "limit", "unknown_parameter"},
			{"GET", "/api/v1/contacts/export.csv?trashed=yes", "trashed", "invalid_boolean"},
			{"GET", "/api/v1/contacts/export.xlsx?sort=zzz", "sort", "not_one_of"},
			{"GET", "/api/v1/units?archived=maybe", "archived", "invalid_boolean"},
			{"GET", "/api/v1/duplicates?limit=0", "limit", "out_of_range"},
			{"GET", "/api/v1/duplicates?limit=5000", "limit", "out_of_range"},
			{"GET", "/api/v1/duplicates?unit=abc", "unit", "invalid_number"},
			{"GET", "/api/v1/imports/1/rows?outcome=maybe", "outcome", "not_one_of"},
			{"GET", "/api/v1/imports/1/rows?limit=0", "limit", "out_of_range"},
			{"GET", "/api/v1/audit?limit=501", "limit", "out_of_range"},
			{"GET", "/api/v1/audit?since=yesterday", "since", "invalid_time"},
			{"GET", "/api/v1/audit?actor=me", "actor", "invalid_number"},
			{"GET", "/api/v1/access-requests?pending=perhaps", "pending", "invalid_boolean"},
			{"GET", fmt.Sprintf("/api/v1/units/%d/accreditation?lang=fr", c1), "lang", "not_one_of"},
			{"GET", fmt.Sprintf("/api/v1/contacts/%d/data?format=docx", secret), "format", "not_one_of"},
			{"GET", "/api/v1/tags?sort=name", "sort", "unknown_parameter"},
			{"POST", "/api/v1/archives?parent=abc", "parent", "invalid_number"},
		} {
			code, out := e.do("admin", tc.method, tc.path, nil)
			var body struct {
				Error struct {
					Code   string
					Fields []struct{ Field, Code, Message string }
				}
			}
			_ = json.Unmarshal(out, &body)
			found := false
			for _, f := range body.Error.Fields {
				found = found || f.Field == tc.field && f.Code == tc.code && f.Message != "" && !strings.HasPrefix(f.Message, "error.")
			}
			if code != http.StatusBadRequest || body.Error.Code != "invalid_parameters" || !found {
				t.Errorf("%s %s: %d %s, want 400 with %s %s", tc.method, tc.path, code, out, tc.field, tc.code)
			}
		}
		// The same parameters with good values answer.
		for _, path := range []string{"/api/v1/contacts?limit=1", "/api/v1/contacts?limit=200&trashed=false&has_email=true&has_phone=0",
			"/api/v1/contacts?status=current,none&sort=-name&joined_from=2024-01-01&joined_to=2024-12-31", "/api/v1/contacts?q=geh&limit=50",
			"/api/v1/contacts?q=&sort=name", "/api/v1/contacts?tag=", "/api/v1/contacts/count?q=geh", "/api/v1/units?archived=true", "/api/v1/duplicates?limit=1000",
			"/api/v1/audit?since=2020-01-01&until=2999-01-01T00:00:00Z&limit=500", "/api/v1/access-requests?pending=true"} {
			if code, out := e.do("admin", "GET", path, nil); code != http.StatusOK {
				t.Errorf("GET %s: %d %s", path, code, out)
			}
		}
	})
}

// The count honours the quick search as the list does: the same contacts, within the caller's scope.
func TestCountHonoursTheQuickSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		for _, name := range []string{"Gehrke", "Gehlen", "Gerber"} {
			if code, out := e.do("m1", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": e.units["c1"].ID, "family_name": name,
				"addresses": []any{map[string]any{"postal_code": "11111", "country": "DE"}}}); code != http.StatusCreated {
				t.Fatalf("create %s: %d %s", name, code, out)
			}
		}
		for _, tc := range []struct {
			user, q string
			want    int
		}{
			{"m1", "geh", 3}, {"m1", "ge", 4}, {"m1", "zelda geh", 1}, {"m1", "zelda@example.org", 1}, {"m1", "700001", 1},
			{"m1", "11111", 4}, {"m1", "nobody", 0},
			{"m2", "geh", 0}, {"m2", "11111", 1}, {"m2", "zelda@example.org", 0}, {"m2", "700001", 0},
			{"admin", "11111", 5}, {"admin", "o", 1},
		} {
			_, out := e.do(tc.user, "GET", "/api/v1/contacts/count?q="+strings.ReplaceAll(tc.q, " ", "+"), nil)
			var count struct{ Count int }
			_ = json.Unmarshal(out, &count)
			_, out = e.do(tc.user, "GET", "/api/v1/contacts?q="+strings.ReplaceAll(tc.q, " ", "+"), nil)
			var page struct{ Contacts []json.RawMessage }
			_ = json.Unmarshal(out, &page)
			if count.Count != tc.want || len(page.Contacts) != tc.want {
				t.Errorf("%s q=%q: count %d, list %d, want %d", tc.user, tc.q, count.Count, len(page.Contacts), tc.want)
			}
		}
	})
}
