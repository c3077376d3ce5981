package export

import (
	"encoding/csv"
	"io"
)

// utf8BOM starts a CSV file so that spreadsheet programs, Excel above all, read umlauts as UTF-8.
const utf8BOM = "\ufeff"

// CSVTable writes a table as comma-separated UTF-8 text with every cell defused against formula injection.
type CSVTable struct {
	w   *csv.Writer
	rec []string
}

// NewCSV writes the header row of a CSV table, after a byte order mark when bom is set.
func NewCSV(w io.Writer, cols []Column, bom bool) (*CSVTable, error) {
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, err
		}
	}
	t := &CSVTable{w: csv.NewWriter(w)}
	return t, t.Row(titles(cols)...)
}

// Row writes one row.
func (t *CSVTable) Row(cells ...string) error {
	t.rec = t.rec[:0]
	for _, c := range cells {
		t.rec = append(t.rec, DefuseFormula(c))
	}
	return t.w.Write(t.rec)
}

// Close flushes the buffered rows.
func (t *CSVTable) Close() error {
	t.w.Flush()
	return t.w.Error()
}

// Abort drops the rows not yet flushed.
func (t *CSVTable) Abort() {}
