package ui

import (
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

func TestLocaleFormats(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	u := &UI{cat: cat}
	de, en := &view{Lang: "de", u: u}, &view{Lang: "en", u: u}
	d := domain.Date{Year: 2026, Month: 11, Day: 23}
	for _, c := range []struct{ got, want string }{
		{de.Date(d), "23.11.2026"}, {en.Date(d), "Nov 23, 2026"}, {de.Date(domain.Date{}), ""},
		{de.Num(10000), "10.000"}, {en.Num(10000), "10,000"}, {en.Num(999), "999"}, {en.Num(1234567), "1,234,567"},
		{en.Num(-1000), "-1,000"}, {de.Value(true), "Ja"}, {en.Value(nil), "–"}, {en.Value([]any{"a", "b"}), "a; b"},
		{en.Until(ptr(time.Date(2026, 11, 24, 0, 0, 0, 0, time.Local))), "Nov 23, 2026"},
		{de.Enum("ui.status", "current"), "Aktiv"}, {de.Enum("ui.status", "unheard_of"), "unheard_of"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/contacts?q=x": "/contacts?q=x", "//evil.example": "/", "https://evil.example": "/",
		"/\\evil.example": "/", "": "/", "contacts": "/", "/a\r\nLocation: x": "/"} {
		if got := localPath(in, "/"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTreeOrder(t *testing.T) {
	units := []domain.Unit{{ID: 1, Name: "Bund"}, {ID: 2, ParentID: 1, Name: "Bayern"}, {ID: 3, ParentID: 1, Name: "Berlin"},
		{ID: 4, ParentID: 2, Name: "München"}}
	var got []int64
	for _, x := range treeOrder(units) {
		got = append(got, x.ID*10+int64(x.Level))
	}
	if want := []int64{10, 21, 42, 31}; len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Errorf("tree order %v, want %v", got, want)
	}
	if under := underRoots(units, []int64{2}); len(under) != 2 {
		t.Errorf("under Bayern: %v", under)
	}
}

func ptr[T any](v T) *T { return &v }
