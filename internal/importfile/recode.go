package importfile

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// fields turns t.rec into strings: one allocation for the row, fields slicing it. A Windows-1252 row is
// transcoded as a whole; in a UTF-8 file, fields that are not valid UTF-8 are read as Windows-1252.
func (t *textSource) fields() []string {
	out := make([]string, len(t.ends))
	rec, ends := t.rec, t.ends
	switch {
	case t.encoding == Windows1252 && !ascii(rec):
		rec, ends = t.transcode()
	case t.encoding != Windows1252 && !utf8.Valid(rec):
		t.recoded++
		prev := 0
		for i, e := range t.ends {
			if f := t.rec[prev:e]; utf8.Valid(f) {
				out[i] = string(f)
			} else {
				out[i] = decodeWindows1252(f)
			}
			prev = e
		}
		return out
	}
	s := string(rec)
	prev := 0
	for i, e := range ends {
		out[i], prev = s[prev:e], e
	}
	return out
}

// transcode converts the Windows-1252 row in t.rec to UTF-8, with the field ends moved accordingly.
func (t *textSource) transcode() ([]byte, []int) {
	t.utf8, t.utf8Ends = t.utf8[:0], t.utf8Ends[:0]
	prev := 0
	for _, e := range t.ends {
		for _, c := range t.rec[prev:e] {
			if c < utf8.RuneSelf {
				t.utf8 = append(t.utf8, c)
			} else {
				t.utf8 = utf8.AppendRune(t.utf8, charmap.Windows1252.DecodeByte(c))
			}
		}
		t.utf8Ends = append(t.utf8Ends, len(t.utf8))
		prev = e
	}
	return t.utf8, t.utf8Ends
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func decodeWindows1252(b []byte) string {
	out := make([]byte, 0, len(b)+len(b)/2)
	for _, c := range b {
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(c))
	}
	return string(out)
}
