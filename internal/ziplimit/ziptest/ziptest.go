// Package ziptest builds ZIP files for the tests of code that reads untrusted ones: copies of a real file with
// members changed, added or left out, and members that unpack to far more than they take (ZIP bombs) or whose
// headers lie.
package ziptest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Gen writes a member's new content; old is its content before, nil for a new member.
type Gen func(old []byte, w io.Writer)

// Member is a member added as it is given: its header and its data, already compressed as the header says.
type Member struct {
	Header zip.FileHeader
	Data   []byte
}

// Edit returns a copy of the ZIP file data in which each member named in change gets what its Gen writes, or
// is left out for a nil Gen; names not in data are added. Members in add follow as given. Members are
// deflated at the fastest level, which packs a gigabyte of one repeated byte into a megabyte in a second or two.
func Edit(t testing.TB, data []byte, change map[string]Gen, add ...Member) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	write := func(name string, old []byte, g Gen) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		g(old, w)
	}
	seen := map[string]bool{}
	for _, f := range zr.File {
		g, changed := change[f.Name]
		seen[f.Name] = true
		switch {
		case !changed:
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		case g != nil:
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			old, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			rc.Close()
			write(f.Name, old, g)
		}
	}
	for name, g := range change {
		if !seen[name] && g != nil {
			write(name, nil, g)
		}
	}
	for _, m := range add {
		w, err := zw.CreateRaw(&m.Header)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Repeat writes head, then unit until at least size bytes are written, then tail; the old content is dropped.
// Units of one byte pack best.
func Repeat(head, unit string, size int, tail string) Gen {
	return func(_ []byte, w io.Writer) {
		io.WriteString(w, head)
		block := strings.Repeat(unit, max(1, (64<<10)/len(unit)))
		for n := len(head); n < size; n += len(block) {
			io.WriteString(w, block)
		}
		io.WriteString(w, tail)
	}
}

// Append writes the old content, then what Repeat writes: a file whose last line never ends.
func Append(head, unit string, size int) Gen {
	return func(old []byte, w io.Writer) {
		w.Write(old)
		Repeat(head, unit, size, "")(nil, w)
	}
}

// Declared is a member whose header claims size bytes and which holds none: a reader that trusts the header
// refuses it, or reserves size bytes, before it reads anything.
func Declared(name string, size uint64) Member {
	return Member{Header: zip.FileHeader{Name: name, Method: zip.Store, UncompressedSize64: size}}
}

// Lying is a member whose header declares 1 KiB but which unpacks to size spaces.
func Lying(name string, size int) Member {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	Repeat("", " ", size, "")(nil, fw)
	fw.Close()
	return Member{Header: zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(packed.Len()),
		UncompressedSize64: 1 << 10}, Data: packed.Bytes()}
}

// WorkbookBomb is an XLSX workbook of about a megabyte whose worksheet unpacks to 1 GiB (of spaces, which XML
// allows between rows).
func WorkbookBomb(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "Name"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return Edit(t, buf.Bytes(), map[string]Gen{"xl/worksheets/sheet1.xml": Repeat(
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`, " ", 1<<30, "</sheetData></worksheet>")})
}
