package importfile

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// syntheticCSV is a member list of n rows and 15 columns, made up as it is read, so that a million rows
// (about 190 MB) cost no memory in the benchmark itself. Each row carries its number twice.
type syntheticCSV struct {
	header, row []byte
	digits      []int // offsets of the 7-digit row number in row
	n           int
}

func newSyntheticCSV(n int, latin1 bool) *syntheticCSV {
	header := "Mitgliedsnummer,Vorname,Nachname,Straße,Hausnummer,PLZ,Ort,Land,Geburtsdatum,E-Mail,Telefon,Handy," +
		"Eintritt,Mitgliedsart,Notiz\r\n"
	row := `0000000,Anna,Müller-Lüdenscheidt,"Hauptstraße, Hinterhaus",12a,80331,München,DE,04.03.1970,` +
		`anna.0000000@example.org,+49 89 1234567,+49 170 1234567,2001-01-05,Vollmitglied,"sagt ""ja"", zahlt bar"` + "\r\n"
	if latin1 {
		header, row = toLatin1(header), toLatin1(row)
	}
	s := &syntheticCSV{header: []byte(header), row: []byte(row), n: n}
	for i := 0; i < len(row); {
		j := strings.Index(row[i:], "0000000")
		if j < 0 {
			break
		}
		s.digits = append(s.digits, i+j)
		i += j + 7
	}
	return s
}

func toLatin1(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}

func (s *syntheticCSV) size() int64 { return int64(len(s.header)) + int64(s.n)*int64(len(s.row)) }

func (s *syntheticCSV) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) && off < s.size() {
		if off < int64(len(s.header)) {
			c := copy(p[n:], s.header[off:])
			n, off = n+c, off+int64(c)
			continue
		}
		rel := off - int64(len(s.header))
		i, at := int(rel/int64(len(s.row))), int(rel%int64(len(s.row)))
		for _, d := range s.digits {
			for k, v := 6, i+1; k >= 0; k, v = k-1, v/10 {
				s.row[d+k] = byte('0' + v%10)
			}
		}
		c := copy(p[n:], s.row[at:])
		n, off = n+c, off+int64(c)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// BenchmarkDecodeCSV reads a 1,000,000-row, 15-column member list (UTF-8, and Windows-1252 with its umlauts
// decoded field by field) and reports rows per second and the largest heap seen while reading.
//
//	go test -run '^$' -bench DecodeCSV -benchtime 3x ./internal/importfile/
func BenchmarkDecodeCSV(b *testing.B) {
	for _, latin1 := range []bool{false, true} {
		name := "utf8"
		if latin1 {
			name = "windows1252"
		}
		b.Run(name, func(b *testing.B) {
			const rows = 1_000_000
			src := newSyntheticCSV(rows, latin1)
			b.SetBytes(src.size())
			var peak uint64
			for b.Loop() {
				peak = max(peak, decodeSynthetic(b, src, rows))
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// decodeSynthetic reads src and returns the largest heap in use, sampled every 100,000 rows.
func decodeSynthetic(b *testing.B, src *syntheticCSV, rows int) uint64 {
	r, err := Open(src, src.size(), "members.csv", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var peak uint64
	var ms runtime.MemStats
	n := 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		n++
		if n%100_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			if want := fmt.Sprintf("%07d", n); row[0] != want || row[6] != "München" || row[14] != `sagt "ja", zahlt bar` {
				b.Fatalf("row %d: %q", n, row)
			}
		}
	}
	if n != rows {
		b.Fatalf("%d rows, want %d", n, rows)
	}
	return peak
}

// BenchmarkDecodeXLSX reads a 50,000-row workbook with excelize's streaming reader.
//
//	go test -run '^$' -bench DecodeXLSX -benchtime 3x ./internal/importfile/
func BenchmarkDecodeXLSX(b *testing.B) {
	const rows = 50_000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Mitgliedsnummer", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "E-Mail", "Eintritt"})
	for i := 1; i <= rows; i++ {
		sw.SetRow(fmt.Sprintf("A%d", i+1), []any{i, "Anna", "Müller", "Hauptstraße 1", "80331", "München",
			fmt.Sprintf("anna.%d@example.org", i), "2001-01-05"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	f.Close()
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := Open(bytes.NewReader(data), int64(len(data)), "members.xlsx", Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != rows {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
