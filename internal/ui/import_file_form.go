package ui

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
)

// fileReading is how a file is read: the detected values unless the user chose others on the mapping page.
// Only known values are kept; anything else means "detect".
type fileReading struct {
	Encoding  string // an importfile.Encoding, "" to detect
	Delimiter string // a name of delimiters, "" to detect
	Sheet     string // a workbook's sheet, "" for the first
	NoHeader  bool   // the first row holds data
}

// delimiters are the delimiters offered, by the name the form uses.
var delimiters = map[string]rune{"comma": ',', "semicolon": ';', "tab": '\t', "pipe": '|'}

var delimiterNames = []string{"comma", "semicolon", "tab", "pipe"}

var encodings = []importfile.Encoding{importfile.UTF8, importfile.Windows1252, importfile.UTF16LE, importfile.UTF16BE}

func readFileReading(f url.Values) fileReading {
	fr := fileReading{Sheet: strings.TrimSpace(f.Get("sheet")), NoHeader: f.Get("no_header") == "1"}
	if e := importfile.Encoding(f.Get("encoding")); slices.Contains(encodings, e) {
		fr.Encoding = string(e)
	}
	if _, ok := delimiters[f.Get("delimiter")]; ok {
		fr.Delimiter = f.Get("delimiter")
	}
	return fr
}

func (fr fileReading) file() domain.ImportFile {
	f := domain.ImportFile{Encoding: fr.Encoding, Sheet: fr.Sheet, NoHeader: fr.NoHeader}
	if d := delimiters[fr.Delimiter]; d != 0 {
		f.Delimiter = string(d)
	}
	return f
}

// readingOf turns the options a file was read with back into the form's values.
func readingOf(f domain.ImportFile) fileReading {
	fr := fileReading{Encoding: f.Encoding, Sheet: f.Sheet, NoHeader: f.NoHeader}
	for name, d := range delimiters {
		if string(d) == f.Delimiter {
			fr.Delimiter = name
		}
	}
	return fr
}

// values are the reading choices for a URL or hidden fields; detected values are left out.
func (fr fileReading) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"encoding": fr.Encoding, "delimiter": fr.Delimiter, "sheet": fr.Sheet} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if fr.NoHeader {
		v.Set("no_header", "1")
	}
	return v
}

// importFileForm is the mapping page's form: how to read the file, the mapping (nil until there is one:
// the page suggests it) and the import options, as entered.
type importFileForm struct {
	Reading     fileReading
	Mapping     *importfile.Mapping
	OnMatch     string
	UnitID      string
	TypeID      string
	Tags        string
	Country     string
	MappingName string
	Numbers     bool // give new members the next member number of their series
}

// readImportFileForm reads the posted form; the mapping is read against the file's header.
func readImportFileForm(f url.Values, header []string) importFileForm {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	m := readMapping(f, header)
	return importFileForm{Reading: readFileReading(f), Mapping: &m, OnMatch: get("on_match"), UnitID: get("unit_id"),
		TypeID: get("membership_type"), Tags: get("tags"), Country: get("country"), MappingName: get("mapping_name"),
		Numbers: get("assign_member_numbers") != ""}
}

// readMapping reads the column choices field.N, key.N, order.N and qualifier.N for each column of header. A key
// or date order sent for a field that takes none (the controls stay in the page when the field changes) is
// dropped rather than reported.
func readMapping(f url.Values, header []string) importfile.Mapping {
	m := importfile.Mapping{Columns: make([]importfile.ColumnMapping, len(header))}
	if _, ok := importfile.PresetByName(f.Get("preset")); ok {
		m.Preset = f.Get("preset")
	}
	for i, h := range header {
		n := strconv.Itoa(i)
		c := importfile.ColumnMapping{Header: h, Field: f.Get("field." + n)}
		info, _ := importfile.Field(c.Field).Info()
		if info.NeedsKey {
			c.Key = strings.ToLower(strings.TrimSpace(f.Get("key." + n)))
		}
		switch {
		case info.Date:
			c.DateOrder = f.Get("order." + n)
		case importfile.Field(c.Field) == importfile.Attribute: // a named fact read as a date (a preset's)
			c.DateOrder = f.Get("attr_order." + n)
		}
		if importfile.Field(c.Field) == importfile.ExternalID {
			c.Qualifier = f.Get("qualifier." + n)
		}
		m.Columns[i] = c
	}
	return m
}

// options turns the form into the service's import options; malformed ids are problems of their fields.
func (f importFileForm) options(p *domain.Problems) domain.ImportOptions {
	o := domain.ImportOptions{OnMatch: f.OnMatch, UnitID: formID(p, "unit_id", f.UnitID),
		MembershipType: formID(p, "membership_type", f.TypeID), Country: strings.ToUpper(f.Country), AssignMemberNumbers: f.Numbers}
	if f.Mapping != nil {
		o.Columns = importColumns(*f.Mapping)
	}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			o.Tags = append(o.Tags, t)
		}
	}
	return o
}

// formOfOptions fills the option fields of the form from a batch's settings, for "change the mapping".
func (f *importFileForm) setOptions(o domain.ImportOptions) {
	f.OnMatch, f.Tags, f.Country, f.Numbers = o.OnMatch, strings.Join(o.Tags, ", "), o.Country, o.AssignMemberNumbers
	if o.UnitID != 0 {
		f.UnitID = itoa(o.UnitID)
	}
	if o.MembershipType != 0 {
		f.TypeID = itoa(o.MembershipType)
	}
}

// importColumns and fileMapping convert between the file mapping and the columns a batch stores.
func importColumns(m importfile.Mapping) []domain.ImportColumn {
	out := make([]domain.ImportColumn, len(m.Columns))
	for i, c := range m.Columns {
		out[i] = domain.ImportColumn{Header: c.Header, Field: string(c.Field), Key: c.Key, Qualifier: c.Qualifier,
			DateOrder: string(c.DateOrder)}
	}
	return out
}

// importFileField maps the service's field names to the form's: columns.3.key is key.3; a problem of a
// column's header or qualifier is shown at its field select; problems of the whole mapping go on top.
func importFileField(f string) string {
	if rest, ok := strings.CutPrefix(f, "columns."); ok {
		n, part, _ := strings.Cut(rest, ".")
		switch part {
		case "key":
			return "key." + n
		case "date_order":
			return "order." + n
		case "field", "header", "qualifier":
			return "field." + n
		}
		return ""
	}
	if f == "tags" || strings.HasPrefix(f, "tags.") {
		return "tags"
	}
	switch f {
	case "on_match", "unit_id", "membership_type", "country", "mapping_name":
		return f
	case "name":
		return "mapping_name"
	}
	return ""
}

// fileErrorKey is the message of a file that cannot be read as a spreadsheet.
func fileErrorKey(err error) string {
	switch {
	case errors.Is(err, importfile.ErrXLS):
		return "ui.import.error_xls"
	case errors.Is(err, importfile.ErrEmpty):
		return "ui.import.error_empty"
	case errors.Is(err, importfile.ErrLineTooLong):
		return "ui.import.error_line_too_long"
	case errors.Is(err, importfile.ErrNotSpreadsheet):
		return "ui.import.error_not_spreadsheet"
	case errors.Is(err, importfile.ErrTooLarge):
		return "ui.import.error_too_large_unpacked"
	}
	return "ui.import.error_unreadable"
}

// sizeText writes a file size for people, in the binary units spreadsheet users see: 840 KB, 100 MB.
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d MB", (n+1<<19)>>20)
}
