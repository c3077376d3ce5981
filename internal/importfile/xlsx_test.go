package importfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds a small member list as a German office would: a custom dd.mm.yyyy date, Excel's built-in
// date and date-time formats, a money format, a boolean, a line break in a cell, a missing cell in the middle
// of a row, an empty row, and a second sheet.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Mitglieder"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", sh))
	german := "dd.mm.yyyy"
	dmy, err := f.NewStyle(&excelize.Style{CustomNumFmt: &german})
	must(err)
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	must(err)
	must(f.SetSheetRow(sh, "A1", &[]any{"Vorname", "Nachname", "Geburtsdatum", "Eintritt", "Beitrag", "Aktiv", "Notiz", "Zuletzt"}))
	must(f.SetSheetRow(sh, "A2", &[]any{"Jürgen", "Groß", time.Date(1970, 3, 4, 0, 0, 0, 0, time.UTC),
		time.Date(2001, 1, 5, 0, 0, 0, 0, time.UTC), 1234.5, true, "Zeile 1\nZeile 2", time.Date(2024, 12, 31, 18, 30, 0, 0, time.UTC)}))
	must(f.SetCellStyle(sh, "C2", "C2", dmy))
	must(f.SetCellStyle(sh, "E2", "E2", money))
	// Row 3 lacks the family name and the fee; row 4 is empty; row 5 only has a name far from the rest.
	must(f.SetCellStr(sh, "A3", "Eva"))
	must(f.SetCellValue(sh, "C3", time.Date(1985, 12, 24, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellStyle(sh, "C3", "C3", dmy))
	must(f.SetCellStr(sh, "F3", "nein"))
	must(f.SetCellStr(sh, "B5", "Jürgen")) // the same string again: one shared string
	_, err = f.NewSheet("Notizen")
	must(err)
	must(f.SetCellStr("Notizen", "A1", "Text"))
	must(f.SetCellStr("Notizen", "A2", "nur eine Notiz"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	data := workbook(t)
	if !zipHas(t, data, "xl/sharedStrings.xml") {
		t.Fatal("the test workbook has no shared strings")
	}
	r, got := readAll(t, data, "mitglieder.xlsx", Options{})
	want := result{
		header: []string{"Vorname", "Nachname", "Geburtsdatum", "Eintritt", "Beitrag", "Aktiv", "Notiz", "Zuletzt"},
		rows: [][]string{
			{"Jürgen", "Groß", "1970-03-04", "2001-01-05", "1,234.50", "TRUE", "Zeile 1\nZeile 2", "2024-12-31 18:30"},
			{"Eva", "", "1985-12-24", "", "", "nein", "", ""},
			{"", "Jürgen", "", "", "", "", "", ""},
		},
		lines: []int{2, 3, 5},
		errs:  []string{"line 3: fewer fields than the header", "line 5: fewer fields than the header"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%#v\nwant\n%#v", got, want)
	}
	if r.Format() != FormatXLSX || r.Sheet() != "Mitglieder" || !reflect.DeepEqual(r.Sheets(), []string{"Mitglieder", "Notizen"}) {
		t.Errorf("format %s, sheet %q of %q", r.Format(), r.Sheet(), r.Sheets())
	}
	if r.Summary() != "XLSX, sheet Mitglieder" || r.Progress() != 1 {
		t.Errorf("summary %q, progress %v", r.Summary(), r.Progress())
	}
	for _, row := range got.rows[:2] {
		if _, err := ParseDate(row[2], ""); err != nil {
			t.Errorf("date cell %q: %v", row[2], err)
		}
	}

	_, notes := readAll(t, data, "mitglieder.xlsx", Options{Sheet: "Notizen"})
	if !reflect.DeepEqual(notes.rows, [][]string{{"nur eine Notiz"}}) {
		t.Errorf("second sheet: %q", notes.rows)
	}
	if _, err := Open(bytes.NewReader(data), int64(len(data)), "x.xlsx", Options{Sheet: "Fehlt"}); err == nil {
		t.Error("a missing sheet opened")
	}
}

// A larger sheet written with excelize's stream writer, read back row by row.
func TestXLSXStreaming(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	const n = 5000
	sw.SetRow("A1", []any{"Member Number", "First Name", "Last Name", "Email"})
	for i := 1; i <= n; i++ {
		sw.SetRow(fmt.Sprintf("A%d", i+1), []any{i, "Anna", fmt.Sprintf("Muster%d", i), fmt.Sprintf("a%d@example.org", i)})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	r, got := readAll(t, buf.Bytes(), "big.xlsx", Options{})
	if len(got.rows) != n || len(got.errs) != 0 || got.rows[n-1][0] != fmt.Sprint(n) || got.lines[n-1] != n+1 {
		t.Fatalf("%d rows, %d errors, last %q on row %d", len(got.rows), len(got.errs), got.rows[n-1], got.lines[n-1])
	}
	if m := Suggest(r.Header()); m.Index(MemberNumber) != 0 || m.Index(Email) != 3 {
		t.Errorf("mapping %+v", m)
	}
}

func TestNumFmtKind(t *testing.T) {
	for _, tc := range []struct {
		id                int
		code              string
		date, clock, secs bool
	}{
		{id: 14, date: true}, {id: 22, date: true, clock: true}, {id: 20}, {id: 4}, {id: 0},
		{id: 164, code: "dd.mm.yyyy", date: true},
		{id: 165, code: `[$-407]d. mmmm yyyy;@`, date: true},
		{id: 166, code: "yyyy-mm-dd hh:mm:ss", date: true, clock: true, secs: true},
		{id: 167, code: `#,##0.00 "EUR"`},
		{id: 168, code: `0 "days"`},
		{id: 169, code: `[Red]0.00;[Blue]-0.00`},
		{id: 170, code: "h:mm AM/PM", clock: true},
		{id: 171, code: "General"},
	} {
		date, clock, secs := numFmtKind(tc.id, tc.code, tc.code != "")
		if date != tc.date || clock != tc.clock || secs != tc.secs {
			t.Errorf("%d %q: date %v clock %v secs %v", tc.id, tc.code, date, clock, secs)
		}
	}
}

func zipHas(t *testing.T, data []byte, name string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

func zipWith(t *testing.T, name, content string) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
