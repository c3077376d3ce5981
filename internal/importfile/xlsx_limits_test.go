package importfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/peakmem"
	"github.com/roster-crm/roster/internal/ziplimit/ziptest"
)

const (
	mainNS    = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ` + mainNS + `><sheetData>`
	stylesXfs = `<styleSheet ` + mainNS + `><cellXfs>`
	sstHead   = `<sst ` + mainNS + `>`
)

// withPart copies a workbook with one part replaced, or added.
func withPart(t testing.TB, data []byte, name string, gen ziptest.Gen) []byte {
	t.Helper()
	return ziptest.Edit(t, data, map[string]ziptest.Gen{name: gen})
}

// text writes s as a part.
func text(s string) ziptest.Gen { return func(_ []byte, w io.Writer) { io.WriteString(w, s) } }

// manyParts adds n empty parts.
func manyParts(t testing.TB, data []byte, n int) []byte {
	t.Helper()
	parts := make([]ziptest.Member, n)
	for i := range parts {
		parts[i] = ziptest.Declared(fmt.Sprintf("xl/media/p%d", i), 0)
	}
	return ziptest.Edit(t, data, nil, parts...)
}

// Workbooks of at most a few megabytes that unpack beyond a limit are refused with an error that says the
// limit, and leave no temporary files. They are refused before they are unpacked, or while a scanner that
// keeps nothing reads them: the process's peak memory stays near what the test binary needs anyway. (Before
// the limits, the cell styles took gigabytes of memory and the worksheet a gigabyte of temporary files.) Each
// is opened again in a child process of its own, so that the peak measured is the bomb's alone.
func TestXLSXBombs(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	base := workbook(t)
	for i, b := range []struct {
		name, limit string
		data        []byte
	}{
		{"a worksheet unpacking to 1 GiB", "xl/worksheets/sheet1.xml: more than 512 MiB",
			withPart(t, base, "xl/worksheets/sheet1.xml", ziptest.Repeat(sheetHead, " ", 1<<30, "</sheetData></worksheet>"))},
		{"cell styles unpacking to 100 MiB", "more than 64 MiB besides the worksheets",
			withPart(t, base, "xl/styles.xml", ziptest.Repeat(stylesXfs, `<xf numFmtId="14"/>`, 100<<20, `</cellXfs></styleSheet>`))},
		{"a row of 5 MiB", "xl/worksheets/sheet1.xml: a row of more than 4 MiB",
			withPart(t, base, "xl/worksheets/sheet1.xml", ziptest.Repeat(sheetHead+`<row r="1">`, "<c><v>1</v></c>", 5<<20, "</row></sheetData></worksheet>"))},
		{"cells after a row's end", "a row of more than 4 MiB",
			withPart(t, base, "xl/worksheets/sheet1.xml", ziptest.Repeat(sheetHead+`<x:row r="1"></x:row>`, "<x:c><x:v>1</x:v></x:c>", 5<<20, "</sheetData></worksheet>"))},
		{"a million and one shared strings", "more than 1000000 shared strings",
			withPart(t, base, "xl/sharedStrings.xml", ziptest.Repeat(sstHead, "<si/>", 5*1000001, `</sst>`))},
		{"250,001 style elements", "more than 250000 XML elements besides the worksheets",
			withPart(t, base, "xl/styles.xml", ziptest.Repeat(stylesXfs, `<xf/>`, 5*250001, `</cellXfs></styleSheet>`))},
		{"an attribute of 2 MiB", "xl/worksheets/sheet2.xml: a text or tag of more than 1 MiB",
			withPart(t, base, "xl/worksheets/sheet2.xml", ziptest.Repeat(`<worksheet `+mainNS+`><sheetPr codeName="`, "a", 2<<20, `"/></worksheet>`))},
		{"10,001 parts", "more than 10000 files", manyParts(t, base, 10001)},
		{"a header that understates its part's size", "xl/theme/big.xml",
			ziptest.Edit(t, base, nil, ziptest.Lying("xl/theme/big.xml", 256<<20))},
	} {
		t.Run(b.name, func(t *testing.T) {
			if len(b.data) > 2<<20 {
				t.Fatalf("the bomb takes %d bytes packed", len(b.data))
			}
			r, err := Open(bytes.NewReader(b.data), int64(len(b.data)), "bomb.xlsx", Options{})
			if err == nil {
				r.Close()
				t.Fatal("the workbook opened")
			}
			if !strings.Contains(err.Error(), b.limit) {
				t.Errorf("error %q does not say %q", err, b.limit)
			}
			if lying := strings.Contains(b.name, "understates"); errors.Is(err, ErrTooLarge) == lying {
				t.Errorf("error %q: too large %v", err, !lying)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("left in the temporary directory: %v", left)
			}

			path := filepath.Join(t.TempDir(), fmt.Sprintf("bomb%d.xlsx", i))
			if err := os.WriteFile(path, b.data, 0o600); err != nil {
				t.Fatal(err)
			}
			result, peak := peakmem.Run(t, "TestOpenInChild", "ROSTER_TEST_XLSX="+path)
			if !strings.Contains(result, b.limit) {
				t.Errorf("in the child: %s", result)
			}
			t.Logf("peak %s", peakmem.MB(peak))
			if peak > 300e6 {
				t.Errorf("peak %s", peakmem.MB(peak))
			}
		})
	}
}

// TestOpenInChild opens the file named by ROSTER_TEST_XLSX, reads all its rows and reports, for the tests that
// measure memory.
func TestOpenInChild(t *testing.T) {
	if !peakmem.Child("TestOpenInChild") {
		t.Skip("run by the memory tests")
	}
	f, err := os.Open(os.Getenv("ROSTER_TEST_XLSX"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	rows := 0
	r, err := Open(f, info.Size(), "child.xlsx", Options{})
	if err == nil {
		for {
			var row []string
			row, err = r.Next()
			if errors.Is(err, io.EOF) {
				err = nil
				break
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				break
			}
			if row != nil {
				rows++
			}
		}
		r.Close()
	}
	peakmem.Report(fmt.Sprintf("%d rows, error: %v", rows, err))
}

// A workbook just inside every limit at once still opens and reads, within the memory the limits are set for:
// cell styles of nearly 250,000 elements, nearly a million shared strings and a row of nearly 4 MiB.
func TestXLSXAtTheLimitsReadsWithinMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large workbook")
	}
	data := workbook(t)
	data = withPart(t, data, "xl/styles.xml", ziptest.Repeat(stylesXfs,
		`<xf numFmtId="14"/>`, 19*245000, `</cellXfs></styleSheet>`))
	data = withPart(t, data, "xl/sharedStrings.xml", ziptest.Repeat(sstHead+`<si><t>Name</t></si>`,
		"<si><t>x</t></si>", 17*990000, `</sst>`))
	var row strings.Builder
	for row.Len() < 4<<20-100<<10 {
		row.WriteString(`<c t="s"><v>1</v></c>`)
	}
	data = withPart(t, data, "xl/worksheets/sheet1.xml",
		text(sheetHead+`<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2">`+row.String()+`</row></sheetData></worksheet>`))
	path := filepath.Join(t.TempDir(), "limits.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	result, peak := peakmem.Run(t, "TestOpenInChild", "ROSTER_TEST_XLSX="+path)
	if result != "1 rows, error: <nil>" {
		t.Errorf("read: %s", result)
	}
	t.Logf("peak %s", peakmem.MB(peak))
	if peak > 300e6 {
		t.Errorf("peak %s", peakmem.MB(peak))
	}
}

// A worksheet over 1 MiB is read from a temporary file, which is gone after Close; so are the files of a
// workbook that excelize gives up on after unpacking (here, at its broken calculation chain).
func TestXLSXTemporaryFilesAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var rows strings.Builder
	rows.WriteString(sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>`)
	people := 0
	for rows.Len() < 3<<20 {
		people++
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Person %d</t></is></c></row>`, people+1, people+1, people)
	}
	rows.WriteString(`</sheetData></worksheet>`)
	data := withPart(t, workbook(t), "xl/worksheets/sheet1.xml", text(rows.String()))

	r, err := Open(bytes.NewReader(data), int64(len(data)), "big.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := r.Next(); err == nil; _, err = r.Next() {
		n++
	}
	if spilled, _ := filepath.Glob(filepath.Join(tmp, "roster-xlsx-*", "excelize-*")); len(spilled) == 0 {
		t.Error("the worksheet was not unpacked to a temporary file")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 || n != people {
		t.Errorf("%d rows read; left after Close: %v", n, left)
	}

	broken := withPart(t, data, "xl/calcChain.xml", text(`<calcChain><c r="A1"`))
	if _, err := Open(bytes.NewReader(broken), int64(len(broken)), "broken.xlsx", Options{}); err == nil {
		t.Fatal("a workbook with a broken calculation chain opened")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left after a failed open: %v", left)
	}
}
