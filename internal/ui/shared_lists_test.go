package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
)

// An officer shares a saved list with München's other officers: a colleague finds it under "Shared with
// you" and sees only München's contacts in it; the officer of Augsburg, a sibling county, sees neither the
// list nor its contacts.
func TestShareSavedList(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("colleague@example.org", "Clara Colleague", "de", w.munich.ID, access.Viewer)
		w.user("augsburg@example.org", "Arno Augsburg", "en", w.augsburg.ID, access.Manager)
		w.tag("Delegate", w.anna, w.bert)
		officer := w.signIn("officer@example.org")
		munich := itoa(w.munich.ID)
		listURL := "/contacts?tag=Delegate&unit=" + munich
		if res := officer.post("/contacts/lists", url.Values{"list_name": {"Delegierte 2026"}, "back": {listURL}}); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d", res.status)
		}
		page := officer.mustGet(listURL)
		if !strings.Contains(page, `name="unit_id"`) || !strings.Contains(page, `<option value="`+munich+`"`) {
			t.Fatal("the officer's own list offers no sharing")
		}
		m := regexp.MustCompile(`action="/contacts/lists/(\d+)/share"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no sharing form")
		}
		id := m[1]
		res := officer.post("/contacts/lists/"+id+"/share", url.Values{"unit_id": {munich}, "back": {listURL}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("share: %d %s", res.status, res.body)
		}
		if page := officer.mustGet(listURL); !strings.Contains(page, w.msg("en", "ui.lists.unshare")) {
			t.Error("the shared list offers no way back")
		}

		colleague := w.signIn("colleague@example.org")
		page = colleague.mustGet("/contacts")
		if !strings.Contains(page, w.msg("de", "ui.lists.shared_title")) || !strings.Contains(page, "Delegierte 2026") ||
			!strings.Contains(page, w.msg("de", "ui.lists.shared_by", "owner", "Otto Officer", "unit", "München")) {
			t.Fatal("the colleague does not find the shared list")
		}
		page = colleague.mustGet(listURL)
		if !strings.Contains(page, "Anna Münchner") || strings.Contains(page, "Augsburger") {
			t.Error("the colleague's view of the list is not their scope")
		}
		if strings.Contains(page, "/contacts/lists/"+id+"/delete") || strings.Contains(page, "/contacts/lists/"+id+"/share") {
			t.Error("the colleague may delete or reshare someone else's list")
		}
		if res := colleague.post("/contacts/lists/"+id+"/delete", url.Values{"back": {"/contacts"}}); res.status != http.StatusForbidden {
			t.Errorf("the colleague deletes the list: %d", res.status)
		}

		sibling := w.signIn("augsburg@example.org")
		if page := sibling.mustGet("/contacts"); strings.Contains(page, "Delegierte 2026") {
			t.Error("the sibling county's officer sees the list")
		}
		if res := sibling.get(listURL); res.status != http.StatusNotFound || strings.Contains(res.body, "Münchner") {
			t.Errorf("the sibling opens the list's unit: %d", res.status)
		}
		for _, action := range []string{"/delete", "/share"} {
			if res := sibling.post("/contacts/lists/"+id+action, url.Values{"unit_id": {itoa(w.augsburg.ID)}}); res.status != http.StatusNotFound {
				t.Errorf("the sibling's %s: %d", action, res.status)
			}
		}

		if res := officer.post("/contacts/lists/"+id+"/share", url.Values{"unit_id": {""}, "back": {listURL}}); res.status != http.StatusSeeOther {
			t.Fatalf("unshare: %d", res.status)
		}
		if page := colleague.mustGet("/contacts"); strings.Contains(page, "Delegierte 2026") {
			t.Error("an unshared list still shows to the colleague")
		}
	})
}
