package importfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
)

// decodeAll reads every row of data, checking what must hold for any input: rows at least as wide as the
// header (wider only with ErrLongRow), valid UTF-8, lines that go forward, progress between 0 and 1.
func decodeAll(t *testing.T, data []byte, opts Options) (header []string, rows [][]string, delim rune, ok bool) {
	r, err := Open(bytes.NewReader(data), int64(len(data)), "fuzz.csv", opts)
	if err != nil {
		return nil, nil, 0, false
	}
	defer r.Close()
	header, last := r.Header(), 0
	for _, h := range header {
		if !utf8.ValidString(h) {
			t.Fatalf("header %q is not valid UTF-8", header)
		}
	}
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			if re.Line < last || re.Line < 1 {
				t.Fatalf("row error on line %d after line %d", re.Line, last)
			}
			if errors.Is(err, ErrLongRow) != (len(row) > len(header)) {
				t.Fatalf("%d fields for %d columns with error %v", len(row), len(header), err)
			}
		case err != nil:
			if errors.Is(err, ErrLineTooLong) || errors.Is(err, ErrNotSpreadsheet) {
				return header, rows, r.Delimiter(), false
			}
			t.Fatalf("Next: %v", err)
		case len(row) != len(header):
			t.Fatalf("%d fields for %d columns without an error", len(row), len(header))
		}
		if row == nil {
			continue
		}
		if r.Line() <= last && last > 0 || r.Line() < 1 {
			t.Fatalf("row on line %d after line %d", r.Line(), last)
		}
		last = r.Line()
		for _, f := range row {
			if !utf8.ValidString(f) {
				t.Fatalf("field %q is not valid UTF-8", f)
			}
		}
		if p := r.Progress(); p < 0 || p > 1 {
			t.Fatalf("progress %v", p)
		}
		rows = append(rows, row)
	}
	return header, rows, r.Delimiter(), true
}

// FuzzDecode: any bytes decode without panic into consistent rows, and writing those rows out again as
// plain UTF-8 CSV and decoding that gives the same header and rows.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, delim, ok := decodeAll(t, data, Options{})
		if !ok || delim == 0 || strings.HasPrefix(strings.ToLower(header[0]), "sep=") {
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = delim
		w.Write(header)
		w.WriteAll(rows)
		header2, rows2, _, ok := decodeAll(t, buf.Bytes(), Options{Delimiter: delim, Encoding: UTF8})
		if !ok {
			t.Fatalf("re-encoded file refused:\n%q", buf.Bytes())
		}
		if !reflect.DeepEqual(header, header2) || !reflect.DeepEqual(rows, rows2) {
			t.Fatalf("round trip differs\nfirst:  %q %q\nsecond: %q %q\nfile: %q", header, rows, header2, rows2, buf.Bytes())
		}
	})
}

// FuzzSuggest: any header gets a mapping with one column per column that validates, survives JSON and is
// given back unchanged by Rebind. Columns are separated by '|' in the input.
func FuzzSuggest(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		header := strings.Split(s, "|")
		m := Suggest(header)
		if len(m.Columns) != len(header) {
			t.Fatalf("%d column mappings for %d columns", len(m.Columns), len(header))
		}
		if err := m.Validate(header); err != nil {
			t.Fatalf("suggestion for %q does not validate: %v", header, err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Mapping
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(s) { // JSON replaces invalid UTF-8; the rest must survive exactly
			return
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("JSON round trip: %+v → %s → %+v", m, b, back)
		}
		again, missing := m.Rebind(header)
		if !reflect.DeepEqual(again, m) || len(missing) != 0 {
			t.Fatalf("Rebind to the same header changed the mapping:\n%+v\n%+v\nmissing %q", m, again, missing)
		}
		all := make([]int, len(header))
		for i := range all {
			all[i] = i
		}
		if err := m.KeepAsAttributes(all).Validate(header); err != nil {
			t.Fatalf("keeping every column of %q as a named fact does not validate: %v", header, err)
		}
	})
}

// FuzzParseDate: any text parses or fails without panic, and a date parsed is read back the same from its
// ISO form.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, order string) {
		d, err := ParseDate(s, DateOrder(order))
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if d.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("ParseDate(%q) returned no date and no error", s)
			}
			return
		}
		back, err := ParseDate(d.String(), "")
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, read back as %v, %v", s, d, back, err)
		}
	})
}

// FuzzParseSalutation: any cell splits into gender, title and rest without losing a word: the title and the
// rest are words of the cell, in its order.
func FuzzParseSalutation(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		g, title, rest := ParseSalutation(s)
		if g != "" && !slices.Contains(domain.Genders(), g) {
			t.Fatalf("ParseSalutation(%q) gender %q", s, g)
		}
		words := strings.Fields(s)
		kept := strings.Fields(title + " " + rest)
		if len(kept) > len(words) || !slices.Equal(words[len(words)-len(kept):], kept) {
			t.Fatalf("ParseSalutation(%q) = %q, %q, %q: words lost or invented", s, g, title, rest)
		}
		if g == "" && len(kept) != len(words) && strings.TrimSpace(s) != "" {
			if _, ok := ParseGender(strings.Join(words, " ")); !ok {
				t.Fatalf("ParseSalutation(%q) dropped words without a gender", s)
			}
		}
		tt, name := SplitTitle(s)
		if strings.Join(strings.Fields(tt+" "+name), " ") != strings.Join(words, " ") {
			t.Fatalf("SplitTitle(%q) = %q, %q", s, tt, name)
		}
	})
}
