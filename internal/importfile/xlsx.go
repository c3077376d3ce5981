package importfile

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxSource reads the rows of one sheet of a workbook with excelize's streaming row reader. Cells come as
// the spreadsheet shows them (number formats applied), except dates, which come as ISO dates.
type xlsxSource struct {
	f      *excelize.File
	rows   *excelize.Rows
	tmp    string // the directory of excelize's temporary files, removed on close
	sheet  string
	sheets []string
	row    int // sheet row of the row last read, 1-based
	last   int // last row of the sheet's used range, for progress; 0 when unknown
}

func openXLSX(r io.ReaderAt, size int64, sheet string) (_ *xlsxSource, err error) {
	tmp := ""
	defer func() {
		if err != nil && tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	defer recoverWorkbook(&err) // runs first, so that a panic's error removes the directory too
	if err := checkWorkbook(r, size); err != nil {
		return nil, err
	}
	// excelize leaves its temporary files behind when it fails midway; in a directory of their own they go
	// whatever happens.
	if tmp, err = os.MkdirTemp("", "roster-xlsx-"); err != nil {
		return nil, err
	}
	// OpenReader keeps the compressed file in memory (at most MaxWorkbookUnpacked, checked above); worksheets
	// larger than workbookSpill unpacked go to temporary files.
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: MaxWorkbookUnpacked, UnzipXMLSizeLimit: workbookSpill, TmpDir: tmp})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	x := &xlsxSource{f: f, tmp: tmp, sheets: f.GetSheetList()}
	if len(x.sheets) == 0 {
		f.Close()
		return nil, ErrNotSpreadsheet
	}
	x.sheet = x.sheets[0]
	if sheet != "" {
		x.sheet = sheet
	}
	if err := isoDates(f); err != nil {
		f.Close()
		return nil, err
	}
	if x.rows, err = f.Rows(x.sheet); err != nil {
		f.Close()
		return nil, err
	}
	if dim, err := f.GetSheetDimension(x.sheet); err == nil {
		if i := strings.LastIndexAny(dim, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"); i >= 0 {
			x.last, _ = strconv.Atoi(dim[i+1:])
		}
	}
	return x, nil
}

// recoverWorkbook turns a panic inside excelize into an error: it parses untrusted uploads, and a crafted
// file must not end the process that runs the import.
func recoverWorkbook(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%w: unreadable workbook (%v)", ErrNotSpreadsheet, p)
	}
}

func (x *xlsxSource) next() (_ []string, _ int, err error) {
	defer recoverWorkbook(&err)
	for x.rows.Next() {
		x.row++
		cells, err := x.rows.Columns()
		if err != nil {
			return nil, x.row, fmt.Errorf("sheet %q row %d: %w", x.sheet, x.row, err)
		}
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				return cells, x.row, nil
			}
		}
	}
	if err := x.rows.Error(); err != nil {
		return nil, x.row, err
	}
	return nil, x.row, io.EOF
}

func (x *xlsxSource) progress() float64 {
	if x.last <= 0 {
		return 0
	}
	return min(1, float64(x.row)/float64(x.last))
}

func (x *xlsxSource) close() error {
	err := x.rows.Close()
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	if rerr := os.RemoveAll(x.tmp); err == nil {
		err = rerr
	}
	return err
}

// isoDates makes every cell style with a date number format show its date as yyyy-mm-dd (and a date with a
// time as yyyy-mm-dd hh:mm[:ss]), so that a date reaches the importer unambiguously whatever the author's
// locale: Excel stores dates as day numbers and only the style says "date". excelize has no option for this,
// so the loaded style sheet is changed in memory (never saved). Time-only formats stay as they are.
func isoDates(f *excelize.File) error {
	if f.Styles == nil || f.Styles.CellXfs == nil {
		return nil
	}
	xfs := len(f.Styles.CellXfs.Xf)
	custom := map[int]string{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	iso := map[string]int{}
	for i := range xfs {
		xf := &f.Styles.CellXfs.Xf[i]
		if xf.NumFmtID == nil {
			continue
		}
		code, ok := custom[*xf.NumFmtID]
		date, clock, secs := numFmtKind(*xf.NumFmtID, code, ok)
		if !date {
			continue
		}
		want := "yyyy-mm-dd"
		if clock {
			want += " hh:mm"
			if secs {
				want += ":ss"
			}
		}
		id, ok := iso[want]
		if !ok {
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &want})
			if err != nil {
				return fmt.Errorf("read workbook styles: %w", err)
			}
			id = *f.Styles.CellXfs.Xf[style].NumFmtID
			iso[want] = id
		}
		xf = &f.Styles.CellXfs.Xf[i] // NewStyle may have grown the slice
		xf.NumFmtID = &id
	}
	return nil
}

// numFmtKind tells whether a number format shows a date, a time of day, and seconds. Built-in formats are
// known by number (ECMA-376 part 1, 18.8.30, and the East Asian ones); custom ones by their letters outside
// quoted text, [brackets] and escaped characters.
func numFmtKind(id int, code string, custom bool) (date, clock, secs bool) {
	if !custom {
		switch {
		case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
			return true, false, false
		case id == 22:
			return true, true, false
		}
		return false, false, false
	}
	var letters strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal text or padding
		default:
			letters.WriteByte(c | 0x20) // lower case for ASCII letters
		}
	}
	s := letters.String()
	date = strings.ContainsAny(s, "dy")
	clock = strings.ContainsAny(s, "hs") || strings.Contains(s, "am/pm")
	return date, clock, strings.Contains(s, "s")
}
