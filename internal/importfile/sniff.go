package importfile

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// sampleSize is how much of a file the detection looks at.
const sampleSize = 64 << 10

// Encoding is a text encoding, named as in HTTP and HTML (IANA names).
type Encoding string

const (
	UTF8        Encoding = "UTF-8"
	Windows1252 Encoding = "windows-1252" // a superset of ISO-8859-1 (Latin-1) in every printable character
	UTF16LE     Encoding = "UTF-16LE"
	UTF16BE     Encoding = "UTF-16BE"
)

// String names the encoding for people: "UTF-8", "Windows-1252 (Latin-1)", "UTF-16".
func (e Encoding) String() string {
	switch e {
	case Windows1252:
		return "Windows-1252 (Latin-1)"
	case UTF16LE, UTF16BE:
		return "UTF-16"
	}
	return string(e)
}

func (e Encoding) valid() bool {
	return e == UTF8 || e == Windows1252 || e == UTF16LE || e == UTF16BE
}

// sniffEncoding detects the encoding of a file from its first bytes and returns the length of its byte-order
// mark. sample is the whole file when short is false. Without a BOM, NUL bytes in every other position mean
// UTF-16 (Excel's "Unicode text" has a BOM, other tools may not); any other NUL means a binary file.
func sniffEncoding(sample []byte, short bool) (Encoding, int, error) {
	switch {
	case bytes.HasPrefix(sample, []byte("\xEF\xBB\xBF")):
		return UTF8, 3, nil
	case bytes.HasPrefix(sample, []byte("\xFF\xFE")):
		return UTF16LE, 2, nil
	case bytes.HasPrefix(sample, []byte("\xFE\xFF")):
		return UTF16BE, 2, nil
	}
	if bytes.IndexByte(sample, 0) >= 0 {
		even, odd := 0, 0
		n := min(len(sample), 4096) &^ 1
		for i := 0; i < n; i += 2 {
			if sample[i] == 0 {
				even++
			}
			if sample[i+1] == 0 {
				odd++
			}
		}
		switch {
		case odd > n/8 && even == 0:
			return UTF16LE, 0, nil
		case even > n/8 && odd == 0:
			return UTF16BE, 0, nil
		}
		return "", 0, ErrNotSpreadsheet
	}
	if short {
		sample = trimPartialRune(sample)
	}
	if utf8.Valid(sample) {
		return UTF8, 0, nil
	}
	return Windows1252, 0, nil
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// decodeUTF16Sample converts the start of a UTF-16 file to UTF-8 for the delimiter and line-end detection.
func decodeUTF16Sample(sample []byte, enc Encoding) []byte {
	order := unicode.LittleEndian
	if enc == UTF16BE {
		order = unicode.BigEndian
	}
	out, _ := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(sample[:len(sample)&^1])
	return out
}

// sniffEOL returns the byte that ends lines: '\n' (also for CRLF files), or '\r' for old Mac files that have
// no '\n' at all.
func sniffEOL(sample []byte) byte {
	if bytes.IndexByte(sample, '\n') < 0 && bytes.IndexByte(sample, '\r') >= 0 {
		return '\r'
	}
	return '\n'
}

// sepLine recognises Excel's "sep=;" first line, which names the delimiter and is not part of the data. The
// delimiter must be a tab or ASCII punctuation other than the quote.
func sepLine(sample []byte) (byte, bool) {
	if len(sample) < 5 || !bytes.EqualFold(sample[:4], []byte("sep=")) ||
		len(sample) > 5 && sample[5] != '\r' && sample[5] != '\n' {
		return 0, false
	}
	d := sample[4]
	if d == '\t' || d > ' ' && d < 0x7f && d != '"' && !isAlnum(d) {
		return d, true
	}
	return 0, false
}

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' }

// delimiters are the candidates for detection, in order of preference when the evidence is equal.
const delimiters = ",;\t|"

// sniffDelimiter picks the delimiter that splits the header and the following records (up to 100, quotes
// respected) into the same number of fields most often. The header must contain it: a header names each
// column, so it holds every delimiter of the file and seldom another. Decimal commas in a semicolon file or
// commas in the free text of a tab file do not fool this. hint is the delimiter the file name suggests (tab
// for .tsv) and wins ties. A file with one column gets the candidate its rows contain least, so that
// "Müller, Hans" stays one field.
func sniffDelimiter(sample []byte, eol byte, short bool, hint byte) byte {
	counts := recordCounts(sample, eol, short)
	best, bestScore, bestFields := oneColumnDelimiter(counts, hint), -1.0, 0
	for c := range len(delimiters) {
		if len(counts) == 0 || counts[0][c] == 0 {
			continue
		}
		h := counts[0][c]
		same := 1
		for _, rc := range counts[1:] {
			if rc[c] == h {
				same++
			}
		}
		score := float64(same) / float64(len(counts))
		d := delimiters[c]
		better := score > bestScore || score == bestScore && (h > bestFields || h == bestFields && d == hint)
		if better {
			best, bestScore, bestFields = d, score, h
		}
	}
	return best
}

func oneColumnDelimiter(counts [][len(delimiters)]int, hint byte) byte {
	var total [len(delimiters)]int
	for _, rc := range counts {
		for c, n := range rc {
			total[c] += n
		}
	}
	best := -1
	for c := range len(delimiters) {
		if best < 0 || total[c] < total[best] || total[c] == total[best] && delimiters[c] == hint {
			best = c
		}
	}
	return delimiters[best]
}

// recordCounts counts, per record, each candidate delimiter outside quotes. A quote toggles the quoted state
// (a doubled quote toggles it twice); line ends inside quotes do not end a record. The last record is left out
// when the sample is cut from a longer file, and blank lines are skipped.
func recordCounts(sample []byte, eol byte, short bool) [][len(delimiters)]int {
	var out [][len(delimiters)]int
	var cur [len(delimiters)]int
	quoted, blank := false, true
	for _, b := range sample {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == eol:
			if !blank {
				out = append(out, cur)
				if len(out) > 100 {
					return out
				}
			}
			cur, blank = [len(delimiters)]int{}, true
			continue
		default:
			if i := bytes.IndexByte([]byte(delimiters), b); i >= 0 {
				cur[i]++
			}
		}
		if b != '\r' {
			blank = false
		}
	}
	if !blank && !short {
		out = append(out, cur)
	}
	return out
}
