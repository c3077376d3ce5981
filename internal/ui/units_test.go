package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestUnits(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		tree := admin.mustGet("/units")
		order := regexp.MustCompile(`<a href="/units/\d+">([^<]+)</a>`).FindAllStringSubmatch(tree, -1)
		var names []string
		for _, m := range order {
			names = append(names, m[1])
		}
		if got := strings.Join(names, ","); got != "Bund,Bayern,Augsburg,München,Berlin" {
			t.Errorf("tree order %s", got)
		}
		res := admin.post("/units", url.Values{"parent_id": {itoa(w.munich.ID)}, "name": {"Schwabing"}, "kind": {"local"}})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/units/") {
			t.Fatalf("create unit: %d %q\n%s", res.status, res.location, res.body)
		}
		unit := res.location
		res = admin.post("/units", url.Values{"parent_id": {itoa(w.munich.ID)}, "name": {""}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "name") != esc(w.msg("en", "error.required")) {
			t.Errorf("unit without name: %d %q", res.status, fieldError(res.body, "name"))
		}
		res = admin.post(unit, url.Values{"name": {"Schwabing-Nord"}, "kind": {"local"}, "parent_id": {itoa(w.augsburg.ID)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("rename and move: %d\n%s", res.status, res.body)
		}
		page := admin.mustGet(unit)
		if !strings.Contains(page, "<h1>Schwabing-Nord</h1>") || !strings.Contains(page, `<a href="/units/`+itoa(w.augsburg.ID)+`">Augsburg</a>`) {
			t.Error("unit page does not show the new name and path")
		}
		if res := admin.post("/units/"+itoa(w.munich.ID)+"/archive", nil); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, esc(w.msg("en", "error.unit_has_contacts", "param", "1"))) {
			t.Errorf("archive a unit with contacts: %d", res.status)
		}
		if res := admin.post(unit+"/archive", nil); res.status != http.StatusSeeOther {
			t.Fatalf("archive: %d", res.status)
		}
		if strings.Contains(admin.mustGet("/units"), "Schwabing-Nord") || !strings.Contains(admin.mustGet("/units?archived=1"), "Schwabing-Nord") {
			t.Error("archived units should show only on request")
		}
		if res := admin.post(unit+"/restore", nil); res.status != http.StatusSeeOther {
			t.Fatalf("restore: %d", res.status)
		}
		if res := admin.post("/units/"+itoa(w.munich.ID)+"/postal-codes", url.Values{"postal_codes": {"80333, 80335"}}); res.status != http.StatusSeeOther {
			t.Fatalf("postal codes: %d\n%s", res.status, res.body)
		}
		if page := admin.mustGet("/units/" + itoa(w.munich.ID)); !strings.Contains(page, "80335") || !strings.Contains(page, "Otto Officer") {
			t.Error("unit page lacks postal codes or who has access")
		}
		officer := w.signIn("officer@example.org")
		if res := officer.get("/units/" + itoa(w.berlin.ID)); res.status != http.StatusNotFound {
			t.Errorf("officer sees another state's unit: %d", res.status)
		}
		page = officer.mustGet("/units/" + itoa(w.munich.ID))
		if strings.Contains(page, `id="h-access"`) || strings.Contains(page, `action="/units/`+itoa(w.munich.ID)+`"`) {
			t.Error("a manager sees access lists or unit admin forms")
		}
		if res := officer.post("/units/"+itoa(w.munich.ID), url.Values{"name": {"X"}}); res.status != http.StatusForbidden {
			t.Errorf("manager renames unit: %d", res.status)
		}
	})
}

func TestUnitCounts(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		page := admin.mustGet("/units")
		if !strings.Contains(page, w.msg("en", "ui.units.not_counted")) || strings.Count(page, w.msg("en", "ui.units.not_counted_yet")) != 5 {
			t.Error("units without counts do not say so")
		}
		w.member(w.anna, 10)
		w.member(w.carla, 5000) // long expired
		must(w.svc.RefreshUnitCounts(context.Background()))(t)
		w.unit(w.munich.ID, "Schwabing", "local") // added after the count
		admin.post("/language", url.Values{"lang": {"de"}, "back": {"/units"}})
		page = admin.mustGet("/units")
		counts := map[string][2]int{"Bund": {3, 1}, "Bayern": {2, 1}, "München": {1, 1}, "Augsburg": {1, 0}, "Berlin": {1, 0}}
		for name, n := range counts {
			if got := unitCountsShown(page, name); got != [2]string{strconv.Itoa(n[0]), strconv.Itoa(n[1])} {
				t.Errorf("%s: counts %v shown, want %v", name, got, n)
			}
		}
		if !regexp.MustCompile(`Schwabing</a>.*\n.*` + regexp.QuoteMeta(w.msg("de", "ui.units.not_counted_yet"))).MatchString(page) {
			t.Error("a unit added after the count does not say it is not counted yet")
		}
		asOf := regexp.MustCompile(regexp.QuoteMeta(w.msg("de", "ui.units.counts_as_of", "time", "@")))
		asOf = regexp.MustCompile(strings.Replace(asOf.String(), "@", `\d\d\.\d\d\.\d{4}, \d\d:\d\d`, 1))
		if !asOf.MatchString(page) {
			t.Error("no German 'as of' time")
		}
		// The Munich officer sees the counts of Munich only.
		officer := w.signIn("officer@example.org")
		page = officer.mustGet("/units")
		if strings.Contains(page, "Bayern") || unitCountsShown(page, "München") != [2]string{"1", "1"} {
			t.Error("officer's unit counts")
		}
	})
}

// unitCountsShown reads the contacts and members in good standing from the row of the unit named name on the
// units page.
func unitCountsShown(page, name string) [2]string {
	m := regexp.MustCompile(`<a href="/units/\d+">` + regexp.QuoteMeta(name) + `</a>.*\n<span class="num">([\d.,]+)</span><span class="num">([\d.,]+)</span>`).
		FindStringSubmatch(page)
	if m == nil {
		return [2]string{}
	}
	return [2]string{m[1], m[2]}
}

// The units page starts at the officer's own level: the units right below it are listed, deeper ones open on
// demand (<details>, no script needed). Adding a unit is the first action on the page, not a form below
// hundreds of units.
func TestUnitsPageOpensAtOwnLevel(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.unit(w.munich.ID, "Schwabing", "local")
		page := w.signIn("admin@example.org").mustGet("/units")
		details := func(name string) string {
			m := regexp.MustCompile(`<details( open)?><summary><span class="unit-row"><span><a href="/units/\d+">` + name + `</a>`).FindStringSubmatch(page)
			if m == nil {
				return "none"
			}
			return map[bool]string{true: "open", false: "closed"}[m[1] != ""]
		}
		for name, want := range map[string]string{"Bund": "open", "Bayern": "closed", "München": "closed", "Berlin": "none", "Augsburg": "none"} {
			if got := details(name); got != want {
				t.Errorf("%s: list below it %s, want %s", name, got, want)
			}
		}
		add, tree := strings.Index(page, `href="/units/new"`), strings.Index(page, `<ul class="tree">`)
		if add < 0 || tree < 0 || add > tree {
			t.Errorf("adding a unit is not offered above the tree (at %d, tree at %d)", add, tree)
		}
		if form := w.signIn("admin@example.org").mustGet("/units/new?parent=" + itoa(w.munich.ID)); !strings.Contains(form, `<option value="`+itoa(w.munich.ID)+`" selected>`) {
			t.Error("the form to add a unit below München does not preselect it")
		}
		officer := w.signIn("officer@example.org").mustGet("/units")
		if !regexp.MustCompile(`<details open><summary><span class="unit-row"><span><a href="/units/\d+">München</a>`).MatchString(officer) ||
			strings.Contains(officer, `href="/units/new"`) {
			t.Error("the county officer's own unit is not open, or a manager is offered to add units")
		}
	})
}
