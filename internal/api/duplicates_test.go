package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A county manager merges a duplicate in their county through the API, cannot merge or dismiss with a contact
// of another county (404, and that contact is untouched), and a stale version is refused.
func TestMergeAndDismissThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		sys, _ := e.svc.SystemActor(ctx, "test")
		secret, open := e.contact["secret"], e.contact["open"]
		home := e.units["c1"].ID
		dup, err := e.svc.CreateContact(ctx, sys, domain.ContactInput{HomeUnitID: &home, GivenName: ptr("Zelda"),
			FamilyName: ptr("Geheimnis"), Emails: &[]domain.Email{{Address: "zelda@example.org"}, {Address: "z2@example.org"}}})
		if err != nil {
			t.Fatal(err)
		}
		status, body := e.do("m1", http.MethodGet, "/api/v1/duplicates", nil)
		if status != http.StatusOK || !strings.Contains(string(body), fmt.Sprintf(`"a":%d,"b":%d`, secret.ID, dup.ID)) {
			t.Fatalf("the pair is not listed: %d %s", status, body)
		}
		for _, tc := range []struct {
			path string
			body any
		}{
			{"/api/v1/duplicates/merge", map[string]any{"survivor": secret.ID, "other": open.ID, "versions": []int{secret.Version, open.Version}}},
			{"/api/v1/duplicates/merge", map[string]any{"survivor": open.ID, "other": secret.ID, "versions": []int{open.Version, secret.Version}}},
			{"/api/v1/duplicates/dismiss", map[string]any{"a": secret.ID, "b": open.ID}},
		} {
			status, body := e.do("m1", http.MethodPost, tc.path, tc.body)
			if status != http.StatusNotFound || strings.Contains(string(body), "Offen") {
				t.Errorf("POST %s with the other county's contact: %d %s", tc.path, status, body)
			}
		}
		if status, body := e.do("admin", http.MethodGet, fmt.Sprintf("/api/v1/contacts/%d", open.ID), nil); status != http.StatusOK || !strings.Contains(string(body), "Offen") {
			t.Fatalf("the other county's contact after the refused merge: %d %s", status, body)
		}
		merge := map[string]any{"survivor": secret.ID, "other": dup.ID, "versions": []int{secret.Version + 1, dup.Version}}
		if status, body := e.do("m1", http.MethodPost, "/api/v1/duplicates/merge", merge); status != http.StatusConflict {
			t.Fatalf("merge with a stale version: %d %s", status, body)
		}
		merge["versions"] = []int{secret.Version, dup.Version}
		merge["take"] = []string{"no_such_field"}
		if status, body := e.do("m1", http.MethodPost, "/api/v1/duplicates/merge", merge); status != http.StatusUnprocessableEntity {
			t.Fatalf("merge taking an unknown field: %d %s", status, body)
		}
		delete(merge, "take")
		status, body = e.do("m1", http.MethodPost, "/api/v1/duplicates/merge", merge)
		var merged domain.Contact
		if status != http.StatusOK || json.Unmarshal(body, &merged) != nil || merged.ID != secret.ID || len(merged.Emails) != 2 {
			t.Fatalf("merge: %d %s", status, body)
		}
		if status, _ := e.do("m1", http.MethodGet, fmt.Sprintf("/api/v1/contacts/%d", dup.ID), nil); status != http.StatusNotFound {
			t.Errorf("the merged contact still answers: %d", status)
		}
		if status, body := e.do("m1", http.MethodGet, "/api/v1/duplicates", nil); status != http.StatusOK || !strings.Contains(string(body), `"total":0`) {
			t.Errorf("duplicates after the merge: %d %s", status, body)
		}
		// A pair marked as not duplicates stays out of the list.
		twin, err := e.svc.CreateContact(ctx, sys, domain.ContactInput{HomeUnitID: &home, GivenName: ptr("Zelda"),
			FamilyName: ptr("Geheimnis"), Emails: &[]domain.Email{{Address: "zelda@example.org"}}})
		if err != nil {
			t.Fatal(err)
		}
		if status, body := e.do("m1", http.MethodPost, "/api/v1/duplicates/dismiss", map[string]any{"a": twin.ID, "b": secret.ID}); status != http.StatusOK {
			t.Fatalf("dismiss: %d %s", status, body)
		}
		if status, body := e.do("m1", http.MethodGet, "/api/v1/duplicates", nil); status != http.StatusOK || !strings.Contains(string(body), `"total":0`) {
			t.Errorf("duplicates after dismissing: %d %s", status, body)
		}
	})
}

// An admin loads a unit archive through the API below a unit of theirs; a county manager may not place one
// (the parent is outside what they manage), and a file that is not an archive is refused with nothing written.
func TestLoadArchiveThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		status, zip := e.do("admin", http.MethodGet, fmt.Sprintf("/api/v1/units/%d/archive", e.units["c1"].ID), nil)
		if status != http.StatusOK {
			t.Fatalf("archive: %d", status)
		}
		// The archived contact must leave first: its member number and e-mail key would otherwise be taken.
		secret := e.contact["secret"].ID
		if status, body := e.do("admin", http.MethodDelete, fmt.Sprintf("/api/v1/contacts/%d", secret), nil); status >= 300 {
			t.Fatalf("trash: %d %s", status, body)
		}
		if status, body := e.do("admin", http.MethodPost, fmt.Sprintf("/api/v1/contacts/%d/purge", secret), nil); status >= 300 {
			t.Fatalf("purge: %d %s", status, body)
		}
		s2 := e.units["s2"].ID
		if status, body := e.send("m1", http.MethodPost, fmt.Sprintf("/api/v1/archives?parent=%d", s2), "application/zip", bytes.NewReader(zip)); status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "unit_out_of_scope") {
			t.Errorf("a county manager loading an archive below another state: %d %s", status, body)
		}
		if status, body := e.send("admin", http.MethodPost, fmt.Sprintf("/api/v1/archives?parent=%d", s2), "application/zip", strings.NewReader("not a zip")); status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "not_a_zip") {
			t.Errorf("a text file: %d %s", status, body)
		}
		if status, body := e.send("admin", http.MethodPost, "/api/v1/archives", "application/zip", bytes.NewReader(zip)); status != http.StatusBadRequest || !strings.Contains(string(body), `"field":"parent"`) {
			t.Errorf("no parent: %d %s", status, body)
		}
		status, body := e.send("admin", http.MethodPost, fmt.Sprintf("/api/v1/archives?parent=%d", s2), "application/zip", bytes.NewReader(zip))
		var sum domain.ArchiveSummary
		if status != http.StatusOK || json.Unmarshal(body, &sum) != nil || sum.Contacts != 1 || sum.RootUnit.ID == 0 {
			t.Fatalf("load: %d %s", status, body)
		}
		status, body = e.do("admin", http.MethodGet, fmt.Sprintf("/api/v1/contacts?unit=%d", sum.RootUnit.ID), nil)
		if status != http.StatusOK || !strings.Contains(string(body), "Geheimnis") {
			t.Errorf("the loaded unit's contacts: %d %s", status, body)
		}
	})
}
