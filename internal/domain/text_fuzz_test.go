package domain_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
)

// FuzzParseDate: dates typed into forms and sent to the API are parsed, stored, shown and sent back; each of
// those steps must give the same calendar day, and impossible dates must be refused.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := domain.ParseDate(s)
		tm, terr := time.Parse(time.DateOnly, s)
		if (err == nil) != (terr == nil) {
			t.Fatalf("ParseDate(%q) error %v, time.Parse error %v", s, err, terr)
		}
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if d != domain.DateOf(tm) {
			t.Fatalf("ParseDate(%q) = %+v, time.Parse gives %v", s, d, tm)
		}
		if d.IsZero() {
			t.Fatalf("ParseDate(%q) returned the zero date, which means 'no date'", s)
		}
		str := d.String()
		if back, err := domain.ParseDate(str); err != nil || back != d {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, d, str, back, err)
		}
		// JSON, as the API sends and reads it.
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON domain.Date
		if err := json.Unmarshal(j, &fromJSON); err != nil || fromJSON != d {
			t.Fatalf("JSON round trip of %+v via %s: %+v, %v", d, j, fromJSON, err)
		}
		// The database value, as SQLite stores text and PostgreSQL returns a time.
		v, err := d.Value()
		if err != nil {
			t.Fatal(err)
		}
		var fromText, fromTime domain.Date
		if err := fromText.Scan(v); err != nil || fromText != d {
			t.Fatalf("Scan(%v) = %+v, %v; want %+v", v, fromText, err, d)
		}
		if err := fromTime.Scan(tm); err != nil || fromTime != d {
			t.Fatalf("Scan(time %v) = %+v, %v", tm, fromTime, err)
		}
		// Day arithmetic: one day on and back is the same day, and the order agrees.
		next := d.AddDays(1)
		if next.AddDays(-1) != d || !next.After(d) || !d.Before(next) || d.Compare(d) != 0 {
			t.Fatalf("day arithmetic around %v: next %v", d, next)
		}
	})
}

// FuzzFold: Fold makes the keys that contacts are sorted and searched by, on both databases. A key that is
// not stable under folding, or that escapes its prefix range, makes contacts unfindable.
func FuzzFold(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		k := domain.Fold(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, k)
		}
		if again := domain.Fold(k); again != k {
			t.Fatalf("Fold is not idempotent: Fold(%q) = %q, Fold(%q) = %q", s, k, k, again)
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Fold(%q) = %q: spaces not collapsed", s, k)
		}
		for _, r := range k {
			if unicode.IsUpper(r) || unicode.Is(unicode.Mn, r) {
				t.Fatalf("Fold(%q) = %q keeps %q", s, k, r)
			}
		}
		if domain.PrefixEnd("") != "" {
			t.Fatal("the empty prefix has an upper bound")
		}
		// Every prefix a search may use (the folded text up to a character boundary) must range over k.
		checked := 0
		for i := range k {
			if i == 0 {
				continue
			}
			checkPrefix(t, k, k[:i])
			if checked++; checked > 64 {
				break
			}
		}
		if k != "" {
			checkPrefix(t, k, k)
		}
	})
}

func checkPrefix(t *testing.T, key, p string) {
	t.Helper()
	end := domain.PrefixEnd(p)
	if end == "" {
		return
	}
	if !utf8.ValidString(end) {
		t.Fatalf("PrefixEnd(%q) = %q is not valid UTF-8", p, end)
	}
	if !(key >= p && key < end) {
		t.Fatalf("key %q is outside the range [%q, %q) of its prefix %q", key, p, end, p)
	}
	if !(p < end) {
		t.Fatalf("PrefixEnd(%q) = %q is not above the prefix", p, end)
	}
}

// FuzzPhoneKey: phone numbers are matched by their key, whatever the punctuation.
func FuzzPhoneKey(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		k := domain.PhoneKey(s)
		for i, r := range k {
			if !(r >= '0' && r <= '9' || r == '+' && i == 0) {
				t.Fatalf("PhoneKey(%q) = %q holds %q at %d", s, k, r, i)
			}
		}
		if again := domain.PhoneKey(k); again != k {
			t.Fatalf("PhoneKey not idempotent: %q → %q → %q", s, k, again)
		}
		var digits strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		if strings.TrimPrefix(k, "+") != digits.String() {
			t.Fatalf("PhoneKey(%q) = %q, but the digits are %q", s, k, digits.String())
		}
		if strings.HasPrefix(k, "+") != strings.HasPrefix(strings.TrimSpace(s), "+") {
			t.Fatalf("PhoneKey(%q) = %q: leading + not kept exactly when present", s, k)
		}
		// Formatting does not change the key.
		if spaced := domain.PhoneKey(" " + s + " "); spaced != k {
			t.Fatalf("PhoneKey with surrounding spaces %q != %q", spaced, k)
		}
	})
}

func TestFoldExamples(t *testing.T) {
	for in, want := range map[string]string{
		"Müller":                "muller",
		"  Hans-Jürgen   Groß ": "hans-jurgen gross",
		"ÆSIR":                  "aesir",
		"Œuvre":                 "oeuvre",
		"O'Brien, Seán":         "o'brien sean",
		"ANNA@Example.ORG":      "anna@example.org",
		"Ｍüｌｌｅｒ":                "muller", // full-width letters
		"ﬁscher":                "fischer",
		"Δημήτρης":              "δημητρης",
		"Zoë\u0301":             "zoe",
		"İstanbul":              "istanbul",
	} {
		if got := domain.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	for p, want := range map[string]string{"mul": "mum", "a": "b", "z": "{", "\U0010FFFF": "", "a\U0010FFFF": "b", "\uD7FF": "\uE000"} {
		if got := domain.PrefixEnd(p); got != want {
			t.Errorf("PrefixEnd(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestFoldKeepsWordsApart: a word that begins with a letter Fold spells out (Ł, Ø, Æ, ß …) must stay a word
// of its own; the search for "nowak łukasz" looks for "łukasz" at a word start in the sort key.
func TestFoldKeepsWordsApart(t *testing.T) {
	for in, want := range map[string]string{
		"Nowak Łukasz":  "nowak lukasz",
		"Anders Ørsted": "anders orsted",
		"Lars Æbelø":    "lars aebelo",
		"von ßtraße":    "von sstrasse",
		"Hans Þórsson":  "hans thorsson",
		"Ana Đurić":     "ana duric",
	} {
		if got := domain.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldIsStableForEveryCharacter: a stored key folded again (as a search for it is) must not change,
// for any character in any position.
func TestFoldIsStableForEveryCharacter(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a " + string(r) + "b"} {
			if k := domain.Fold(s); domain.Fold(k) != k {
				t.Errorf("%U: Fold(%q) = %q, folded again %q", r, s, k, domain.Fold(k))
			}
		}
	}
}
