package importfile

import (
	"strings"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
)

// Suggest proposes a mapping for a header. A header that matches a preset (see DetectPreset) gets the preset's
// mapping. Otherwise each column is looked up among the English and German names of the import fields,
// compared without case, accents, punctuation or spaces ("E-Mail-Adresse" = "email adresse", "Straße" =
// "strasse"), and failing that without qualifiers such as "primary", "privat" or a number ("Telefon
// privat", "Email 2"). A single-valued field goes to its first column only; later ones, and columns nobody
// knows, are ignored. "Name" beside a given-name column is the family name, otherwise the full name.
func Suggest(header []string) Mapping {
	if p, ok := DetectPreset(header); ok {
		return p.Apply(header)
	}
	names := synonymIndex()
	m := Mapping{Columns: make([]ColumnMapping, len(header))}
	taken := map[ColumnMapping]bool{}
	for i, h := range header {
		m.Columns[i] = ColumnMapping{Header: h}
		t, ok := names[headerKey(h)]
		if !ok {
			t, ok = names[strings.Join(unqualified(h), "")]
		}
		if !ok {
			continue
		}
		info, _ := Field(t.Field).Info()
		k := ColumnMapping{Field: t.Field, Key: t.Key}
		if taken[k] && (!info.Multi || info.NeedsKey) {
			continue
		}
		taken[k] = true
		m.Columns[i].Field, m.Columns[i].Key = t.Field, t.Key
	}
	if full := m.Index(FullName); full >= 0 && m.Index(GivenName) >= 0 && m.Index(FamilyName) < 0 &&
		headerKey(header[full]) == "name" {
		m.Columns[full].Field = string(FamilyName)
	}
	return m
}

// headerKey folds a header for comparison: lower case, accents and umlauts folded (ß → ss, ü → u),
// everything but letters and digits dropped.
func headerKey(h string) string {
	return strings.Join(headerTokens(h), "")
}

func headerTokens(h string) []string {
	folded := strings.ToLower(h)
	for i := 0; i < len(h); i++ {
		if h[i] >= utf8.RuneSelf { // only text beyond ASCII needs Unicode folding
			folded = domain.Fold(h)
			break
		}
	}
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= utf8.RuneSelf)
	})
}

// unqualified returns a header's words without those that only qualify which one of several it is.
func unqualified(h string) []string {
	var out []string
	for _, t := range headerTokens(h) {
		if !qualifier(t) {
			out = append(out, t)
		}
	}
	return out
}

func qualifier(word string) bool {
	if strings.Trim(word, "0123456789") == "" {
		return true
	}
	switch word {
	case "primary", "primar", "primaer", "main", "haupt", "default", "standard", "preferred", "bevorzugt",
		"home", "privat", "private", "personal", "personlich", "work", "business", "office", "dienstlich",
		"geschaftlich", "geschaeftlich", "buro", "contact", "kontakt":
		return true
	}
	return false
}

// synonymIndex maps folded header names to the field (and key) they stand for.
func synonymIndex() map[string]ColumnMapping {
	idx := map[string]ColumnMapping{}
	for _, s := range synonyms() {
		for _, n := range s.names {
			idx[headerKey(n)] = ColumnMapping{Field: string(s.field), Key: s.key}
		}
	}
	return idx
}
