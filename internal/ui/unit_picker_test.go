package ui_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
)

var unitOption = regexp.MustCompile(`<option value="(\d+)"[^>]*>([^<]*)</option>`)

// optionsOf lists the labels of the options of the select named name, by value.
func optionsOf(t *testing.T, page, name string) map[string]string {
	t.Helper()
	start := strings.Index(page, `<select id="`+name+`" name="`+name+`"`)
	if start < 0 {
		t.Fatalf("no select %s on the page", name)
	}
	end := strings.Index(page[start:], "</select>")
	out := map[string]string{}
	for _, m := range unitOption.FindAllStringSubmatch(page[start:start+end], -1) {
		out[m[1]] = m[2]
	}
	return out
}

// The unit selects for invitations, grants and moves name each unit by its path, so that two units called
// alike are told apart, and carry what the filter box script needs.
func TestUnitPickersShowPaths(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		county := w.unit(w.bavaria.ID, "Landkreis München", "county")
		admin := w.signIn("admin@example.org")
		officer := w.user("unit.admin@example.org", "Una Unit", "en", w.bavaria.ID, access.Admin)
		pages := map[string][2]string{
			"/invitations/new":                        {"unit_id_0", "ui.grant.choose_unit"},
			"/users/" + itoa(officer.ID):              {"unit_id", ""},
			"/units/" + itoa(county.ID):               {"parent_id", ""},
			"/units/new?parent=" + itoa(w.bavaria.ID): {"parent_id", ""},
		}
		for path, sel := range pages {
			page := admin.mustGet(path)
			opts := optionsOf(t, page, sel[0])
			for id, want := range map[int64]string{w.munich.ID: "Bayern › München", w.bavaria.ID: "Bayern", w.national.ID: "Bund"} {
				if got := opts[itoa(id)]; got != want {
					t.Errorf("%s: unit %d is labelled %q, want %q", path, id, got, want)
				}
			}
			if path != "/units/"+itoa(county.ID) {
				if got := opts[itoa(county.ID)]; got != "Bayern › Landkreis München" {
					t.Errorf("%s: the county is labelled %q", path, got)
				}
			} else if _, ok := opts[itoa(county.ID)]; ok {
				t.Errorf("%s: a unit can be moved below itself", path)
			}
			if !strings.Contains(page, `data-unit-picker`) || !strings.Contains(page, `data-filter-label="`+esc(w.msg("en", "ui.unit_picker.filter"))+`"`) {
				t.Errorf("%s: the select is not marked for the filter box", path)
			}
		}
		// An admin of a state sees the paths from the state down: the organization's root is not theirs.
		una := w.signIn("unit.admin@example.org")
		opts := optionsOf(t, una.mustGet("/invitations/new"), "unit_id_0")
		if got := opts[itoa(w.munich.ID)]; got != "Bayern › München" {
			t.Errorf("a state admin's picker labels München %q", got)
		}
		if _, ok := opts[itoa(w.berlin.ID)]; ok {
			t.Error("a state admin may pick another state")
		}
	})
}
