package importfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// result is everything a Reader gave for one file.
type result struct {
	header []string
	rows   [][]string
	lines  []int    // Line() of each row
	errs   []string // RowErrors, as "line N: reason"
}

func readAll(t testing.TB, data []byte, name string, opts Options) (*Reader, result) {
	t.Helper()
	r, err := Open(bytes.NewReader(data), int64(len(data)), name, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	res := result{header: r.Header()}
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			res.errs = append(res.errs, fmt.Sprintf("line %d: %v", re.Line, re.Err))
		} else if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if row != nil {
			res.rows = append(res.rows, row)
			res.lines = append(res.lines, r.Line())
		}
	}
	return r, res
}

func TestDecodeMessyText(t *testing.T) {
	cp1252 := func(s string) string { // Latin-1 letters as single bytes
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return string(b)
	}
	tests := []struct {
		name, file, in string
		opts           Options
		enc            Encoding
		delim          rune
		header         []string
		rows           [][]string
		lines          []int
		errs           []string
	}{
		{name: "comma LF", in: "a,b\n1,2\n3,4\n", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{2, 3}},
		{name: "CRLF without final line end", in: "a,b\r\n1,2\r\n3,4", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{2, 3}},
		{name: "old Mac CR", in: "a;b\r1;2\r3;4\r", enc: UTF8, delim: ';',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{2, 3}},
		{name: "UTF-8 BOM", in: "\xEF\xBB\xBFVorname;Nachname\nJürgen;Groß\n", enc: UTF8, delim: ';',
			header: []string{"Vorname", "Nachname"}, rows: [][]string{{"Jürgen", "Groß"}}, lines: []int{2}},
		{name: "Windows-1252", in: cp1252("Name;Ort\r\nMüller;Köln\r\nSchäfer;Düsseldorf\r\n") + "Beitrag \x80;5\r\n",
			enc: Windows1252, delim: ';', header: []string{"Name", "Ort"},
			rows:  [][]string{{"Müller", "Köln"}, {"Schäfer", "Düsseldorf"}, {"Beitrag €", "5"}},
			lines: []int{2, 3, 4}},
		{name: "semicolon with decimal commas", in: "Name;Beitrag;Rabatt\nA;12,50;1,5\nB;8,00;0,5\n", enc: UTF8,
			delim: ';', header: []string{"Name", "Beitrag", "Rabatt"},
			rows: [][]string{{"A", "12,50", "1,5"}, {"B", "8,00", "0,5"}}, lines: []int{2, 3}},
		{name: "tab with commas in text", in: "name\tnote\nA\tone, two, three\nB\tfour, five\n", enc: UTF8,
			delim: '\t', header: []string{"name", "note"},
			rows: [][]string{{"A", "one, two, three"}, {"B", "four, five"}}, lines: []int{2, 3}},
		{name: "pipe", in: "a|b|c\n1|2|3\n", enc: UTF8, delim: '|',
			header: []string{"a", "b", "c"}, rows: [][]string{{"1", "2", "3"}}, lines: []int{2}},
		{name: "commas inside quotes do not count", in: "a;b\n\"x, y, z\";1\n\"p,q\";2\n", enc: UTF8, delim: ';',
			header: []string{"a", "b"}, rows: [][]string{{"x, y, z", "1"}, {"p,q", "2"}}, lines: []int{2, 3}},
		{name: "quoted line breaks and doubled quotes", in: "name,address,n\r\n\"Smith, \"\"Bob\"\"\",\"1 Main St\r\nApt 2\",1\r\nX,Y,2\r\n",
			enc: UTF8, delim: ',', header: []string{"name", "address", "n"},
			rows: [][]string{{`Smith, "Bob"`, "1 Main St\nApt 2", "1"}, {"X", "Y", "2"}}, lines: []int{2, 4}},
		{name: "stray quotes", in: "a,b\n\"Robert \"Bob\" Smith\",1\n\"12\" high,2\n5'11\",3\n  \"spaced\"  ,4\n", enc: UTF8,
			delim: ',', header: []string{"a", "b"},
			rows:  [][]string{{`Robert "Bob" Smith`, "1"}, {"12 high", "2"}, {`5'11"`, "3"}, {"spaced", "4"}},
			lines: []int{2, 3, 4, 5}},
		{name: "unclosed quote costs one row", in: "a,b\n1,\"never closed\n2,x\n3,y\n", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"2", "x"}, {"3", "y"}}, lines: []int{3, 4},
			errs: []string{"line 2: quoted field is never closed"}},
		{name: "unclosed quote on the last line", in: "a,b\n1,2\n3,\"x", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2},
			errs: []string{"line 3: quoted field is never closed"}},
		{name: "ragged rows", in: "a,b,c\n1,2\n1,2,3,,\n1,2,3,4\n", enc: UTF8, delim: ',', header: []string{"a", "b", "c"},
			rows: [][]string{{"1", "2", ""}, {"1", "2", "3"}, {"1", "2", "3", "4"}}, lines: []int{2, 3, 4},
			errs: []string{"line 2: fewer fields than the header", "line 4: more fields than the header"}},
		{name: "blank and empty rows skipped", in: "\n\na,b\n\n1,2\n,\n  ;  \n\"\",\"\"\n3,4\n", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"  ;  ", ""}, {"3", "4"}}, lines: []int{5, 7, 9},
			errs: []string{"line 7: fewer fields than the header"}},
		{name: "Excel sep line", in: "sep=;\r\na,b;c\r\n1,5;2\r\n", enc: UTF8, delim: ';',
			header: []string{"a,b", "c"}, rows: [][]string{{"1,5", "2"}}, lines: []int{3}},
		{name: "trailing empty header cells", in: "a,b,,\n1,2,,\n1,2,3,\n", enc: UTF8, delim: ',',
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"1", "2", "3"}}, lines: []int{2, 3},
			errs: []string{"line 3: more fields than the header"}},
		{name: "one column with commas in the data", in: "Name\nMüller, Hans\nSchmidt, Eva\n", enc: UTF8, delim: ';',
			header: []string{"Name"}, rows: [][]string{{"Müller, Hans"}, {"Schmidt, Eva"}}, lines: []int{2, 3}},
		{name: "tsv hint", file: "names.tsv", in: "Name\nA\n", enc: UTF8, delim: '\t',
			header: []string{"Name"}, rows: [][]string{{"A"}}, lines: []int{2}},
		{name: "no header", in: "1,2\n3,4\n", opts: Options{NoHeader: true}, enc: UTF8, delim: ',',
			header: []string{"A", "B"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int{1, 2}},
		{name: "delimiter override", in: "a;b,c\n1;2,3\n", opts: Options{Delimiter: ','}, enc: UTF8, delim: ',',
			header: []string{"a;b", "c"}, rows: [][]string{{"1;2", "3"}}, lines: []int{2}},
		{name: "encoding override", in: "a\nJ\xc3\xbcrgen\n", opts: Options{Encoding: Windows1252}, enc: Windows1252, delim: ',',
			header: []string{"a"}, rows: [][]string{{"JÃ¼rgen"}}, lines: []int{2}},
		{name: "header only", in: "a,b\n", enc: UTF8, delim: ',', header: []string{"a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.file
			if name == "" {
				name = "upload.csv"
			}
			r, got := readAll(t, []byte(tc.in), name, tc.opts)
			if r.Encoding() != tc.enc || r.Delimiter() != tc.delim {
				t.Errorf("detected %s / %q, want %s / %q", r.Encoding(), r.Delimiter(), tc.enc, tc.delim)
			}
			want := result{header: tc.header, rows: tc.rows, lines: tc.lines, errs: tc.errs}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%#v\nwant\n%#v", got, want)
			}
			if p := r.Progress(); p != 1 {
				t.Errorf("progress at the end = %v", p)
			}
		})
	}
}

func TestDecodeUTF16(t *testing.T) {
	text := "Vorname\tOrt\r\nJürgen\tMünchen\r\n"
	le, be := utf16Bytes(text, false), utf16Bytes(text, true)
	for _, tc := range []struct {
		name string
		in   []byte
		enc  Encoding
	}{
		{"LE with BOM", append([]byte{0xFF, 0xFE}, le...), UTF16LE},
		{"BE with BOM", append([]byte{0xFE, 0xFF}, be...), UTF16BE},
		{"LE without BOM", le, UTF16LE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, got := readAll(t, tc.in, "unicode.txt", Options{})
			if r.Encoding() != tc.enc || r.Delimiter() != '\t' {
				t.Errorf("detected %s / %q", r.Encoding(), r.Delimiter())
			}
			want := result{header: []string{"Vorname", "Ort"}, rows: [][]string{{"Jürgen", "München"}}, lines: []int{2}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v", got)
			}
		})
	}
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, r := range s { // BMP only
		if bigEndian {
			b = append(b, byte(r>>8), byte(r))
		} else {
			b = append(b, byte(r), byte(r>>8))
		}
	}
	return b
}

// A UTF-8 file glued to a Windows-1252 one: the bad rows are read as Windows-1252 and counted.
func TestDecodeMixedEncoding(t *testing.T) {
	in := "Name,Ort\n" + strings.Repeat("Jürgen,München\n", 5000) + "M\xfcller,K\xf6ln\n"
	r, got := readAll(t, []byte(in), "x.csv", Options{})
	if r.Encoding() != UTF8 {
		t.Fatalf("encoding %s", r.Encoding())
	}
	if last := got.rows[len(got.rows)-1]; last[0] != "Müller" || last[1] != "Köln" {
		t.Errorf("last row %q", last)
	}
	if r.Recoded() != 1 {
		t.Errorf("Recoded = %d", r.Recoded())
	}
}

func TestDecodeRunawayQuoteIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n1,\"stray\n")
	for i := range 2 * MaxRecordLines {
		fmt.Fprintf(&b, "%d,x\n", i)
	}
	_, got := readAll(t, []byte(b.String()), "x.csv", Options{})
	if len(got.errs) != 1 || got.errs[0] != "line 2: quoted field is never closed" {
		t.Errorf("errors %q", got.errs)
	}
	if len(got.rows) != 2*MaxRecordLines || got.lines[0] != 3 || got.rows[0][0] != "0" {
		t.Errorf("%d rows, first %q on line %d", len(got.rows), got.rows[0], got.lines[0])
	}
}

func TestOpenRefuses(t *testing.T) {
	long := "a\n" + strings.Repeat("x", MaxRecordBytes+10) + "\n"
	for _, tc := range []struct {
		name string
		in   string
		err  error
	}{
		{"empty", "", ErrEmpty},
		{"only blank lines", "\n\r\n\n", ErrEmpty},
		{"binary", "%PDF-1.4\x00\x01\x02\x00\x00\x07", ErrNotSpreadsheet},
		{"old Excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", ErrXLS},
		{"zip that is no workbook", zipWith(t, "content.xml", "<office/>"), ErrNotSpreadsheet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(strings.NewReader(tc.in), int64(len(tc.in)), "f.csv", Options{})
			if !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
		})
	}
	t.Run("line too long", func(t *testing.T) {
		r, err := Open(strings.NewReader(long), int64(len(long)), "f.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); !errors.Is(err, ErrLineTooLong) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("unknown encoding", func(t *testing.T) {
		if _, err := Open(strings.NewReader("a\n"), 2, "f.csv", Options{Encoding: "latin-9"}); err == nil {
			t.Error("no error")
		}
	})
}

func TestSummary(t *testing.T) {
	in := "Name;Ort\nM\xfcller;K\xf6ln\n"
	r, _ := readAll(t, []byte(in), "x.csv", Options{})
	if s := r.Summary(); s != "CSV, Windows-1252 (Latin-1), semicolon" {
		t.Errorf("Summary = %q", s)
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}
