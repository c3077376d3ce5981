package ui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
)

// Sampling for the mapping page: the first rows tell the date order of date columns; a few values per column
// show what it holds.
const (
	sampleRows    = 1000
	sampleValues  = 5
	sampleMaxRune = 40
)

// fileSample is what the mapping page shows of a file: how it was read, its header, and its first rows.
type fileSample struct {
	Reading   fileReading // as asked for
	Header    []string
	Rows      [][]string
	Format    importfile.Format
	Encoding  importfile.Encoding
	Delimiter rune
	Sheet     string
	Sheets    []string
	Recoded   int
}

// sampleFile opens an upload as fr says and reads its first rows.
func (u *UI) sampleFile(ctx context.Context, s *session, up service.Upload, fr fileReading) (fileSample, error) {
	rd, _, err := u.svc.OpenUpload(ctx, s.Actor, up.ID, fr.file())
	if err != nil {
		return fileSample{}, err
	}
	defer rd.Close()
	fs := fileSample{Reading: fr, Header: rd.Header(), Format: rd.Format(), Encoding: rd.Encoding(),
		Delimiter: rd.Delimiter(), Sheet: rd.Sheet(), Sheets: rd.Sheets()}
	for len(fs.Rows) < sampleRows {
		row, err := rd.Next()
		var re *importfile.RowError
		if errors.Is(err, io.EOF) || err != nil && !errors.As(err, &re) {
			break
		}
		if row != nil {
			fs.Rows = append(fs.Rows, row)
		}
	}
	fs.Recoded = rd.Recoded()
	return fs, nil
}

// openUpload samples an upload with the reading the form asks for; when that fails (a sheet that is not
// there, an encoding that does not fit), the file is read as detected and the problem said above the form.
func (u *UI) openUpload(ctx context.Context, v *view, up service.Upload, fr fileReading) (fileSample, error) {
	fs, err := u.sampleFile(ctx, v.Session, up, fr)
	if err != nil && fr != (fileReading{}) && errors.As(err, new(*domain.ValidationError)) {
		v.Errors = append(v.Errors, v.T("ui.import.reading_failed", "reason", v.T(fileErrorKey(err))))
		fs, err = u.sampleFile(ctx, v.Session, up, fileReading{})
	}
	return fs, err
}

// canImport answers 403 unless the actor may write contacts somewhere.
func (u *UI) canImport(w http.ResponseWriter, r *http.Request, s *session) bool {
	if !s.Actor.Scope.Has(access.WriteContacts) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return false
	}
	return true
}

// upload returns the actor's upload named by the path, or answers that it is gone.
func (u *UI) upload(w http.ResponseWriter, r *http.Request, s *session) (service.Upload, bool) {
	id, err := pathID(r.PathValue("id"))
	var up service.Upload
	if err == nil {
		up, err = u.svc.UploadInfo(r.Context(), s.Actor, id)
	}
	switch {
	case errors.Is(err, domain.ErrNotFound):
		u.errorPage(w, r, s, http.StatusNotFound, "ui.import.upload_gone")
		return up, false
	case err != nil:
		u.fail(w, r, s, err)
		return up, false
	}
	return up, true
}

// importFilePage shows the mapping page: the suggested mapping, or a saved one (?mapping=id) applied to the
// file, or the settings of an earlier run (?batch=id) for changing them.
func (u *UI) importFilePage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.canImport(w, r, s) || !u.validQuery(w, r, s) {
		return
	}
	up, ok := u.upload(w, r, s)
	if !ok {
		return
	}
	q := r.URL.Query()
	v := u.newView(r, s, "ui.import.file_title", "name", up.Name)
	fs, err := u.openUpload(r.Context(), v, up, readFileReading(q))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	f := importFileForm{Reading: fs.Reading, OnMatch: domain.OnMatchSkip}
	f.optionsFromQuery(q)
	missing, err := u.startingMapping(r, s, q, fs.Header, &f)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderImportFile(w, r, v, http.StatusOK, up, fs, f, missing)
}

// startingMapping sets the form's mapping from a saved mapping (?mapping=id, applied to this header; missing
// lists its columns the file lacks) or from an earlier run (?batch=id, with its options). Without either the
// form keeps no mapping and the page suggests one.
func (u *UI) startingMapping(r *http.Request, s *session, q url.Values, header []string, f *importFileForm) (missing []string, err error) {
	if id := q.Get("mapping"); id != "" {
		n, err := pathID(id)
		var saved importfile.Mapping
		if err == nil {
			saved, err = u.svc.ImportMapping(r.Context(), s.Actor, n)
		}
		if err != nil {
			return nil, err
		}
		m, gone := saved.Rebind(header)
		f.Mapping, missing = &m, gone
	}
	if id := q.Get("batch"); id != "" {
		n, err := pathID(id)
		var b domain.ImportBatch
		if err == nil {
			b, err = u.svc.ImportBatch(r.Context(), s.Actor, n)
		}
		if err != nil {
			return nil, err
		}
		m, _ := importfile.Mapping{Columns: b.Settings.Columns}.Rebind(header)
		m = m.KeepAsAttributes(keptColumns(q)) // the columns a dry run listed as not imported, chosen to keep
		f.Mapping = &m
		f.setOptions(b.Settings)
	}
	return missing, nil
}

// keptColumns reads the indexes of ?keep=: columns to keep as named facts.
func keptColumns(q url.Values) []int {
	var out []int
	for _, v := range q["keep"] {
		if i, err := strconv.Atoi(v); err == nil {
			out = append(out, i)
		}
	}
	return out
}

// importFileData is everything the mapping page shows.
type importFileData struct {
	Up        service.Upload
	Action    string // the page's own path
	Form      importFileForm
	Detected  string
	IsText    bool
	Preset    string // title of the file layout recognized
	Columns   []mappingColumn
	Groups    []fieldGroup
	Orders    []option
	Sampled   int
	Recoded   int
	Missing   []string // columns of an applied saved mapping that the file lacks
	Encodings []option
	Delims    []option
	Sheets    []option
	OnMatch   []onMatchChoice
	Units     []option
	Types     []option
	Mappings  []savedMappingLink
	Reading   url.Values // the reading choices, kept in the forms
}

// mappingColumn is one row of the mapping table.
type mappingColumn struct {
	Index                    int
	Header                   string
	Samples                  []string
	Field, Key, Order        string
	Qualifier                string
	NeedsKey, IsDate         bool
	FieldErr, KeyErr, OrdErr string
}

type onMatchChoice struct {
	Value, Label, Hint string
	Checked            bool
}

type savedMappingLink struct {
	ID   int64
	Name string
	URL  string
}

// renderImportFile shows the mapping page for a sampled file and the form f; a nil mapping (or one for
// another header, after the reading changed) is replaced by the suggestion.
func (u *UI) renderImportFile(w http.ResponseWriter, r *http.Request, v *view, status int, up service.Upload, fs fileSample,
	f importFileForm, missing []string) {
	ctx, s := r.Context(), v.Session
	if f.Mapping == nil || len(f.Mapping.Columns) != len(fs.Header) {
		m := importfile.Suggest(fs.Header)
		f.Mapping = &m
	}
	m := service.FillDateOrders(*f.Mapping, fs.Rows)
	f.Mapping = &m
	d := importFileData{Up: up, Action: "/imports/files/" + itoa(up.ID), Form: f, IsText: fs.Format == importfile.FormatCSV,
		Detected: describeFile(v, fs), Groups: fieldGroups(v), Orders: dateOrderOptions(v), Sampled: len(fs.Rows),
		Recoded: fs.Recoded, Missing: missing, OnMatch: onMatchChoices(v, f.OnMatch), Reading: fs.Reading.values()}
	if p, ok := importfile.PresetByName(m.Preset); ok {
		d.Preset = p.Title
	}
	d.Columns = mappingColumns(v, m, fs.Rows)
	d.Encodings, d.Delims, d.Sheets = readingChoices(v, fs)
	if err := u.loadImportChoices(ctx, s, &d); err != nil {
		u.fail(w, r, s, err)
		return
	}
	v.Data = d
	u.render(w, r, v, status, "import_file")
}

// loadImportChoices fills the selects that come from the database: units, membership types, saved mappings.
func (u *UI) loadImportChoices(ctx context.Context, s *session, d *importFileData) error {
	units, err := u.unitOptions(ctx, s, "ui.import.no_default_unit", s.Actor.Scope.Roots(access.WriteContacts))
	if err != nil {
		return err
	}
	types, err := u.svc.MembershipTypes(ctx)
	if err != nil {
		return err
	}
	saved, err := u.svc.ImportMappings(ctx, s.Actor)
	if err != nil {
		return err
	}
	if len(units) == 2 && d.Form.UnitID == "" { // the blank choice and exactly one unit
		d.Form.UnitID = units[1].Value
	}
	d.Units = units
	d.Types = []option{{Value: "", Label: u.cat.T(s.Lang, "ui.import.no_type")}}
	for _, t := range types {
		if t.Active {
			d.Types = append(d.Types, option{Value: itoa(t.ID), Label: t.Name})
		}
	}
	for _, m := range saved {
		q := cloneValues(d.Reading)
		q.Set("mapping", itoa(m.ID))
		d.Mappings = append(d.Mappings, savedMappingLink{ID: m.ID, Name: m.Name, URL: d.Action + "?" + q.Encode()})
	}
	return nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// mappingColumns builds the rows of the mapping table: each column with a few of its values and its choices.
func mappingColumns(v *view, m importfile.Mapping, rows [][]string) []mappingColumn {
	out := make([]mappingColumn, len(m.Columns))
	for i, c := range m.Columns {
		info, _ := importfile.Field(c.Field).Info()
		mc := mappingColumn{Index: i, Header: c.Header, Field: c.Field, Key: c.Key, Order: c.DateOrder,
			Qualifier: c.Qualifier, NeedsKey: info.NeedsKey, IsDate: info.Date}
		n := itoa(int64(i))
		mc.FieldErr, mc.KeyErr, mc.OrdErr = v.Fields["field."+n], v.Fields["key."+n], v.Fields["order."+n]
		for _, row := range rows {
			if len(mc.Samples) == sampleValues {
				break
			}
			if i < len(row) && row[i] != "" {
				mc.Samples = append(mc.Samples, shorten(row[i], sampleMaxRune))
			}
		}
		out[i] = mc
	}
	return out
}

// shorten cuts text to n characters with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// describeFile says how the file was read, in the page language.
func describeFile(v *view, fs fileSample) string {
	if fs.Format == importfile.FormatXLSX {
		return v.T("ui.import.detected_xlsx", "sheet", fs.Sheet)
	}
	delim := v.T("ui.import.delimiter." + delimiterName(fs.Delimiter))
	return v.T("ui.import.detected_csv", "encoding", fs.Encoding.String(), "delimiter", delim)
}

// delimiterName names a delimiter as the form does, "other" for one it does not offer.
func delimiterName(d rune) string {
	for name, r := range delimiters {
		if r == d {
			return name
		}
	}
	return "other"
}

// readingChoices are the selects of the reading form: encoding and delimiter for text, sheet for workbooks.
func readingChoices(v *view, fs fileSample) (encs, delims, sheets []option) {
	encs = []option{{Value: "", Label: v.T("ui.import.detect_encoding", "encoding", fs.Encoding.String())}}
	for _, e := range encodings {
		encs = append(encs, option{Value: string(e), Label: string(e), Selected: fs.Reading.Encoding == string(e)})
	}
	delims = []option{{Value: "", Label: v.T("ui.import.detect_delimiter", "delimiter",
		v.T("ui.import.delimiter."+delimiterName(fs.Delimiter)))}}
	for _, name := range delimiterNames {
		delims = append(delims, option{Value: name, Label: v.T("ui.import.delimiter." + name), Selected: fs.Reading.Delimiter == name})
	}
	for i, sh := range fs.Sheets {
		sheets = append(sheets, option{Value: sh, Label: sh, Selected: sh == fs.Sheet || i == 0 && fs.Sheet == ""})
	}
	return encs, delims, sheets
}

// onMatchChoices lists what a matching row may do, each with its explanation.
func onMatchChoices(v *view, chosen string) []onMatchChoice {
	if chosen == "" {
		chosen = domain.OnMatchSkip
	}
	var out []onMatchChoice
	for _, c := range domain.OnMatchChoices() {
		out = append(out, onMatchChoice{Value: c, Label: v.T("ui.import.on_match." + c),
			Hint: v.T("ui.import.on_match_hint." + c), Checked: c == chosen})
	}
	return out
}

// dateOrderOptions are the choices for reading ambiguous dates such as 03/04/2020.
func dateOrderOptions(v *view) []option {
	out := []option{{Value: "", Label: v.T("ui.import.order.detect")}}
	for _, o := range []importfile.DateOrder{importfile.DayMonthYear, importfile.MonthDayYear, importfile.YearMonthDay} {
		out = append(out, option{Value: string(o), Label: v.T("ui.import.order." + string(o))})
	}
	return out
}
