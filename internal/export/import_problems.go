package export

import (
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/importfile"
)

// ImportProblem says one problem of an import report row in words of lang: "E-mail: Not a valid e-mail
// address." The batch page and the download of rejected rows say it alike.
func ImportProblem(cat *i18n.Catalog, lang string, p domain.FieldError) string {
	key := "error." + p.Code
	if strings.HasPrefix(p.Code, "ui.") {
		key = p.Code
	}
	msg := cat.T(lang, key, "param", p.Param)
	if name, ok := strings.CutPrefix(p.Field, "attributes."); ok { // a named fact goes by its own name
		if cat.Has(lang, "ui.attribute."+name) {
			name = cat.T(lang, "ui.attribute."+name)
		}
		return name + ": " + msg
	}
	if f := importProblemField(p.Field); f != "" && cat.Has(lang, "ui.import.field."+f) {
		return cat.T(lang, "ui.import.field."+f) + ": " + msg
	}
	return msg
}

// ImportProblems says all problems of a row, one after the other.
func ImportProblems(cat *i18n.Catalog, lang string, ps []domain.FieldError) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = ImportProblem(cat, lang, p)
	}
	return strings.Join(out, " ")
}

// importProblemField is the import field a problem's field names ("emails.0.address" → email,
// "addresses.0.city" → city), or "" for a problem of the whole row.
func importProblemField(field string) string {
	first, rest, _ := strings.Cut(field, ".")
	switch first {
	case "row", "":
		return ""
	case "emails":
		return string(importfile.Email)
	case "phones":
		return string(importfile.Phone)
	case "external_ids":
		return string(importfile.ExternalID)
	case "attributes":
		return string(importfile.Attribute)
	case "addresses":
		_, part, _ := strings.Cut(rest, ".")
		if part == "extra" {
			return string(importfile.AddressExtra)
		}
		return part
	case "membership":
		return "membership_" + strings.TrimSuffix(strings.TrimSuffix(rest, "_date"), "_id")
	}
	return first
}
