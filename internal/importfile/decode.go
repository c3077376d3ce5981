package importfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits that keep one broken row from swallowing the rest of a file, and memory flat.
const (
	// MaxRecordLines is how many lines a quoted field may span. A longer one is taken for a stray quote.
	MaxRecordLines = 200
	// MaxRecordBytes is the longest row, and the longest line, accepted.
	MaxRecordBytes = 1 << 20
)

// textSource reads the rows of a delimited text file.
type textSource struct {
	lines    lineReader
	counter  *countingReader
	offset   int64 // bytes before counter's first byte: the byte-order mark
	size     int64
	encoding Encoding
	delim    byte
	rec      []byte // unquoted field contents of the current row, back to back
	ends     []int  // end offset in rec of each field
	raw      []byte // continuation lines of the current row, kept to read them again if its quote never closes
	utf8     []byte // a Windows-1252 row transcoded, and its field ends
	utf8Ends []int
	recoded  int
}

func openText(r io.ReaderAt, size int64, sample []byte, ext string, opts Options) (*textSource, error) {
	short := int64(len(sample)) < size
	enc, bom, err := opts.Encoding, 0, error(nil)
	switch {
	case enc == "":
		if enc, bom, err = sniffEncoding(sample, short); err != nil {
			return nil, err
		}
	case !enc.valid():
		return nil, fmt.Errorf("unknown encoding %q", enc)
	default: // as the user says; only a byte-order mark of that very encoding is skipped
		if sniffed, n, _ := sniffEncoding(sample, short); sniffed == enc {
			bom = n
		}
	}
	text := sample[bom:]
	if enc == UTF16LE || enc == UTF16BE {
		text = decodeUTF16Sample(text, enc)
	}
	t := &textSource{offset: int64(bom), size: size, encoding: enc, counter: &countingReader{r: io.NewSectionReader(r, int64(bom), size-int64(bom))}}
	t.lines.eol = sniffEOL(text)
	var body io.Reader = t.counter
	if enc == UTF16LE || enc == UTF16BE {
		order := unicode.LittleEndian
		if enc == UTF16BE {
			order = unicode.BigEndian
		}
		body = transform.NewReader(body, unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder())
	}
	t.lines.br = bufio.NewReaderSize(body, int(min(64<<10, max(size, 16))))
	sep, hasSep := sepLine(text)
	switch {
	case opts.Delimiter != 0:
		if opts.Delimiter >= utf8.RuneSelf || opts.Delimiter == '"' || opts.Delimiter == '\r' || opts.Delimiter == '\n' {
			return nil, fmt.Errorf("delimiter %q is not supported", opts.Delimiter)
		}
		t.delim = byte(opts.Delimiter)
	case hasSep:
		t.delim = sep
	default:
		var hint byte
		if ext == "tsv" || ext == "tab" {
			hint = '\t'
		}
		t.delim = sniffDelimiter(text, t.lines.eol, short, hint)
	}
	if hasSep {
		if _, _, err := t.lines.next(); err != nil && err != io.EOF {
			return nil, err
		}
	}
	return t, nil
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (t *textSource) progress() float64 {
	if t.size == 0 {
		return 1
	}
	return float64(t.offset+t.counter.n) / float64(t.size)
}

func (t *textSource) close() error { return nil }

// next parses the next row that is not blank.
func (t *textSource) next() ([]string, int, error) {
	for {
		line, terminated, err := t.lines.next()
		if err != nil {
			return nil, t.lines.n, err
		}
		start := t.lines.n
		if len(line) == 0 {
			continue
		}
		if err := t.parse(line, terminated); err != nil {
			if err == ErrQuote {
				return nil, start, &RowError{Line: start, Err: ErrQuote}
			}
			return nil, start, err
		}
		if fields := t.fields(); !blank(fields) {
			return fields, start, nil
		}
	}
}

// blank reports whether a row holds nothing but white space.
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parse splits a row into t.rec and t.ends, reading more lines while a quoted field goes on. Quotes are read
// as spreadsheets read them: a field that starts with a quote (after blanks) is quoted, a doubled quote inside
// it is one quote, and a quote elsewhere is text.
func (t *textSource) parse(line []byte, terminated bool) error {
	t.rec, t.ends, t.raw = t.rec[:0], t.ends[:0], t.raw[:0]
	extra, pos := 0, 0
	for {
		j := pos
		for j < len(line) && line[j] == ' ' && t.delim != ' ' {
			j++
		}
		if j < len(line) && line[j] == '"' {
			var err error
			if line, pos, terminated, err = t.quoted(line, j+1, terminated, &extra); err != nil {
				return err
			}
		} else {
			i := bytes.IndexByte(line[pos:], t.delim)
			if i < 0 {
				i = len(line) - pos
			}
			t.rec = append(t.rec, line[pos:pos+i]...)
			pos += i
		}
		t.ends = append(t.ends, len(t.rec))
		if pos >= len(line) {
			return nil
		}
		pos++ // the delimiter
		if pos == len(line) {
			t.ends = append(t.ends, len(t.rec))
			return nil
		}
	}
}

// quoted reads a quoted field that starts at line[pos], after its opening quote, and returns the line and
// position where it ends (at the delimiter or the line end); line changes when the field spans lines, and
// extra counts the lines read. A quote followed by neither the delimiter nor the line end is text when the
// field closes later on the line ("Robert "Bob" Smith"), and otherwise ends the quoted part ("12" high →
// 12 high).
func (t *textSource) quoted(line []byte, pos int, terminated bool, extra *int) ([]byte, int, bool, error) {
	for {
		i := bytes.IndexByte(line[pos:], '"')
		if i < 0 {
			t.rec = append(t.rec, line[pos:]...)
			if !terminated {
				return nil, 0, false, t.unclosed(*extra)
			}
			t.rec = append(t.rec, '\n')
			var err error
			line, terminated, err = t.lines.next()
			if err == io.EOF {
				return nil, 0, false, t.unclosed(*extra)
			}
			if err != nil {
				return nil, 0, false, err
			}
			*extra++
			t.raw = append(t.raw, line...)
			if terminated {
				t.raw = append(t.raw, t.lines.eol)
			}
			if *extra > MaxRecordLines || len(t.rec) > MaxRecordBytes {
				return nil, 0, false, t.unclosed(*extra)
			}
			pos = 0
			continue
		}
		t.rec = append(t.rec, line[pos:pos+i]...)
		pos += i + 1
		switch {
		case pos < len(line) && line[pos] == '"':
			t.rec = append(t.rec, '"')
			pos++
		case pos == len(line) || line[pos] == t.delim:
			return line, pos, terminated, nil
		case closesLater(line[pos:], t.delim):
			t.rec = append(t.rec, '"')
		default:
			k := bytes.IndexByte(line[pos:], t.delim)
			if k < 0 {
				k = len(line) - pos
			}
			if rest := line[pos : pos+k]; len(bytes.Trim(rest, " ")) > 0 {
				t.rec = append(t.rec, rest...)
			}
			return line, pos + k, terminated, nil
		}
	}
}

// closesLater reports whether a quote in rest is followed by the delimiter or the line end.
func closesLater(rest []byte, delim byte) bool {
	for i := 0; i < len(rest); i++ {
		if rest[i] != '"' {
			continue
		}
		if i+1 == len(rest) || rest[i+1] == delim {
			return true
		}
		if rest[i+1] == '"' {
			i++
		}
	}
	return false
}

// unclosed gives back the lines read after the first line of a row whose quote never closed, so that they
// are read again as rows of their own: one stray quote costs one row, not the rest of the file.
func (t *textSource) unclosed(extra int) error {
	t.lines.unread(t.raw, extra)
	return ErrQuote
}
