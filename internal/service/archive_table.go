package service

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/ziplimit"
)

// archiveProblems collects what is wrong with an archive, each problem named by file, line and column, up
// to a limit: one bad column of a large file should not bury the others.
type archiveProblems struct {
	list []domain.FieldError
	more int
}

const maxArchiveProblems = 50

func (p *archiveProblems) add(field, code, param string) {
	if len(p.list) == maxArchiveProblems {
		p.more++
		return
	}
	p.list = append(p.list, domain.FieldError{Field: field, Code: code, Param: param})
}

func (p *archiveProblems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	fields := slices.Clone(p.list)
	if p.more > 0 {
		fields = append(fields, domain.FieldError{Field: "archive", Code: "more_problems", Param: strconv.Itoa(p.more)})
	}
	return &domain.ValidationError{Fields: fields}
}

// archiveTable reads one file of an archive, CSV or JSON, row by row as text in the format's column order,
// whatever the order in the file. Its getters parse a column by type and record a problem for a bad value.
type archiveTable struct {
	spec    domain.ArchiveFile
	probs   *archiveProblems
	rec     []string
	line    int // CSV: line of the record; JSON: number of the object
	rows    int
	rowBad  bool
	read    func() ([]string, error) // the next row in column order; io.EOF at the end
	limit   *rowLimit
	closeFn func() error
}

// openArchiveTable opens a file of the archive. A missing file or column is recorded as a problem and
// answered with nil.
func openArchiveTable(zr *zip.Reader, spec domain.ArchiveFile, probs *archiveProblems) *archiveTable {
	zf, ok := ziplimit.Find(zr, spec.Name)
	if !ok {
		probs.add(spec.Name, "missing_file", "")
		return nil
	}
	f, err := ziplimit.OpenMember(zf, archiveMaxFile)
	if err != nil {
		code, param := readProblem(err)
		probs.add(spec.Name, code, param)
		return nil
	}
	t := &archiveTable{spec: spec, probs: probs, limit: &rowLimit{r: f}, closeFn: f.Close}
	if path.Ext(spec.Name) == ".csv" {
		err = t.openCSV(t.limit)
	} else {
		err = t.openJSON(t.limit)
	}
	if err != nil {
		f.Close()
		code, param := readProblem(err)
		probs.add(spec.Name, code, param)
		return nil
	}
	t.limit.mark()
	if t.read == nil { // missing columns, already recorded
		f.Close()
		return nil
	}
	return t
}

func (t *archiveTable) openCSV(f io.Reader) error {
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return err
	}
	t.line, _ = r.FieldPos(0) // a problem before the first row is on the line after the header
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	pos := make([]int, len(t.spec.Columns))
	missing := false
	for i, c := range t.spec.Columns {
		if pos[i] = slices.Index(header, c.Name); pos[i] < 0 {
			t.probs.add(t.spec.Name, "missing_column", c.Name)
			missing = true
		}
	}
	if missing {
		return nil
	}
	r.ReuseRecord = true
	rec := make([]string, len(pos))
	t.read = func() ([]string, error) {
		raw, err := r.Read()
		if err != nil {
			return nil, err
		}
		t.line, _ = r.FieldPos(0)
		for i, p := range pos {
			rec[i] = raw[p]
		}
		return rec, nil
	}
	return nil
}

// openJSON reads a JSON array of objects (.json) or one object per line (.jsonl). A field the object lacks
// is empty, like null.
func (t *archiveTable) openJSON(f io.Reader) error {
	dec := json.NewDecoder(f)
	dec.UseNumber()
	array := path.Ext(t.spec.Name) == ".json"
	if array {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return fmt.Errorf("not a JSON array")
		}
	}
	rec := make([]string, len(t.spec.Columns))
	t.read = func() ([]string, error) {
		if array && !dec.More() {
			return nil, io.EOF
		}
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			return nil, err
		}
		t.line++
		for i, c := range t.spec.Columns {
			rec[i] = jsonText(obj[c.Name])
		}
		return rec, nil
	}
	return nil
}

// jsonText turns a JSON value into the archive's text: a string unquoted, null or absent empty, anything
// else (numbers, booleans, objects) as written.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}

// next moves to the next row; false at the end or when the file cannot be read further (a problem then).
func (t *archiveTable) next() bool {
	rec, err := t.read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		code, param := readProblem(err)
		t.probs.add(fmt.Sprintf("%s:%d", t.spec.Name, t.line+1), code, param)
		return false
	}
	t.limit.mark()
	t.rec, t.rowBad = rec, false
	t.rows++
	return true
}

func (t *archiveTable) close() { _ = t.closeFn() }

// bad records a problem with a column of the current row.
func (t *archiveTable) bad(column, code string) {
	t.rowBad = true
	t.probs.add(fmt.Sprintf("%s:%d:%s", t.spec.Name, t.line, column), code, "")
}

// ok reports whether the current row had no problem.
func (t *archiveTable) ok() bool { return !t.rowBad }

func (t *archiveTable) raw(column string) string {
	i := t.spec.Column(column)
	if i < 0 {
		panic("archive: no column " + column + " in " + t.spec.Name) // programming error
	}
	return t.rec[i]
}

// text returns a text column: valid UTF-8 without control characters other than line breaks and tabs.
func (t *archiveTable) text(column string) string {
	v := t.raw(column)
	switch {
	case !domain.ValidText(v):
		t.bad(column, "invalid_text")
	case len(v) > 100000:
		t.bad(column, "too_long")
	}
	return v
}

// required is text that must not be empty.
func (t *archiveTable) required(column string) string {
	v := t.text(column)
	if v == "" {
		t.bad(column, "required")
	}
	return v
}

// oneOf is text from a list of choices, or empty.
func (t *archiveTable) oneOf(column string, choices []string) string {
	v := t.text(column)
	if v != "" && !slices.Contains(choices, v) {
		t.bad(column, "invalid_choice")
	}
	return v
}

// number returns a whole number column, 0 when empty; negative numbers are refused.
func (t *archiveTable) number(column string, required bool) int64 {
	v := t.raw(column)
	if v == "" {
		if required {
			t.bad(column, "required")
		}
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		t.bad(column, "invalid_number")
	}
	return n
}

// id returns a required id column.
func (t *archiveTable) id(column string) int64 {
	n := t.number(column, true)
	if n == 0 && t.raw(column) != "" {
		t.bad(column, "invalid_number")
	}
	return n
}

func (t *archiveTable) integer(column string) int { return int(t.number(column, true)) }

func (t *archiveTable) boolean(column string) bool {
	b, err := strconv.ParseBool(t.raw(column))
	if err != nil {
		t.bad(column, "invalid_boolean")
	}
	return b
}

func (t *archiveTable) date(column string) domain.Date {
	v := t.raw(column)
	if v == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(v)
	if err != nil {
		t.bad(column, "invalid_date")
	}
	return d
}

func (t *archiveTable) optTime(column string) *time.Time {
	v := t.raw(column)
	if v == "" {
		return nil
	}
	at, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		t.bad(column, "invalid_timestamp")
		return nil
	}
	at = at.UTC().Truncate(time.Microsecond)
	return &at
}

func (t *archiveTable) time(column string) time.Time {
	at := t.optTime(column)
	if at == nil {
		if t.raw(column) == "" {
			t.bad(column, "required")
		}
		return time.Time{}
	}
	return *at
}

// object returns a json column: empty, or a JSON object.
func (t *archiveTable) object(column string) string {
	v := t.raw(column)
	if v != "" && (!json.Valid([]byte(v)) || !strings.HasPrefix(strings.TrimSpace(v), "{")) {
		t.bad(column, "invalid_json")
	}
	return v
}
