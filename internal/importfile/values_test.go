package importfile

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{
		"yes": true, "Ja": true, "J": true, "TRUE": true, "wahr": true, "1": true, "x": true, " X ": true, "✓": true,
		"no": false, "Nein": false, "FALSE": false, "0": false, "": false, "-": false, "n": false,
	} {
		if got, err := ParseBool(in); err != nil || got != want {
			t.Errorf("ParseBool(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"vielleicht", "2", "yes please"} {
		if _, err := ParseBool(in); !errors.Is(err, ErrBool) {
			t.Errorf("ParseBool(%q) error %v", in, err)
		}
	}
}

func TestParseGender(t *testing.T) {
	for in, want := range map[string]string{
		"M": "male", "männlich": "male", "Herr": "male", "Hr.": "male", "Mr.": "male",
		"F": "female", "w": "female", "weiblich": "female", "Frau": "female", "Mrs": "female", "Ms.": "female",
		"d": "diverse", "divers": "diverse", "X": "diverse", "other": "other", "non-binary": "other",
		"U": "", "": "", "keine Angabe": "",
	} {
		got, ok := ParseGender(in)
		if !ok || got != want {
			t.Errorf("ParseGender(%q) = %q, %v; want %q", in, got, ok, want)
		}
		if got != "" && !slices.Contains(domain.Genders(), got) {
			t.Errorf("ParseGender(%q) = %q, not a domain gender", in, got)
		}
	}
	if _, ok := ParseGender("Sehr geehrte Damen"); ok {
		t.Error("unknown salutation accepted")
	}
}

func TestSplitList(t *testing.T) {
	if got := SplitList(" Vorstand; Presse, , Jugend |Ehrenamt\n"); !reflect.DeepEqual(got, []string{"Vorstand", "Presse", "Jugend", "Ehrenamt"}) {
		t.Errorf("SplitList = %q", got)
	}
	if got := SplitList(" "); len(got) != 0 {
		t.Errorf("SplitList(blank) = %q", got)
	}
}

func TestJoinStreet(t *testing.T) {
	for _, tc := range [][3]string{
		{"Hauptstraße", "12a", "Hauptstraße 12a"},
		{" Hauptstraße ", "", "Hauptstraße"},
		{"", "12", "12"},
		{"Hauptstraße 12", "12", "Hauptstraße 12"},
		{"12 Main St", "12", "12 Main St"},
	} {
		if got := JoinStreet(tc[0], tc[1]); got != tc[2] {
			t.Errorf("JoinStreet(%q, %q) = %q", tc[0], tc[1], got)
		}
	}
}

func TestSplitName(t *testing.T) {
	for _, tc := range [][3]string{
		{"Hans Müller", "Hans", "Müller"},
		{"Müller, Hans", "Hans", "Müller"},
		{"Hans Peter  Müller", "Hans Peter", "Müller"},
		{"Ursula von der Leyen", "Ursula", "von der Leyen"},
		{"Ludwig van Beethoven", "Ludwig", "van Beethoven"},
		{"Madonna", "", "Madonna"},
		{"", "", ""},
	} {
		if g, f := SplitName(tc[0]); g != tc[1] || f != tc[2] {
			t.Errorf("SplitName(%q) = %q, %q", tc[0], g, f)
		}
	}
}

func TestParseSalutation(t *testing.T) {
	for _, tc := range [][4]string{
		{"Herr", "male", "", ""},
		{"Frau Dr.", "female", "Dr.", ""},
		{"Herr Prof. Dr. med.", "male", "Prof. Dr. med.", ""},
		{"Dr.", "", "Dr.", ""},
		{"Mrs. Rev.", "female", "Rev.", ""},
		{"Familie", "", "", "Familie"},
		{"Herr Graf", "male", "", "Graf"},
		{"", "", "", ""},
	} {
		if g, title, rest := ParseSalutation(tc[0]); g != tc[1] || title != tc[2] || rest != tc[3] {
			t.Errorf("ParseSalutation(%q) = %q, %q, %q; want %q", tc[0], g, title, rest, tc[1:])
		}
	}
}

func TestSplitTitle(t *testing.T) {
	for _, tc := range [][3]string{
		{"Dr. Hans", "Dr.", "Hans"},
		{"Prof. Dr. rer. nat. Eva Maria", "Prof. Dr. rer. nat.", "Eva Maria"},
		{"Dr.", "Dr.", ""},
		{"Hans", "", "Hans"},
		{"Med. Hans", "", "Med. Hans"}, // a qualifier counts only after a title
		{"Drake", "", "Drake"},
	} {
		if title, rest := SplitTitle(tc[0]); title != tc[1] || rest != tc[2] {
			t.Errorf("SplitTitle(%q) = %q, %q", tc[0], title, rest)
		}
	}
}
