package api_test

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestEveryOperationAnswersAsDocumented calls the operations that other tests leave out, once each with a
// good request, so that the contract check holds their responses to the document too: a schema that says
// less or other than the server sends fails here, not in an integrator's client.
func TestEveryOperationAnswersAsDocumented(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		call := func(user, method, path string, body any, want int) map[string]any {
			t.Helper()
			code, out := e.do(user, method, path, body)
			if code != want {
				t.Fatalf("%s %s: %d %s, want %d", method, path, code, out, want)
			}
			var v map[string]any
			_ = json.Unmarshal(out, &v)
			return v
		}
		id := func(v map[string]any) string { return fmt.Sprint(int64(v["id"].(float64))) }
		c1 := itoa(e.units["c1"].ID)
		secret, open := itoa(e.contact["secret"].ID), itoa(e.contact["open"].ID)

		// Me: tokens, sessions, grants about to expire.
		tok := call("m1", "POST", "/api/v1/me/tokens", map[string]any{"name": "laptop", "expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, 201)
		if tok["token"] == "" {
			t.Errorf("a new token without its secret: %v", tok)
		}
		call("m1", "GET", "/api/v1/me/sessions", nil, 200)
		call("m1", "DELETE", "/api/v1/me/sessions/nosuchsession", nil, 404)
		call("m1", "GET", "/api/v1/me/expiring-grants", nil, 200)
		call("m1", "GET", "/api/v1/me/second-factors", nil, 200)

		// Units: create, read, rename, postal codes, access, archive and restore, counts.
		unit := call("admin", "POST", "/api/v1/units", map[string]any{"parent_id": e.units["c1"].ID, "name": "Ward", "kind": "ward", "code": "W1"}, 201)
		ward := id(unit)
		if got := call("admin", "GET", "/api/v1/units/"+ward, nil, 200); len(got["path"].([]any)) != 3 {
			t.Errorf("a ward's path: %v", got["path"])
		}
		call("admin", "PATCH", "/api/v1/units/"+ward, map[string]any{"name": "Ward One"}, 200)
		call("admin", "POST", "/api/v1/units/"+ward+"/postal-codes", []any{map[string]any{"postal_code": "22222", "place": "Wardville"}}, 204)
		call("admin", "GET", "/api/v1/units/"+ward+"/postal-codes", nil, 200)
		call("admin", "GET", "/api/v1/postal-codes/22222/units", nil, 200)
		call("admin", "GET", "/api/v1/units/"+c1+"/access", nil, 200)
		call("admin", "POST", "/api/v1/units/"+ward+"/archive", nil, 204)
		call("admin", "GET", "/api/v1/units?archived=true", nil, 200)
		call("admin", "POST", "/api/v1/units/"+ward+"/restore", nil, 204)
		call("admin", "GET", "/api/v1/units/counts", nil, 200)

		// Contacts: duplicates, tags, saved lists, history, notes, relationships, trash and restore.
		call("m1", "POST", "/api/v1/contacts/duplicates", map[string]any{"emails": []any{map[string]any{"address": "zelda@example.org"}}}, 200)
		call("m1", "POST", "/api/v1/contacts/tags", map[string]any{"ids": []int64{e.contact["secret"].ID}, "tag": "volunteer"}, 200)
		call("m1", "GET", "/api/v1/tags", nil, 200)
		list := call("m1", "POST", "/api/v1/lists", map[string]any{"name": "Volunteers", "filter": map[string]any{"tag": "volunteer", "statuses": []string{"none"}, "joined_from": "2020-01-01"}}, 201)
		call("m1", "GET", "/api/v1/lists", nil, 200)
		call("m1", "DELETE", "/api/v1/lists/"+id(list), nil, 204)
		call("m1", "GET", "/api/v1/contacts/"+secret+"/history", nil, 200)
		call("m1", "POST", "/api/v1/contacts/"+secret+"/notes", map[string]any{"body": "Called back."}, 201)
		call("m1", "GET", "/api/v1/contacts/"+secret+"/notes", nil, 200)
		other := call("m1", "POST", "/api/v1/contacts", map[string]any{"home_unit_id": e.units["c1"].ID, "given_name": "Zeno", "family_name": "Geheimnis", "birth_date": "1990-02-03"}, 201)
		rel := call("m1", "POST", "/api/v1/contacts/"+secret+"/relationships", map[string]any{"other_contact_id": other["id"], "kind": "parent"}, 201)
		call("m1", "GET", "/api/v1/contacts/"+id(other)+"/relationships", nil, 200)
		call("m1", "DELETE", "/api/v1/relationships/"+id(rel), nil, 204)
		call("m1", "PATCH", "/api/v1/contacts/"+id(other), map[string]any{"birth_date": ""}, 200)
		call("m1", "DELETE", "/api/v1/contacts/"+id(other), nil, 204)
		call("m1", "GET", "/api/v1/contacts?trashed=true", nil, 200)
		call("m1", "POST", "/api/v1/contacts/"+id(other)+"/restore", nil, 204)
		call("m1", "GET", "/api/v1/contacts/export.csv?has_email=true", nil, 200)
		call("m1", "GET", "/api/v1/contacts/"+secret+"/data?format=json", nil, 200)

		// Memberships: a type, a period, a change of it.
		typ := call("admin", "POST", "/api/v1/membership-types", map[string]any{"name": "Member", "duration_months": 12, "grace_days": 30, "new_days": 90, "voting": true, "requires_dues": true, "active": true}, 201)
		call("admin", "PATCH", "/api/v1/membership-types/"+id(typ), map[string]any{"grace_days": 60}, 200)
		call("admin", "GET", "/api/v1/membership-types", nil, 200)
		m := call("m1", "POST", "/api/v1/contacts/"+secret+"/memberships", map[string]any{"type_id": typ["id"], "start_date": "2024-01-01", "join_method": "online"}, 201)
		call("m1", "PATCH", "/api/v1/memberships/"+id(m), map[string]any{"paid_until": "2099-12-31"}, 200)
		call("m1", "GET", "/api/v1/contacts/"+secret+"/memberships", nil, 200)
		if got := call("m1", "GET", "/api/v1/contacts/"+secret, nil, 200); got["membership"] == nil {
			t.Errorf("a member without a membership summary: %v", got)
		}

		// Users and grants.
		call("admin", "GET", "/api/v1/users", nil, 200)
		user := call("admin", "POST", "/api/v1/users", map[string]any{"email": "new@example.org", "name": "New Person", "language": "de"}, 201)
		call("admin", "GET", "/api/v1/users/"+id(user), nil, 200)
		call("admin", "PATCH", "/api/v1/users/"+id(user), map[string]any{"name": "Newer Person"}, 200)
		grant := call("admin", "POST", "/api/v1/grants", map[string]any{"user_id": user["id"], "unit_id": e.units["s1"].ID, "role": "viewer"}, 201)
		call("admin", "DELETE", "/api/v1/grants/"+id(grant), nil, 204)
		call("admin", "POST", "/api/v1/users/"+id(user)+"/reset-factors", nil, 204)
		call("admin", "GET", "/api/v1/audit?entity_type=contact&limit=5", nil, 200)

		// Accounts: a second factor, the policy, invitations, access requests.
		enrol := call("m1", "POST", "/api/v1/me/totp", nil, 200)
		raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(enrol["secret"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		codes := call("m1", "POST", "/api/v1/me/totp/confirm", map[string]any{"code": totp.Default().At(raw, time.Now())}, 200)
		if len(codes["recovery_codes"].([]any)) == 0 {
			t.Errorf("no recovery codes: %v", codes)
		}
		call("m1", "POST", "/api/v1/me/recovery-codes", nil, 200)
		call("admin", "PUT", "/api/v1/settings/second-factor", map[string]any{"policy": ""}, 200)
		inv := call("admin", "POST", "/api/v1/invitations", map[string]any{"email": "guest@example.org", "name": "Guest", "grants": []any{map[string]any{"unit_id": e.units["c2"].ID, "role": "viewer"}}}, 201)
		call("admin", "GET", "/api/v1/invitations", nil, 200)
		call("admin", "DELETE", "/api/v1/invitations/"+id(inv), nil, 204)
		req := call("m1", "POST", "/api/v1/access-requests", map[string]any{"email": "helper@example.org", "name": "Helper", "unit": map[string]any{"id": e.units["c1"].ID}, "role": "viewer", "decision_text": "Board decision of 1 May"}, 201)
		call("m1", "POST", "/api/v1/access-requests", map[string]any{"email": "x@example.org", "name": "X", "unit": map[string]any{"id": e.units["c1"].ID}, "role": "viewer", "decision_text": "Board", "status": "approved"}, 422)
		call("admin", "GET", "/api/v1/access-requests?pending=true", nil, 200)
		call("admin", "POST", "/api/v1/access-requests/"+id(req)+"/decision", map[string]any{"approve": false, "reason": "Not a member."}, 200)

		// Imports: the list.
		call("m1", "GET", "/api/v1/imports", nil, 200)

		// Last, the endings: sessions, and the other county's contact still out of reach.
		call("m1", "DELETE", "/api/v1/me/sessions", nil, 204)
		call("m1", "GET", "/api/v1/contacts/"+open, nil, 404)
	})
}
