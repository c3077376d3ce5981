package importfile

import (
	"errors"
	"fmt"

	"github.com/roster-crm/roster/internal/ziplimit"
)

// Errors that end reading a file. The import service shows them instead of any rows.
var (
	// ErrXLS: an old binary Excel file (.xls) or an encrypted workbook, both OLE containers.
	ErrXLS = errors.New("an old Excel (.xls) or password-protected workbook; save it as .xlsx or CSV")
	// ErrNotSpreadsheet: a ZIP file that is not an XLSX workbook (for example .ods or .docx), or a binary file.
	ErrNotSpreadsheet = errors.New("not a CSV or XLSX file")
	// ErrLineTooLong: a line longer than MaxRecordBytes, which a real spreadsheet does not have.
	ErrLineTooLong = errors.New("line too long for a spreadsheet row")
	// ErrEmpty: the file holds no header row.
	ErrEmpty = errors.New("the file is empty")
	// ErrTooLarge: a workbook that unpacks to more than Roster reads (see MaxWorkbookUnpacked and the limits
	// beside it). A [*ziplimit.TooLargeError] in the chain says which limit.
	ErrTooLarge = ziplimit.ErrTooLarge
)

// Reasons for a [*RowError]. Reading continues with the next row after any of them.
var (
	// ErrQuote: a quoted field is not closed before the end of the file or within MaxRecordLines lines. The row
	// is skipped and the lines after its first line are read again as rows of their own.
	ErrQuote = errors.New("quoted field is never closed")
	// ErrShortRow: the row has fewer fields than the header; the missing ones are returned empty.
	ErrShortRow = errors.New("fewer fields than the header")
	// ErrLongRow: the row has non-empty fields beyond the header; they are returned but map to no column.
	ErrLongRow = errors.New("more fields than the header")
)

// RowError reports one malformed row. With ErrShortRow and ErrLongRow, [Reader.Next] returns the row's fields
// as well, so the caller may import it anyway; with ErrQuote there are no fields.
type RowError struct {
	Line   int    // 1-based line of a text file, or sheet row of a workbook, where the row starts
	Sheet  string // the sheet's name for a workbook; "" for a text file
	Err    error  // ErrQuote, ErrShortRow or ErrLongRow
	Fields int    // number of fields in the row (for ErrShortRow and ErrLongRow)
	Want   int    // number of columns in the header
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Sheet != "" {
		where = fmt.Sprintf("sheet %q row %d", e.Sheet, e.Line)
	}
	if e.Err == ErrShortRow || e.Err == ErrLongRow {
		return fmt.Sprintf("%s: %d fields, the header has %d", where, e.Fields, e.Want)
	}
	return where + ": " + e.Err.Error()
}

func (e *RowError) Unwrap() error { return e.Err }
