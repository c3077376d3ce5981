package importfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// ErrBool: a value that is neither yes nor no.
var ErrBool = errors.New("not yes or no")

// ParseBool reads a yes/no cell: yes, y, ja, j, true, wahr, 1, x, ✓ and on are true; no, n, nein, false,
// falsch, 0, off, - and the empty cell are false, so that a column of crosses reads as expected.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "ja", "j", "true", "wahr", "1", "x", "✓", "✔", "on":
		return true, nil
	case "no", "n", "nein", "false", "falsch", "0", "off", "-", "":
		return false, nil
	}
	return false, fmt.Errorf("%w: %q", ErrBool, s)
}

// ParseGender reads a gender or salutation cell into one of domain.Genders(), or "" when it says nothing:
// m, male, männlich, Mann, Herr, Mr → male; f, w, female, weiblich, Frau, Ms, Mrs → female; d, divers,
// diverse, x → diverse; o, other, non-binary → other; u, unknown, unbekannt → "". ok is false for a value it
// does not know (not for "").
func ParseGender(s string) (gender string, ok bool) {
	w := strings.TrimSuffix(domain.Fold(s), ".")
	switch w {
	case "":
		return "", true
	case "m", "male", "man", "mannlich", "mann", "herr", "hr", "mr", "mister", "sir":
		return "male", true
	case "f", "w", "female", "woman", "weiblich", "frau", "fr", "ms", "mrs", "miss", "madam":
		return "female", true
	case "d", "x", "divers", "diverse":
		return "diverse", true
	case "o", "other", "andere", "anderes", "non-binary", "nonbinary", "nichtbinar":
		return "other", true
	case "u", "unknown", "unbekannt", "undesignated", "keine angabe", "k.a", "n a":
		return "", true
	}
	return "", false
}

// SplitList splits a cell holding several values (tags, e-mail addresses) at commas, semicolons, pipes and
// line breaks, trimmed, empty parts dropped.
func SplitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// JoinStreet joins a street and a house number from separate columns ("Hauptstraße", "12a" → "Hauptstraße
// 12a"). The number goes after the street, as in German, unless it is empty or the street already holds it.
func JoinStreet(street, number string) string {
	street, number = strings.TrimSpace(street), strings.TrimSpace(number)
	switch {
	case number == "":
		return street
	case street == "":
		return number
	case strings.HasSuffix(street, " "+number) || strings.HasPrefix(street, number+" "):
		return street
	}
	return street + " " + number
}

// SplitName splits a full name into given and family name: "Müller, Hans" → Hans, Müller; "Hans Peter
// Müller" → Hans Peter, Müller. Family names with particles stay whole ("Ursula von der Leyen" → Ursula,
// von der Leyen). A single word is the family name.
func SplitName(full string) (given, family string) {
	full = strings.Join(strings.Fields(full), " ")
	if g, f, ok := strings.Cut(full, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(g)
	}
	words := strings.Fields(full)
	if len(words) < 2 {
		return "", full
	}
	i := len(words) - 1
	for i > 1 && particle(words[i-1]) {
		i--
	}
	return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
}

func particle(w string) bool {
	switch strings.ToLower(w) {
	case "von", "van", "vom", "zu", "zum", "zur", "der", "den", "de", "del", "della", "di", "da", "du", "la",
		"le", "ten", "ter", "bin", "ibn", "al", "el", "dos", "das":
		return true
	}
	return false
}
