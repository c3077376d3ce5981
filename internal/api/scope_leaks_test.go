package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/api"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestListsLeaveNoTraceOfContactsOutOfScope is a black-box probe of every GET endpoint (and the duplicate
// check) by the officers of County Two, after County One's contact Zelda got a tag and Wanda, whom County
// Two's admin created, tagged and annotated, moved to County One. No answer may carry the name, e-mail
// address, member number, tag or note of either — lists, counts, suggestions, exports, archives, duplicates,
// saved lists, the audit trail and histories alike.
func TestListsLeaveNoTraceOfContactsOutOfScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		sys, _ := e.svc.SystemActor(ctx, "test")
		a2 := e.userWithToken("a2", "c2", access.Admin)
		c1, c2 := e.units["c1"].ID, e.units["c2"].ID
		wanda, err := e.svc.CreateContact(ctx, a2, domain.ContactInput{HomeUnitID: &c2, GivenName: ptr("Wanda"),
			FamilyName: ptr("Wanderer"), Emails: &[]domain.Email{{Address: "wanda@example.org"}},
			Addresses: &[]domain.Address{{PostalCode: "22222", City: "Twotown", Country: "DE"}}})
		if err != nil {
			t.Fatal(err)
		}
		steps := []error{
			func() error {
				_, _, err := e.svc.TagContacts(ctx, a2, []int64{wanda.ID}, "Wanderlust", true)
				return err
			}(),
			func() error { _, err := e.svc.AddNote(ctx, a2, wanda.ID, "Wanda's secret note"); return err }(),
			func() error {
				_, _, err := e.svc.TagContacts(ctx, sys, []int64{e.contact["secret"].ID}, "Geheimtipp", true)
				return err
			}(),
			func() error {
				_, err := e.svc.UpdateContact(ctx, sys, wanda.ID, domain.ContactInput{HomeUnitID: &c1})
				return err
			}(),
			func() error { _, err := e.svc.SaveList(ctx, a2, "Twos", domain.ContactFilter{UnitID: c2}); return err }(),
		}
		for _, err := range steps {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.RefreshUnitCounts(ctx); err != nil {
			t.Fatal(err)
		}
		secrets := []string{"Zelda", "Geheimnis", "zelda@", "700001", "Geheimtipp", "Wanda", "Wanderer", "wanda@",
			"Wanderlust", "secret note"}
		ids := map[string][]string{
			"/api/v1/contacts/": {itoa(e.contact["open"].ID), itoa(e.contact["secret"].ID), itoa(wanda.ID)},
			"/api/v1/units/":    {itoa(c2), itoa(c1)},
			"/api/v1/users/":    {itoa(e.userIDs["m1"]), itoa(e.userIDs["a2"])},
		}
		var paths []string
		cat, _ := i18n.Load()
		for _, rt := range api.New(e.svc, cat, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Routes() {
			if rt.Method != "GET" || rt.Public {
				continue
			}
			paths = append(paths, expandPath(rt.Path, ids)...)
		}
		for _, list := range []string{"/api/v1/contacts", "/api/v1/contacts/count", "/api/v1/contacts/export.csv",
			"/api/v1/contacts/export.xlsx"} {
			for _, q := range []string{"q=Zelda", "q=wanda%40example.org", "q=700001", "tag=Geheimtipp", "tag=Wanderlust",
				"q=Wanderer", "unit=" + itoa(c1)} {
				paths = append(paths, list+"?"+q)
			}
		}
		paths = append(paths, "/api/v1/audit?limit=500", "/api/v1/duplicates?unit="+itoa(c2))
		for _, user := range []string{"a2", "m2"} {
			for _, path := range paths {
				code, out := e.do(user, "GET", path, nil)
				if code >= 500 {
					t.Errorf("GET %s as %s: %d %s", path, user, code, out)
				}
				assertNoSecret(t, user+" GET "+path, out, secrets)
			}
			for _, probe := range []map[string]any{
				{"family_name": "Geheimnis", "emails": []map[string]any{{"address": "zelda@example.org"}}, "member_number": "700001"},
				{"family_name": "Wanderer", "emails": []map[string]any{{"address": "wanda@example.org"}},
					"addresses": []map[string]any{{"postal_code": "22222"}}},
			} {
				_, out := e.do(user, "POST", "/api/v1/contacts/duplicates", probe)
				assertNoSecret(t, user+" POST /api/v1/contacts/duplicates", out, secrets)
			}
		}
		// The county admin still sees that Wanda's record was changed in their county.
		_, out := e.do("a2", "GET", "/api/v1/audit?entity_type=contact", nil)
		var page struct{ Entries []domain.AuditEntry }
		if err := json.Unmarshal(out, &page); err != nil {
			t.Fatal(err)
		}
		withheld := 0
		for _, en := range page.Entries {
			if en.ContactID == wanda.ID && en.Withheld {
				withheld++
			}
		}
		if withheld != 2 {
			t.Errorf("audit of County Two: %d withheld entries about Wanda, want 2 (created, tagged): %s", withheld, out)
		}
	})
}

// expandPath fills a route's path parameters with each of the given ids for its prefix ("11111" for a postal
// code); a route whose parameter has no ids is probed with id 1.
func expandPath(path string, ids map[string][]string) []string {
	if strings.Contains(path, "{code}") {
		return []string{strings.Replace(path, "{code}", "11111", 1)}
	}
	if !strings.Contains(path, "{id}") {
		return []string{path}
	}
	for prefix, list := range ids {
		if strings.HasPrefix(path, prefix) {
			var out []string
			for _, id := range list {
				out = append(out, strings.Replace(path, "{id}", id, 1))
			}
			return out
		}
	}
	return []string{strings.Replace(path, "{id}", "1", 1)}
}

// assertNoSecret fails when body — or, for a zip file (an archive, a workbook), any file in it — contains one
// of the secrets.
func assertNoSecret(t *testing.T, what string, body []byte, secrets []string) {
	t.Helper()
	text := string(body)
	if zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err == nil {
		var b strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(&b, rc)
			rc.Close()
		}
		text = b.String()
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s shows %q of a contact out of scope", what, s)
		}
	}
}

// userWithToken adds a user with one grant and an API token under key, and returns the user as an actor.
func (e *env) userWithToken(key, unit, role string) *access.Actor {
	e.t.Helper()
	ctx := context.Background()
	sys, _ := e.svc.SystemActor(ctx, "test")
	email := key + "@example.org"
	u, err := e.svc.CreateUser(ctx, sys, domain.UserInput{Email: &email, Name: ptr("User " + key)})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.GrantRole(ctx, sys, domain.GrantInput{UserID: u.ID, UnitID: e.units[unit].ID, Role: role}); err != nil {
		e.t.Fatal(err)
	}
	a, err := e.svc.ActorFor(ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.svc.CreateAPIToken(ctx, a, "test", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[key], e.userIDs[key] = tok.Secret, u.ID
	return a
}
