package api_test

import (
	"encoding/json"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A date the calendar does not have, or one written wrongly, is a 422 naming the field it was sent in — the
// contact's birth_date, a membership's start_date, a grant's expires_at — with the value in the message; never
// a field called "date" or a 400 "invalid_json". A missing home unit says that one is required.
func TestImpossibleDatesNameTheirField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		c1 := itoa(e.units["c1"].ID)
		contact := "/api/v1/contacts/" + itoa(e.contact["secret"].ID)
		cases := []struct {
			name, method, path, body string
			field, code, message     string
		}{
			{"birth date", "POST", "/api/v1/contacts", `{"home_unit_id": ` + c1 + `, "family_name": "X", "birth_date": "2023-02-30"}`,
				"birth_date", "nonexistent_date", "This date does not exist: 2023-02-30."},
			{"birth date, edited", "PATCH", contact, `{"birth_date": "1990-13-01"}`, "birth_date", "nonexistent_date", ""},
			{"date of death, malformed", "PATCH", contact, `{"deceased_on": "yesterday"}`, "deceased_on", "invalid_date", ""},
			{"membership start", "POST", contact + "/memberships", `{"type_id": 1, "start_date": "2026-04-31"}`,
				"start_date", "nonexistent_date", "This date does not exist: 2026-04-31."},
			{"membership end", "POST", contact + "/memberships", `{"type_id": 1, "start_date": "2026-04-01", "end_date": "2027-02-29"}`,
				"end_date", "nonexistent_date", ""},
			{"grant expiry", "POST", "/api/v1/grants", `{"user_id": ` + itoa(e.userIDs["m1"]) + `, "unit_id": ` + c1 +
				`, "role": "viewer", "expires_at": "2030-02-30T00:00:00Z"}`, "expires_at", "nonexistent_date", ""},
			{"grant expiry, malformed", "POST", "/api/v1/grants", `{"user_id": ` + itoa(e.userIDs["m1"]) + `, "unit_id": ` + c1 +
				`, "role": "viewer", "expires_at": "soon"}`, "expires_at", "invalid_time", ""},
			{"no home unit", "POST", "/api/v1/contacts", `{"family_name": "X"}`, "home_unit_id", "home_unit_required",
				"A home unit is required: choose the unit this person belongs to."},
		}
		for _, tc := range cases {
			code, out := e.do("admin", tc.method, tc.path, tc.body)
			var body struct {
				Error struct {
					Code   string
					Fields []struct{ Field, Code, Message string }
				}
			}
			_ = json.Unmarshal(out, &body)
			if code != 422 || body.Error.Code != "validation_failed" || len(body.Error.Fields) != 1 {
				t.Errorf("%s: %d %s, want 422 with one field error", tc.name, code, out)
				continue
			}
			f := body.Error.Fields[0]
			if f.Field != tc.field || f.Code != tc.code || tc.message != "" && f.Message != tc.message {
				t.Errorf("%s: field error %+v, want %s %s %q", tc.name, f, tc.field, tc.code, tc.message)
			}
		}
	})
}
