package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestListAndSearchStayInScope(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		for _, path := range []string{"/contacts", "/contacts?q=augsburger", "/contacts?q=bert", "/contacts?q=berliner",
			"/contacts?q=bert%40example.org", "/contacts?unit=" + itoa(w.augsburg.ID), "/contacts?trashed=1"} {
			page := officer.mustGet(path)
			for _, name := range []string{"Augsburger", "Berliner"} {
				if strings.Contains(page, name) {
					t.Errorf("%s shows %s to the Munich officer", path, name)
				}
			}
		}
		if page := officer.mustGet("/contacts"); !strings.Contains(page, "Anna Münchner") {
			t.Error("officer does not see the Munich contact")
		}
		if page := officer.mustGet("/contacts?q=m%C3%BCnchner"); !strings.Contains(page, "/contacts/"+itoa(w.anna.ID)) {
			t.Error("search does not find the Munich contact")
		}
		// Out of scope by URL: the same 404 as a contact that does not exist, and no name.
		other := officer.get("/contacts/" + itoa(w.bert.ID))
		missing := officer.get("/contacts/999999")
		if other.status != http.StatusNotFound || missing.status != http.StatusNotFound {
			t.Fatalf("out of scope %d, missing %d", other.status, missing.status)
		}
		if strings.Contains(other.body, "Augsburger") || strings.Contains(other.body, "bert@") {
			t.Error("404 page leaks the contact")
		}
		if strings.ReplaceAll(other.body, "/contacts/"+itoa(w.bert.ID), "") != strings.ReplaceAll(missing.body, "/contacts/999999", "") {
			t.Error("out-of-scope and missing contacts look different")
		}
		for _, path := range []string{"/edit", "/trash", "/notes"} {
			var res response
			if path == "/edit" {
				res = officer.get("/contacts/" + itoa(w.bert.ID) + path)
			} else {
				res = officer.post("/contacts/"+itoa(w.bert.ID)+path, url.Values{"body": {"x"}})
			}
			if res.status != http.StatusNotFound {
				t.Errorf("%s on an out-of-scope contact: %d", path, res.status)
			}
		}
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/contacts")
		for _, name := range []string{"Anna Münchner", "Bert Augsburger", "Carla Berliner"} {
			if !strings.Contains(page, name) {
				t.Errorf("admin does not see %s", name)
			}
		}
		if !strings.Contains(page, w.msg("en", "ui.contacts.count", "count", "3")) {
			t.Error("count missing")
		}
		if page := admin.mustGet("/contacts?unit=" + itoa(w.bavaria.ID)); strings.Contains(page, "Berliner") || !strings.Contains(page, "Augsburger") {
			t.Error("unit filter does not limit the list to the subtree")
		}
	})
}

func TestPaging(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		for i := range 52 {
			w.contact("Page", "Person"+string(rune('A'+i%26))+string(rune('a'+i/26)), w.berlin.ID)
		}
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/contacts")
		next := regexp.MustCompile(`<a href="(/contacts\?after=\d+)" rel="next">`).FindStringSubmatch(page)
		if next == nil {
			t.Fatal("no next-page link")
		}
		if n := strings.Count(page, `<td data-label="Name"><a href="/contacts/`); n != 50 {
			t.Errorf("first page has %d rows", n)
		}
		second := admin.mustGet(strings.ReplaceAll(next[1], "&amp;", "&"))
		if n := strings.Count(second, `<td data-label="Name"><a href="/contacts/`); n != 5 {
			t.Errorf("second page has %d rows", n)
		}
		if strings.Contains(second, `rel="next"`) {
			t.Error("last page offers a next page")
		}
	})
}

func TestAddPerson(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		form := officer.mustGet("/contacts/new")
		if !strings.Contains(form, `<option value="`+itoa(w.munich.ID)+`" selected>`) {
			t.Error("the only writable unit is not preselected")
		}
		if strings.Contains(form, ">Augsburg<") {
			t.Error("the form offers a unit the officer cannot write to")
		}
		res := officer.post("/contacts", url.Values{"given_name": {"Doris"}, "family_name": {"Neumann"},
			"email": {"doris@example.org"}, "phone": {"+49 89 123456"}, "street": {"Marienplatz 1"},
			"postal_code": {"80331"}, "city": {"München"}, "country": {"DE"}, "home_unit_id": {""},
			"membership_type": {itoa(w.regular.ID)}, "membership_start": {"2024-01-15"}, "then": {"show"}})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/contacts/") {
			t.Fatalf("create: %d %q\n%s", res.status, res.location, res.body)
		}
		page := officer.mustGet(res.location)
		for _, want := range []string{"Doris Neumann", "doris@example.org", "+49 89 123456", "Marienplatz 1", "München",
			"Regular", "Jan 15, 2024", w.msg("en", "ui.flash.contact_created")} {
			if !strings.Contains(page, esc(want)) {
				t.Errorf("contact page lacks %q", want)
			}
		}
		// Save and add another: back to an empty form for the same unit.
		res = officer.post("/contacts", url.Values{"family_name": {"Zweite"}, "home_unit_id": {itoa(w.munich.ID)}, "then": {"another"}})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/contacts/new?") {
			t.Fatalf("save and add another: %d %q", res.status, res.location)
		}
		if page := officer.mustGet(res.location); !strings.Contains(page, w.msg("en", "ui.flash.contact_saved_next")) {
			t.Error("no confirmation after save and add another")
		}
	})
}

func TestValidationErrorsNextToFields(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		before := w.count()
		res := officer.post("/contacts", url.Values{"given_name": {""}, "family_name": {""}, "email": {"not-an-address"},
			"postal_code": {"123"}, "country": {"DE"}, "home_unit_id": {itoa(w.munich.ID)}, "phone": {"call me"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		for id, code := range map[string]string{"family_name": "name_required", "email": "invalid_email",
			"postal_code": "invalid_postal_code", "phone": "invalid_phone"} {
			if got, want := fieldError(res.body, id), esc(w.msg("en", "error."+code)); got != want {
				t.Errorf("%s: message %q, want %q", id, got, want)
			}
		}
		if !strings.Contains(res.body, `value="not-an-address"`) || !strings.Contains(res.body, `value="call me"`) {
			t.Error("entered values are not kept")
		}
		if !strings.Contains(res.body, `aria-invalid="true"`) {
			t.Error("invalid fields are not marked for assistive technology")
		}
		// No unit chosen and none found from the postal code.
		res = officer.post("/contacts", url.Values{"family_name": {"Ohne"}, "home_unit_id": {""}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "home_unit_id") != esc(w.msg("en", "error.home_unit_required")) {
			t.Errorf("missing unit: %d %q", res.status, fieldError(res.body, "home_unit_id"))
		}
		// A unit out of scope is refused, never saved where the officer could not see it.
		res = officer.post("/contacts", url.Values{"family_name": {"Fremd"}, "home_unit_id": {itoa(w.berlin.ID)}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "home_unit_id") != esc(w.msg("en", "error.unit_out_of_scope")) {
			t.Errorf("foreign unit: %d %q", res.status, fieldError(res.body, "home_unit_id"))
		}
		// A bad membership date stops the whole form, so no half-saved person.
		res = officer.post("/contacts", url.Values{"family_name": {"Halb"}, "home_unit_id": {itoa(w.munich.ID)},
			"membership_type": {itoa(w.regular.ID)}, "membership_start": {"2024-02-30"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "membership_start") != esc(w.msg("en", "error.nonexistent_date", "param", "2024-02-30")) {
			t.Errorf("bad membership date: %d %q\n%s", res.status, fieldError(res.body, "membership_start"), res.body)
		}
		if w.count() != before {
			t.Errorf("invalid forms saved contacts: %d → %d", before, w.count())
		}
	})
}

func TestNamesAreEscaped(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		evil := w.contact("<script>alert(1)</script>", `"><img src=x onerror=alert(2)>`, w.munich.ID)
		admin := w.signIn("admin@example.org")
		for _, path := range []string{"/contacts", "/contacts?q=%3Cscript", "/contacts/" + itoa(evil.ID), "/contacts/" + itoa(evil.ID) + "/edit"} {
			page := admin.mustGet(path)
			if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<img src=x") {
				t.Errorf("%s renders the name as markup", path)
			}
			if path != "/contacts?q=%3Cscript" && !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("%s does not show the name as text", path)
			}
		}
	})
}

func TestEditContact(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		form := officer.mustGet(path + "/edit")
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
		if version == nil {
			t.Fatal("no version in the edit form")
		}
		fields := url.Values{"version": {version[1]}, "kind": {"person"}, "given_name": {"Anna"}, "family_name": {"Münchner-Huber"},
			"home_unit_id": {itoa(w.munich.ID)}, "gender": {"female"}, "birth_date": {"1980-05-17"},
			"emails.0.address": {""}, "emails.1.address": {"anna.neu@example.org"}, "emails.primary": {"1"},
			"addresses.0.street": {"Leopoldstr. 5"}, "addresses.0.postal_code": {"80802"}, "addresses.0.country": {"DE"},
			"tags": {"Volunteer, Press"}}
		res := officer.post(path, fields)
		if res.status != http.StatusSeeOther || res.location != path {
			t.Fatalf("save: %d %q\n%s", res.status, res.location, res.body)
		}
		c := must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t)
		if c.FamilyName != "Münchner-Huber" || len(c.Emails) != 1 || c.Emails[0].Address != "anna.neu@example.org" ||
			len(c.Tags) != 2 || c.BirthDate.String() != "1980-05-17" || len(c.Addresses) != 1 {
			t.Fatalf("saved contact: %+v", c)
		}
		page := officer.mustGet(path)
		if !strings.Contains(page, "May 17, 1980") || !strings.Contains(page, "Münchner-Huber") {
			t.Error("contact page does not show the change")
		}
		if !strings.Contains(page, esc(w.msg("en", "ui.field.family_name"))) || !strings.Contains(page, "<del>Münchner</del>") {
			t.Error("history does not show the changed field old → new")
		}
		// The same form again, now stale: the conflict message, the entered values kept, nothing saved.
		fields.Set("family_name", "Überschrieben")
		res = officer.post(path, fields)
		if res.status != http.StatusConflict || !strings.Contains(res.body, esc(w.msg("en", "error.conflict"))) {
			t.Fatalf("stale save: %d", res.status)
		}
		if !strings.Contains(res.body, `value="Überschrieben"`) {
			t.Error("the conflict page lost the entered values")
		}
		if c := must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t); c.FamilyName != "Münchner-Huber" {
			t.Error("a stale form overwrote the record")
		}
	})
}

func TestEditValidationPointsAtTheRow(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		// Row 0 is emptied (removed); row 1 is invalid. The service calls it emails.0, the form row 1.
		res := officer.post(path, url.Values{"version": {itoa(int64(w.anna.Version))}, "kind": {"person"},
			"family_name": {"Münchner"}, "home_unit_id": {itoa(w.munich.ID)}, "emails.1.address": {"broken@"},
			"birth_date": {"next tuesday"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		if got := fieldError(res.body, "birth_date"); got != esc(w.msg("en", "error.invalid_date")) {
			t.Errorf("birth date message %q", got)
		}
		res = officer.post(path, url.Values{"version": {itoa(int64(w.anna.Version))}, "kind": {"person"},
			"family_name": {"Münchner"}, "home_unit_id": {itoa(w.munich.ID)}, "emails.1.address": {"broken@"}})
		if got := fieldError(res.body, "emails-1-address"); got != esc(w.msg("en", "error.invalid_email")) {
			t.Errorf("e-mail row message %q, status %d", got, res.status)
		}
	})
}

func TestContactPageForms(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		res := officer.post(path+"/memberships", url.Values{"type_id": {itoa(w.regular.ID)}, "start_date": {"2023-03-01"}, "join_method": {"event"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("membership: %d\n%s", res.status, res.body)
		}
		res = officer.post(path+"/memberships", url.Values{"type_id": {itoa(w.regular.ID)}, "start_date": {""}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "start_date") != esc(w.msg("en", "error.required")) {
			t.Errorf("membership without start: %d %q", res.status, fieldError(res.body, "start_date"))
		}
		if res := officer.post(path+"/notes", url.Values{"body": {"Met at the <b>summer</b> fair"}}); res.status != http.StatusSeeOther {
			t.Fatalf("note: %d", res.status)
		}
		if res := officer.post(path+"/notes", url.Values{"body": {"  "}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("empty note: %d", res.status)
		}
		second := w.contact("Max", "Münchner", w.munich.ID)
		if res := officer.post(path+"/relationships", url.Values{"kind": {"parent"}, "other_contact_id": {itoa(second.ID)}}); res.status != http.StatusSeeOther {
			t.Fatalf("relationship: %d\n%s", res.status, res.body)
		}
		res = officer.post(path+"/relationships", url.Values{"kind": {"parent"}, "other_contact_id": {itoa(w.bert.ID)}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "other_contact_id") != esc(w.msg("en", "error.unknown_contact")) {
			t.Errorf("relationship to an unseen contact: %d %q", res.status, fieldError(res.body, "other_contact_id"))
		}
		page := officer.mustGet(path)
		for _, want := range []string{"Mar 1, 2023", "At an event", "Met at the &lt;b&gt;summer&lt;/b&gt; fair", "Parent of", "Max Münchner",
			w.msg("en", "ui.action.note.create"), w.msg("en", "ui.membership.entitled_to_vote")} {
			if !strings.Contains(page, want) {
				t.Errorf("contact page lacks %q", want)
			}
		}
	})
}

func TestTrashRestorePurge(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		if res := officer.post(path+"/trash", nil); res.status != http.StatusSeeOther || res.location != path {
			t.Fatalf("trash: %d %q", res.status, res.location)
		}
		if page := officer.mustGet("/contacts"); strings.Contains(page, "Anna Münchner") {
			t.Error("trashed contact still listed")
		}
		if page := officer.mustGet("/contacts?trashed=1"); !strings.Contains(page, "Anna Münchner") || !strings.Contains(page, "<h1>Trash</h1>") {
			t.Error("trashed contact not in the trash")
		}
		page := officer.mustGet(path)
		if strings.Contains(page, "/purge") || !strings.Contains(page, path+"/restore") {
			t.Error("a manager should see restore but not purge")
		}
		if res := officer.post(path+"/purge", nil); res.status != http.StatusForbidden {
			t.Errorf("manager purge: %d", res.status)
		}
		admin := w.signIn("admin@example.org")
		if page := admin.mustGet(path); !strings.Contains(page, path+"/purge") {
			t.Error("admin does not get the purge button")
		}
		if res := admin.post(path+"/purge", nil); res.status != http.StatusSeeOther {
			t.Fatalf("purge: %d", res.status)
		}
		if res := admin.get(path); res.status != http.StatusNotFound {
			t.Errorf("purged contact: %d", res.status)
		}
		if res := officer.post("/contacts/"+itoa(w.bert.ID)+"/restore", nil); res.status != http.StatusNotFound {
			t.Errorf("restore out of scope: %d", res.status)
		}
	})
}

func TestViewerCannotEdit(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("viewer@example.org", "Vera Viewer", "en", w.bavaria.ID, "viewer")
		viewer := w.signIn("viewer@example.org")
		page := viewer.mustGet("/contacts/" + itoa(w.anna.ID))
		if strings.Contains(page, "/edit") || strings.Contains(page, "/trash") || strings.Contains(page, `action="/contacts/`+itoa(w.anna.ID)+`/notes"`) {
			t.Error("viewer sees edit controls")
		}
		if strings.Contains(viewer.mustGet("/contacts"), `href="/contacts/new"`) {
			t.Error("viewer is offered to add people")
		}
		if res := viewer.get("/contacts/" + itoa(w.anna.ID) + "/edit"); res.status != http.StatusForbidden {
			t.Errorf("viewer edit page: %d", res.status)
		}
		if res := viewer.post("/contacts/"+itoa(w.anna.ID)+"/notes", url.Values{"body": {"hi"}}); res.status != http.StatusForbidden {
			t.Errorf("viewer note: %d", res.status)
		}
		if res := viewer.get("/contacts/new"); res.status != http.StatusForbidden {
			t.Errorf("viewer new contact: %d", res.status)
		}
		if strings.Contains(viewer.mustGet("/contacts"), `href="/users"`) {
			t.Error("viewer sees the users navigation")
		}
		if res := viewer.get("/users"); res.status != http.StatusForbidden {
			t.Errorf("viewer users page: %d", res.status)
		}
	})
}
