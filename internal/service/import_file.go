package service

import (
	"errors"

	"github.com/roster-crm/roster/internal/importfile"
)

// RowProblem is an ImportSource's report of one malformed record: the import lists it as invalid and goes on.
type RowProblem struct {
	Line   int
	Code   string   // error code for the report: unclosed_quote, extra_cells
	Record []string // the record's cells when it could be read (extra_cells: more than the header has)
}

func (p *RowProblem) Error() string { return "line problem: " + p.Code }

// FileSource reads the records of an opened import file. A row with fewer cells than the header is read with
// the missing cells empty (spreadsheets drop trailing blanks); a row with more, or with an unclosed quote, is
// reported as invalid, the one with more with its cells.
func FileSource(r *importfile.Reader) importSource { return fileSource{r} }

type fileSource struct{ r *importfile.Reader }

// Progress is the share of the file read so far.
func (f fileSource) Progress() float64 { return f.r.Progress() }

func (f fileSource) Next() ([]string, int, error) {
	rec, err := f.r.Next()
	var re *importfile.RowError
	switch {
	case err == nil:
		return rec, f.r.Line(), nil
	case !errors.As(err, &re):
		return nil, 0, err
	case errors.Is(re.Err, importfile.ErrShortRow):
		return rec, re.Line, nil
	case errors.Is(re.Err, importfile.ErrLongRow):
		return nil, re.Line, &RowProblem{Line: re.Line, Code: "extra_cells", Record: rec}
	}
	return nil, re.Line, &RowProblem{Line: re.Line, Code: "unclosed_quote"}
}

// FillDateOrders sets the date order of each date column that has none from sample rows of the file: a part
// above 12 tells day from month. Columns whose sample does not tell stay open; their ambiguous dates are
// reported per row.
func FillDateOrders(m importfile.Mapping, sample [][]string) importfile.Mapping {
	for i, c := range m.Columns {
		info, _ := importfile.Field(c.Field).Info()
		if !info.Date || c.DateOrder != "" {
			continue
		}
		var d importfile.DateOrderDetector
		for _, row := range sample {
			if i < len(row) {
				d.Add(row[i])
			}
		}
		m.Columns[i].DateOrder = string(d.Order())
	}
	return m
}

// SampleDateOrders reads up to 5,000 rows of a file, opened afresh with open, to tell the date order of the
// date columns that have none (see FillDateOrders).
func SampleDateOrders(open func() (*importfile.Reader, error), m importfile.Mapping) (importfile.Mapping, error) {
	r, err := open()
	if err != nil {
		return m, err
	}
	defer r.Close()
	var sample [][]string
	for len(sample) < 5000 {
		row, err := r.Next()
		var re *importfile.RowError
		if err != nil && !errors.As(err, &re) {
			break
		}
		if row != nil {
			sample = append(sample, row)
		}
	}
	return FillDateOrders(m, sample), nil
}
