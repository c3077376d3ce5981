package importfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format is the kind of file.
type Format string

const (
	FormatCSV  Format = "csv"  // delimited text, whatever the delimiter
	FormatXLSX Format = "xlsx" // Office Open XML workbook
)

// Options overrides what Open detects. The zero value detects everything; the import UI offers the overrides
// when a guess was wrong.
type Options struct {
	Encoding  Encoding // text files: UTF8, Windows1252, UTF16LE or UTF16BE; "" detects
	Delimiter rune     // text files: ',', ';', '\t', '|' or another ASCII character; 0 detects
	Sheet     string   // workbooks: the sheet to read; "" reads the first
	NoHeader  bool     // the first row holds data; columns are named A, B, C … as in a spreadsheet
}

// source is one file format's row reader.
type source interface {
	// next returns the next non-blank row and the line (or sheet row) it starts on, a *RowError for a bad row,
	// io.EOF at the end, or another error that ends reading.
	next() (fields []string, line int, err error)
	progress() float64
	close() error
}

// Reader reads the rows of one file. It is not safe for concurrent use.
type Reader struct {
	src       source
	format    Format
	encoding  Encoding
	delimiter rune
	sheet     string
	sheets    []string
	header    []string
	line      int
	rows      int
	first     []string // the first row when NoHeader, returned by the first Next
	firstLine int
}

// Open detects the format of a file of the given size and reads its header row. name is the file name as
// uploaded; only its extension is used, as a hint. Close the Reader when done.
func Open(r io.ReaderAt, size int64, name string, opts Options) (*Reader, error) {
	head := make([]byte, min(size, sampleSize))
	if n, err := r.ReadAt(head, 0); err != nil && !(errors.Is(err, io.EOF) && int64(n) == int64(len(head))) {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	rd := &Reader{}
	switch {
	case len(head) == 0:
		return nil, ErrEmpty
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		x, err := openXLSX(r, size, opts.Sheet)
		if err != nil {
			return nil, err
		}
		rd.src, rd.format, rd.sheet, rd.sheets = x, FormatXLSX, x.sheet, x.sheets
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return nil, ErrXLS
	default:
		t, err := openText(r, size, head, extension(name), opts)
		if err != nil {
			return nil, err
		}
		rd.src, rd.format, rd.encoding, rd.delimiter = t, FormatCSV, t.encoding, rune(t.delim)
	}
	if err := rd.readHeader(opts.NoHeader); err != nil {
		rd.src.close()
		return nil, err
	}
	return rd, nil
}

func extension(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return strings.ToLower(name[i+1:])
	}
	return ""
}

// readHeader takes the first row as the header, trimmed, without trailing empty cells.
func (r *Reader) readHeader(noHeader bool) error {
	for {
		fields, line, err := r.src.next()
		var re *RowError
		if errors.As(err, &re) {
			continue // a broken first line (an unclosed quote) is no header; the next line may be
		}
		if err == io.EOF {
			return ErrEmpty
		}
		if err != nil {
			return err
		}
		if noHeader {
			r.header = make([]string, len(fields))
			for i := range fields {
				r.header[i] = ColumnName(i)
			}
			r.first, r.firstLine = fields, line
			return nil
		}
		r.header = make([]string, len(fields))
		for i, f := range fields {
			r.header[i] = strings.TrimSpace(f)
		}
		r.header[0] = strings.TrimSpace(strings.TrimPrefix(r.header[0], "\uFEFF")) // a second BOM, from files glued together
		for len(r.header) > 0 && r.header[len(r.header)-1] == "" {
			r.header = r.header[:len(r.header)-1]
		}
		if len(r.header) == 0 {
			continue // nothing but a stray BOM
		}
		r.line = line
		return nil
	}
}

// Next returns the next row, with exactly as many fields as the header unless it has more (ErrLongRow). Rows
// that are empty or hold only blanks are skipped. At the end of the file it returns io.EOF. A *RowError
// concerns one row only: call Next again for the following rows. Any other error ends reading.
func (r *Reader) Next() ([]string, error) {
	var fields []string
	var err error
	if r.first != nil {
		fields, r.line, err = r.first, r.firstLine, nil
		r.first = nil
	} else {
		fields, r.line, err = r.src.next()
	}
	if err != nil {
		return nil, err
	}
	r.rows++
	want := len(r.header)
	switch {
	case len(fields) < want:
		have := len(fields)
		fields = append(fields, make([]string, want-have)...)
		return fields, &RowError{Line: r.line, Sheet: r.sheet, Err: ErrShortRow, Fields: have, Want: want}
	case len(fields) > want:
		n := len(fields)
		for n > want && strings.TrimSpace(fields[n-1]) == "" {
			n--
		}
		if n > want {
			return fields[:n], &RowError{Line: r.line, Sheet: r.sheet, Err: ErrLongRow, Fields: n, Want: want}
		}
		fields = fields[:want]
	}
	return fields, nil
}

// Header returns the column names: the first row, trimmed, without trailing empty cells. The caller must not
// change the slice.
func (r *Reader) Header() []string { return r.header }

// Line returns the 1-based line (text) or sheet row (workbook) where the row last returned by Next starts.
func (r *Reader) Line() int { return r.line }

// Rows returns the number of rows Next has returned so far, bad ones included.
func (r *Reader) Rows() int { return r.rows }

// Progress estimates the share of the file read so far, from 0 to 1, for a progress bar.
func (r *Reader) Progress() float64 { return r.src.progress() }

// Format returns FormatCSV or FormatXLSX.
func (r *Reader) Format() Format { return r.format }

// Encoding returns the text encoding read, or "" for a workbook.
func (r *Reader) Encoding() Encoding { return r.encoding }

// Delimiter returns the field delimiter of a text file, or 0 for a workbook.
func (r *Reader) Delimiter() rune { return r.delimiter }

// Sheet returns the name of the sheet read from a workbook, or "".
func (r *Reader) Sheet() string { return r.sheet }

// Sheets returns the names of all sheets of a workbook, in order, or nil for a text file.
func (r *Reader) Sheets() []string { return r.sheets }

// Recoded returns how many rows of a UTF-8 file held fields that were not valid UTF-8 and were read as
// Windows-1252 instead (files glued together from different exports do this).
func (r *Reader) Recoded() int {
	if t, ok := r.src.(*textSource); ok {
		return t.recoded
	}
	return 0
}

// Summary describes what was detected, in English, for logs and the CLI: "CSV, Windows-1252, semicolon" or
// "XLSX, sheet Members". The web UI builds its own text from Format, Encoding and Delimiter.
func (r *Reader) Summary() string {
	if r.format == FormatXLSX {
		return "XLSX, sheet " + r.sheet
	}
	return "CSV, " + r.encoding.String() + ", " + DelimiterName(r.delimiter)
}

// Close releases the file's resources (a workbook's temporary files).
func (r *Reader) Close() error { return r.src.close() }

// DelimiterName names a delimiter in English: "comma", "semicolon", "tab", "pipe", or the character itself.
func DelimiterName(d rune) string {
	switch d {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	case ' ':
		return "space"
	}
	return fmt.Sprintf("%q", d)
}

// ColumnName returns the spreadsheet name of the 0-based column i: A, B, … Z, AA, AB …
func ColumnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
