package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

var listedName = regexp.MustCompile(`<td data-label="Name"><a href="/contacts/\d+">([^<]+)</a>`)

// listed returns the names of the contacts a list page shows, in their order.
func listed(page string) []string {
	var out []string
	for _, m := range listedName.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// tag tags contacts as the system.
func (w *world) tag(tag string, contacts ...*domain.Contact) {
	w.t.Helper()
	var ids []int64
	for _, c := range contacts {
		ids = append(ids, c.ID)
	}
	if _, _, err := w.svc.TagContacts(context.Background(), w.sys, ids, tag, true); err != nil {
		w.t.Fatal(err)
	}
}

// member gives a contact a membership of the regular type that started days ago.
func (w *world) member(c *domain.Contact, daysAgo int) domain.Date {
	w.t.Helper()
	start := w.svc.Today().AddDays(-daysAgo)
	must(w.svc.AddMembership(context.Background(), w.sys, c.ID, domain.MembershipInput{TypeID: &w.regular.ID, StartDate: &start}))(w.t)
	return start
}

func (w *world) tags(c *domain.Contact) []string {
	w.t.Helper()
	return must(w.svc.GetContact(context.Background(), w.sys, c.ID))(w.t).Tags
}

func TestListFiltersAndSorts(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ohne := w.contact("Otto Ohne", "Mail", w.munich.ID) // no e-mail address
		w.tag("Presse", w.anna, w.bert)
		start := w.member(w.bert, 30)
		admin := w.signIn("admin@example.org")
		for query, want := range map[string][]string{
			"":                            {"Bert Augsburger", "Carla Berliner", "Otto Ohne Mail", "Anna Münchner"},
			"?sort=-name":                 {"Anna Münchner", "Otto Ohne Mail", "Carla Berliner", "Bert Augsburger"},
			"?sort=newest":                {"Otto Ohne Mail", "Carla Berliner", "Bert Augsburger", "Anna Münchner"},
			"?tag=presse":                 {"Bert Augsburger", "Anna Münchner"},
			"?has_email=1":                {"Bert Augsburger", "Carla Berliner", "Anna Münchner"},
			"?has_phone=1":                nil,
			"?status=none":                {"Carla Berliner", "Otto Ohne Mail", "Anna Münchner"},
			"?status=new%2Ccurrent":       {"Bert Augsburger"},
			"?type=" + itoa(w.regular.ID): {"Bert Augsburger"},
			"?joined_from=" + start.AddDays(-1).String() + "&joined_to=" + start.String(): {"Bert Augsburger"},
			"?joined_from=" + start.AddDays(1).String():                                   nil,
			"?unit=" + itoa(w.bavaria.ID) + "&sort=-name&has_email=1":                     {"Anna Münchner", "Bert Augsburger"},
		} {
			page := admin.mustGet("/contacts" + query)
			if got := listed(page); !slices.Equal(got, want) {
				t.Errorf("/contacts%s lists %q, want %q", query, got, want)
			}
		}
		// The form shows the filter it applied.
		page := admin.mustGet("/contacts?tag=Presse&sort=-name&has_phone=1")
		for _, want := range []string{`value="Presse"`, `<option value="-name" selected>`, `id="filter-has-phone" name="has_phone" type="checkbox" value="1" checked`,
			`<details class="more-filters" open>`, esc(w.msg("en", "ui.contacts.no_matches"))} {
			if !strings.Contains(page, want) {
				t.Errorf("filtered page lacks %s", want)
			}
		}
		// The Munich officer sees only Munich, whatever the filter asks for.
		officer := w.signIn("officer@example.org")
		for _, query := range []string{"?tag=Presse", "?sort=newest", "?status=new%2Ccurrent", "?unit=" + itoa(w.augsburg.ID), "?has_email=1&sort=-name"} {
			for _, name := range listed(officer.mustGet("/contacts" + query)) {
				if name != "Anna Münchner" && name != ohne.DisplayName {
					t.Errorf("/contacts%s shows %s to the Munich officer", query, name)
				}
			}
		}
		if got := listed(officer.mustGet("/contacts?tag=Presse")); !slices.Equal(got, []string{"Anna Münchner"}) {
			t.Errorf("officer's tag filter lists %q", got)
		}
	})
}

func TestListFilterProblemsAreShownAtTheField(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		res := admin.get("/contacts?joined_from=2024-05-01&joined_to=2024-04-01")
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "filter-joined-to") != esc(w.msg("en", "error.before_start")) {
			t.Errorf("dates the wrong way round: %d %q", res.status, fieldError(res.body, "filter-joined-to"))
		}
		if len(listed(res.body)) != 0 {
			t.Error("an invalid filter still lists contacts")
		}
		// A cursor that is no longer valid is explained above the list.
		if res := admin.get("/contacts?tag=x&after=" + itoa(w.carla.ID+1000)); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, esc(w.msg("en", "error.invalid_cursor"))) {
			t.Errorf("stale cursor: %d", res.status)
		}
		for _, query := range []string{"?status=bogus", "?sort=oldest", "?joined_from=yesterday", "?unit=abc", "?type=-1"} {
			if res := admin.get("/contacts" + query); res.status != http.StatusUnprocessableEntity {
				t.Errorf("/contacts%s: %d", query, res.status)
			}
		}
	})
}

func TestPagingKeepsTheFilters(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		var many []*domain.Contact
		for i := range 53 {
			many = append(many, w.contact("Page", "Person"+string(rune('A'+i%26))+string(rune('a'+i/26)), w.berlin.ID))
		}
		w.tag("Stand", many...)
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/contacts?tag=Stand&sort=-name")
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(page)
		if next == nil {
			t.Fatal("no next-page link")
		}
		link := strings.ReplaceAll(next[1], "&amp;", "&")
		if !strings.Contains(link, "tag=Stand") || !strings.Contains(link, "sort=-name") || !strings.Contains(link, "after=") {
			t.Errorf("next-page link %s loses the filter", link)
		}
		first := listed(page)
		if len(first) != 50 || first[0] != "Page PersonZb" {
			t.Errorf("first page: %d rows starting %q", len(first), first[0])
		}
		second := admin.mustGet(link)
		if got := listed(second); len(got) != 3 || got[2] != "Page PersonAa" || slices.Contains(got, "Anna Münchner") {
			t.Errorf("second page lists %q", got)
		}
		if !strings.Contains(second, `<a href="/contacts?sort=-name&amp;tag=Stand">`+w.msg("en", "ui.contacts.first_page")) {
			t.Error("no link back to the first page of the same list")
		}
		if !strings.Contains(page, w.msg("en", "ui.contacts.count", "count", "53")) {
			t.Error("count of the filtered list missing")
		}
	})
}

func TestBulkTag(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		// Sees all of Bavaria, may edit only Munich.
		u := w.user("mixed@example.org", "Mia Mixed", "en", w.bavaria.ID, access.Viewer)
		must(w.svc.GrantRole(context.Background(), w.sys, domain.GrantInput{UserID: u.ID, UnitID: w.munich.ID, Role: access.Manager}))(t)
		mixed := w.signIn("mixed@example.org")
		back := "/contacts?unit=" + itoa(w.bavaria.ID)
		page := mixed.mustGet(back)
		for _, c := range []*domain.Contact{w.anna, w.bert} {
			if !strings.Contains(page, `name="id" value="`+itoa(c.ID)+`"`) {
				t.Errorf("no checkbox for %s", c.DisplayName)
			}
		}
		res := mixed.post("/contacts/tags", url.Values{"id": {itoa(w.anna.ID), itoa(w.bert.ID)}, "bulk_tag": {"Wahlkampf"},
			"op": {"add"}, "back": {back}})
		if res.status != http.StatusSeeOther || res.location != back {
			t.Fatalf("bulk tag: %d %q\n%s", res.status, res.location, res.body)
		}
		if page := mixed.mustGet(back); !strings.Contains(page, esc(w.msg("en", "ui.flash.tag_added", "changed", "1", "skipped", "1"))) {
			t.Error("no confirmation with changed and skipped counts")
		}
		if !slices.Contains(w.tags(w.anna), "Wahlkampf") || slices.Contains(w.tags(w.bert), "Wahlkampf") {
			t.Errorf("tags after bulk: anna %v, bert %v", w.tags(w.anna), w.tags(w.bert))
		}
		if page := mixed.mustGet("/contacts/" + itoa(w.anna.ID)); !strings.Contains(page, w.msg("en", "ui.action.contact.tag")) {
			t.Error("the tag change is not in the contact's history")
		}
		// A contact out of sight fails the whole request; nothing is tagged.
		res = mixed.post("/contacts/tags", url.Values{"id": {itoa(w.anna.ID), itoa(w.carla.ID)}, "bulk_tag": {"Geheim"}, "op": {"add"}, "back": {back}})
		if res.status != http.StatusNotFound || strings.Contains(res.body, "Berliner") {
			t.Errorf("out-of-scope id: %d", res.status)
		}
		if slices.Contains(w.tags(w.anna), "Geheim") {
			t.Error("a refused request tagged a contact")
		}
		// Remove again.
		res = mixed.post("/contacts/tags", url.Values{"id": {itoa(w.anna.ID)}, "bulk_tag": {"wahlkampf"}, "op": {"remove"}, "back": {back}})
		if res.status != http.StatusSeeOther || slices.Contains(w.tags(w.anna), "Wahlkampf") {
			t.Errorf("untag: %d, tags %v", res.status, w.tags(w.anna))
		}
		// Nothing ticked, or no tag: the same list again with the message, the ticks kept.
		res = mixed.post("/contacts/tags", url.Values{"bulk_tag": {"X"}, "op": {"add"}, "back": {back}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, esc(w.msg("en", "ui.contacts.select_first"))) ||
			!slices.Contains(listed(res.body), "Bert Augsburger") {
			t.Errorf("nothing ticked: %d", res.status)
		}
		res = mixed.post("/contacts/tags", url.Values{"id": {itoa(w.anna.ID)}, "bulk_tag": {" "}, "op": {"add"}, "back": {back}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "bulk_tag") != esc(w.msg("en", "error.required")) ||
			!strings.Contains(res.body, `value="`+itoa(w.anna.ID)+`" id="sel-`+itoa(w.anna.ID)+`" checked`) {
			t.Errorf("no tag: %d %q", res.status, fieldError(res.body, "bulk_tag"))
		}
		// back= stays on this site.
		res = mixed.post("/contacts/tags", url.Values{"id": {itoa(w.anna.ID)}, "bulk_tag": {"X"}, "op": {"add"}, "back": {"//evil.example"}})
		if res.location != "/contacts" {
			t.Errorf("back to another site: %q", res.location)
		}
		if res := mixed.post("/contacts/tags", url.Values{"id": {"abc"}, "bulk_tag": {"X"}, "op": {"add"}}); res.status != http.StatusBadRequest {
			t.Errorf("malformed id: %d", res.status)
		}
		// A viewer gets no checkboxes and is refused.
		w.user("viewer@example.org", "Vera Viewer", "en", w.bavaria.ID, access.Viewer)
		viewer := w.signIn("viewer@example.org")
		if strings.Contains(viewer.mustGet("/contacts"), `name="id"`) {
			t.Error("a viewer is offered bulk tagging")
		}
		viewer.post("/contacts/tags", url.Values{"id": {itoa(w.bert.ID)}, "bulk_tag": {"Viewer"}, "op": {"add"}, "back": {"/contacts"}})
		if slices.Contains(w.tags(w.bert), "Viewer") {
			t.Error("a viewer tagged a contact")
		}
	})
}

func TestSavedLists(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.tag("Presse", w.anna, w.bert)
		officer := w.signIn("officer@example.org")
		back := "/contacts?tag=Presse&sort=-name&after=" + itoa(w.anna.ID)
		res := officer.post("/contacts/lists", url.Values{"list_name": {"Pressekontakte"}, "back": {back}})
		want := "/contacts?sort=-name&tag=Presse"
		if res.status != http.StatusSeeOther || res.location != want {
			t.Fatalf("save list: %d %q\n%s", res.status, res.location, res.body)
		}
		page := officer.mustGet(res.location)
		link := `<a href="/contacts?sort=-name&amp;tag=Presse" aria-current="page">Pressekontakte</a>`
		if !strings.Contains(page, link) || !strings.Contains(page, esc(w.msg("en", "ui.flash.list_saved"))) {
			t.Fatalf("saved list not offered on its own page:\n%s", page)
		}
		if !strings.Contains(officer.mustGet("/contacts"), "Pressekontakte</a>") {
			t.Error("saved list not offered on the plain list")
		}
		// Opening the list applies the filter with the opener's scope.
		if got := listed(officer.mustGet(want)); !slices.Equal(got, []string{"Anna Münchner"}) {
			t.Errorf("saved list shows %q", got)
		}
		// Lists are personal.
		admin := w.signIn("admin@example.org")
		if strings.Contains(admin.mustGet("/contacts"), "Pressekontakte") {
			t.Error("another user sees the officer's list")
		}
		if res := officer.post("/contacts/lists", url.Values{"list_name": {"  "}, "back": {back}}); res.status != http.StatusUnprocessableEntity ||
			fieldError(res.body, "list_name") != esc(w.msg("en", "error.required")) {
			t.Errorf("list without a name: %d %q", res.status, fieldError(res.body, "list_name"))
		}
		id := regexp.MustCompile(`action="/contacts/lists/(\d+)/delete"`).FindStringSubmatch(page)
		if id == nil {
			t.Fatal("no delete button")
		}
		if res := admin.post("/contacts/lists/"+id[1]+"/delete", url.Values{"back": {"/contacts"}}); res.status != http.StatusNotFound {
			t.Errorf("deleting another user's list: %d", res.status)
		}
		res = officer.post("/contacts/lists/"+id[1]+"/delete", url.Values{"back": {want}})
		if res.status != http.StatusSeeOther || res.location != want {
			t.Fatalf("delete: %d %q", res.status, res.location)
		}
		if page := officer.mustGet(want); strings.Contains(page, "Pressekontakte</a>") || !strings.Contains(page, esc(w.msg("en", "ui.flash.list_deleted"))) {
			t.Error("deleted list still offered")
		}
	})
}
