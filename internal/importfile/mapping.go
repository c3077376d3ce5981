package importfile

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// Mapping says which field each column of a file goes to. It is plain data: saved as JSON and applied again
// to the next file with the same columns (see Rebind).
type Mapping struct {
	Preset  string          `json:"preset,omitempty"` // name of the preset it came from, if any
	Columns []ColumnMapping `json:"columns"`          // one per column of the header, in order
}

// ColumnMapping maps one column: the import's stored column (domain.ImportColumn), one type for the file
// reader, the import and the batch that records it. Its Field holds a Field and its DateOrder a DateOrder.
type ColumnMapping = domain.ImportColumn

// Index returns the index of the first column mapped to f, or -1.
func (m Mapping) Index(f Field) int {
	for i, c := range m.Columns {
		if Field(c.Field) == f {
			return i
		}
	}
	return -1
}

// Ignored returns the headers of the columns that are not imported.
func (m Mapping) Ignored() []string {
	var out []string
	for _, c := range m.Columns {
		if Field(c.Field) == Ignore {
			out = append(out, c.Header)
		}
	}
	return out
}

// Value returns column i's value in row, trimmed, with its qualifier's value in front ("92:000012345"). It
// returns "" when the value is empty, and also when a qualifier is set but its column is empty.
func (m Mapping) Value(row []string, i int) string {
	if i < 0 || i >= len(row) || i >= len(m.Columns) {
		return ""
	}
	v := strings.TrimSpace(row[i])
	q := m.Columns[i].Qualifier
	if v == "" || q == "" {
		return v
	}
	for j, c := range m.Columns {
		if c.Header == q && j < len(row) {
			if qv := strings.TrimSpace(row[j]); qv != "" {
				return qv + ":" + v
			}
			return ""
		}
	}
	return ""
}

var reKey = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)

// Validate checks a mapping against the header of the file it is for: one column mapping per column with the
// same header, known fields, a key where one is needed, each single-valued field and each (field, key) pair
// at most once, qualifiers that name a column, date orders only on date columns. Problems are reported per
// column as "columns.3.field" and so on, in a *domain.ValidationError.
func (m Mapping) Validate(header []string) error {
	var p domain.Problems
	if len(m.Columns) != len(header) {
		p.AddParam("columns", "column_count", len(header))
		return p.Err()
	}
	seen := map[ColumnMapping]bool{}
	for i, c := range m.Columns {
		at := fmt.Sprintf("columns.%d.", i)
		if !sameHeader(c.Header, header[i]) {
			p.AddParam(at+"header", "header_mismatch", header[i])
		}
		if Field(c.Field) == Ignore {
			continue
		}
		info, ok := Field(c.Field).Info()
		if !ok {
			p.Add(at+"field", "unknown_field")
			continue
		}
		switch {
		case info.NeedsKey && !reKey.MatchString(c.Key):
			p.Add(at+"key", "invalid_key")
		case !info.NeedsKey && c.Key != "":
			p.Add(at+"key", "unexpected_key")
		}
		if c.Qualifier != "" && (Field(c.Field) != ExternalID || indexOfHeader(header, c.Qualifier) < 0) {
			p.Add(at+"qualifier", "invalid_qualifier")
		}
		if c.DateOrder != "" && (!DateOrder(c.DateOrder).valid() || !info.Date && Field(c.Field) != Attribute) {
			p.Add(at+"date_order", "invalid_date_order")
		}
		k := ColumnMapping{Field: c.Field}
		if info.NeedsKey {
			k.Key = c.Key
		}
		if seen[k] && (!info.Multi || info.NeedsKey) {
			p.Add(at+"field", "mapped_twice")
		}
		seen[k] = true
	}
	return p.Err()
}

func indexOfHeader(header []string, h string) int {
	for i, x := range header {
		if x == h {
			return i
		}
	}
	return -1
}

func indexOfKey(header []string, h string) int {
	for i, x := range header {
		if sameHeader(x, h) {
			return i
		}
	}
	return -1
}

func sameHeader(a, b string) bool {
	return a == b || headerKey(a) == headerKey(b)
}

// Rebind applies a saved mapping to a file whose columns may be in another order or partly different. Each
// column of header takes the saved mapping of the column with the same header (compared as Suggest compares
// them; repeated headers pair up in order); columns the saved mapping does not know are suggested afresh.
// missing lists the saved columns, mapped to a field, that the new file lacks.
func (m Mapping) Rebind(header []string) (out Mapping, missing []string) {
	fresh := Suggest(header)
	out = Mapping{Preset: m.Preset, Columns: make([]ColumnMapping, len(header))}
	used := make([]bool, len(m.Columns))
	taken := map[ColumnMapping]bool{}
	for i, h := range header {
		out.Columns[i] = ColumnMapping{Header: h}
		for j, c := range m.Columns {
			if !used[j] && sameHeader(c.Header, h) {
				used[j] = true
				c.Header = h
				out.Columns[i] = c
				taken[ColumnMapping{Field: c.Field, Key: c.Key}] = true
				break
			}
		}
	}
	for i, c := range out.Columns {
		if c.Qualifier != "" {
			if j := indexOfKey(header, c.Qualifier); j >= 0 {
				out.Columns[i].Qualifier = header[j]
			}
		}
		if Field(c.Field) != Ignore || sameIndexUsed(m.Columns, used, c.Header) {
			continue
		}
		f := fresh.Columns[i]
		info, _ := Field(f.Field).Info()
		if k := (ColumnMapping{Field: f.Field, Key: f.Key}); Field(f.Field) != Ignore && (!taken[k] || info.Multi && !info.NeedsKey) {
			out.Columns[i] = f
			taken[k] = true
		}
	}
	for j, c := range m.Columns {
		if !used[j] && Field(c.Field) != Ignore {
			missing = append(missing, c.Header)
		}
	}
	return out, missing
}

// sameIndexUsed reports whether a saved column with this header was matched: a column the user chose to
// ignore stays ignored.
func sameIndexUsed(saved []ColumnMapping, used []bool, h string) bool {
	for j, c := range saved {
		if used[j] && sameHeader(c.Header, h) {
			return true
		}
	}
	return false
}

// KeepAsAttributes maps the columns at the given indexes that no field takes to named facts (Attribute), each
// named after its header ("Website" → website, "Mitglied im Chor?" → mitglied_im_chor), so that their values
// are stored rather than dropped. Names already taken by other columns get a number ("website_2").
func (m Mapping) KeepAsAttributes(indexes []int) Mapping {
	out := Mapping{Preset: m.Preset, Columns: append([]ColumnMapping(nil), m.Columns...)}
	taken := map[string]bool{}
	for _, c := range out.Columns {
		if Field(c.Field) == Attribute {
			taken[c.Key] = true
		}
	}
	for _, i := range indexes {
		if i < 0 || i >= len(out.Columns) || Field(out.Columns[i].Field) != Ignore {
			continue
		}
		base := AttributeKey(out.Columns[i].Header, i)
		key := base
		for n := 2; taken[key]; n++ {
			suffix := fmt.Sprintf("_%d", n)
			key = strings.TrimRight(base[:min(len(base), 32-len(suffix))], "_") + suffix
		}
		taken[key] = true
		out.Columns[i].Field, out.Columns[i].Key, out.Columns[i].DateOrder = string(Attribute), key, ""
	}
	return out
}

// AttributeKey makes the name of a named fact from a column header: its letters and digits in lower case,
// accents folded, words joined by "_", at most 32 characters; "column_N" (N from 1) for a header without any.
func AttributeKey(header string, index int) string {
	key := strings.Join(headerTokens(header), "_")
	var b strings.Builder
	for _, r := range key { // headerTokens keeps letters beyond ASCII that folding left: only a–z, 0–9 remain
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		}
	}
	key = strings.Trim(b.String(), "_")
	for strings.Contains(key, "__") {
		key = strings.ReplaceAll(key, "__", "_")
	}
	if len(key) > 32 {
		key = strings.TrimRight(key[:32], "_")
	}
	if !reKey.MatchString(key) {
		key = fmt.Sprintf("column_%d", index+1)
	}
	return key
}
