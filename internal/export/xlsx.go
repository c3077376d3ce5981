package export

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// XLSXOptions tune a spreadsheet export.
type XLSXOptions struct {
	Print bool // set up for printing: A4 portrait, fitted to the page width
}

// XLSXTable writes a table as an XLSX workbook of one sheet through excelize's stream writer: rows go to a
// temporary buffer (a file once it grows), so memory stays flat however long the list. The header row is
// bold, frozen and repeated on every printed page; cells are text, which a spreadsheet never runs as a
// formula, and member numbers keep their leading zeros.
type XLSXTable struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	row  int
	vals []any
}

// NewXLSX starts a workbook with one sheet named sheet and writes the header row.
func NewXLSX(w io.Writer, sheet string, cols []Column, opt XLSXOptions) (*XLSXTable, error) {
	f := excelize.NewFile()
	t := &XLSXTable{out: w, f: f}
	if err := t.setUp(sheet, cols, opt); err != nil {
		_ = f.Close()
		return nil, err
	}
	return t, nil
}

func (t *XLSXTable) setUp(sheet string, cols []Column, opt XLSXOptions) error {
	f := t.f
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if opt.Print {
		size, portrait, fit := 9, "portrait", 1 // 9 is A4 in the spreadsheet paper-size table
		if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &portrait,
			FitToWidth: &fit}); err != nil {
			return err
		}
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1",
		Scope: sheet}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	t.sw = sw
	for i, c := range cols {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: bold, Value: c.Title}
	}
	t.row = 1
	return sw.SetRow("A1", head)
}

// Row writes one row of text cells.
func (t *XLSXTable) Row(cells ...string) error {
	t.row++
	t.vals = t.vals[:0]
	for _, c := range cells {
		t.vals = append(t.vals, c)
	}
	cell, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err
	}
	return t.sw.SetRow(cell, t.vals)
}

// Close finishes the sheet and writes the workbook.
func (t *XLSXTable) Close() error {
	defer t.f.Close()
	if err := t.sw.Flush(); err != nil {
		return err
	}
	return t.f.Write(t.out)
}

// Abort removes the workbook's temporary files without writing it.
func (t *XLSXTable) Abort() { _ = t.f.Close() }
