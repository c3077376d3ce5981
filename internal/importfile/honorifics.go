package importfile

import (
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// ParseSalutation reads a salutation cell ("Herr Dr.", "Mrs", "Prof. Dr.", "Familie") into what it says: a
// gender (as ParseGender), a title that goes before the name ("Dr.", "Prof. Dr. med."), and the rest that is
// neither ("Familie", "Liebe Freunde"). Nothing of the cell is dropped: gender words, titles and the rest
// together are the cell's words.
func ParseSalutation(s string) (gender, title, rest string) {
	s = strings.Join(strings.Fields(s), " ")
	if g, ok := ParseGender(s); ok && s != "" {
		return g, "", ""
	}
	words := strings.Fields(s)
	if len(words) > 0 {
		if g, ok := ParseGender(words[0]); ok && g != "" {
			gender, words = g, words[1:]
		}
	}
	title, words = leadingTitle(words)
	return gender, title, strings.Join(words, " ")
}

// SplitTitle takes the titles off the front of a name: "Dr. Hans" → "Dr.", "Hans"; "Prof. Dr. med. Eva" →
// "Prof. Dr. med.", "Eva". Apply it to the given-name part of a full name (see SplitName), so that a title
// alone before a family name ("Dr. Müller") leaves the family name whole.
func SplitTitle(name string) (title, rest string) {
	t, words := leadingTitle(strings.Fields(name))
	return t, strings.Join(words, " ")
}

// leadingTitle splits off the title words at the front: a title ("Dr.", "Prof", "Rev.") and the words that
// qualify one ("med.", "h.c.", "rer. nat.").
func leadingTitle(words []string) (string, []string) {
	n := 0
	for n < len(words) {
		w := titleKey(words[n])
		if !titleWords[w] && (n == 0 || !titleQualifiers[w]) {
			break
		}
		n++
	}
	return strings.Join(words[:n], " "), words[n:]
}

func titleKey(w string) string {
	return strings.ReplaceAll(strings.TrimRight(domain.Fold(w), ".,"), ".", "")
}

// titleWords are titles that stand before a name, English and German, folded without dots.
var titleWords = map[string]bool{
	"dr": true, "doctor": true, "doktor": true, "prof": true, "professor": true, "professorin": true,
	"dipl": true, "diplom": true, "dipl-ing": true, "diplng": true, "mag": true, "magister": true, "ing": true,
	"rev": true, "reverend": true, "hon": true, "honorable": true, "pastor": true, "pastorin": true,
	"pfarrer": true, "pfarrerin": true, "rabbi": true, "imam": true, "judge": true, "sen": true,
	"senator": true, "rep": true, "gov": true, "governor": true, "capt": true, "captain": true,
	"col": true, "gen": true, "maj": true, "lt": true, "sgt": true, "univ-prof": true, "priv-doz": true,
	"pd": true, "apl": true,
}

// titleQualifiers follow a title: "Dr. med.", "Dr. rer. nat.", "Prof. Dr. h.c. mult.".
var titleQualifiers = map[string]bool{
	"med": true, "dent": true, "vet": true, "rer": true, "nat": true, "pol": true, "oec": true, "phil": true,
	"jur": true, "theol": true, "habil": true, "hc": true, "mult": true, "sc": true, "techn": true,
	"ing": true, "dr": true, "prof": true, "univ": true,
}
