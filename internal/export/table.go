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

// DefuseFormula keeps spreadsheet programs from evaluating a CSV cell as a formula (CSV injection).
//
// A cell starting with =, @, a tab or a carriage return gets a leading apostrophe. A cell starting with + or -
// gets one only when it holds anything beyond digits, spaces and the characters + - ( ) / . that phone
// numbers, dates and amounts are written with. Such a cell can at worst be read as arithmetic on its own
// numbers: without letters, quotes, | or ! it can name no function, no other cell and no program, which is
// what an attack needs ("+1+cmd|' /C calc'!A0", "-2+HYPERLINK(…)"). Prefixing every + would put an apostrophe
// in front of every international phone number ("'+49 89 1234567"), which then no longer dials or matches;
// quoting alone would not help, since spreadsheets evaluate quoted cells all the same.
func DefuseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if !plainNumber(s) {
			return "'" + s
		}
	}
	return s
}

// plainNumber reports whether s holds only what a phone number, a date or an amount is written with.
func plainNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && !strings.ContainsRune(" +-()/.", r) {
			return false
		}
	}
	return true
}

func titles(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title
	}
	return out
}
