package export

import (
	"io"
	"strings"
)

// Column is one column of a table export.
type Column struct {
	Title string
	Width float64 // in characters, for spreadsheets; 0 for the default
}

// Table receives the rows of a table export. Close finishes the file; Abort gives up on it after an error,
// releasing what the writer holds without writing more. Nothing may be written after either.
type Table interface {
	Row(cells ...string) error
	Close() error
	Abort()
}

// NewTable starts a table export in format f (CSV or XLSX) with a header row of the column titles. sheet
// names the worksheet of an XLSX file.
func NewTable(w io.Writer, f Format, sheet string, cols []Column) (Table, error) {
	if f == XLSX {
		return NewXLSX(w, sheet, cols, XLSXOptions{})
	}
	return NewCSV(w, cols, true)
}

// DefuseFormula keeps spreadsheet programs from evaluating a CSV cell as a formula (CSV injection): a cell
// starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func DefuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func titles(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title
	}
	return out
}
