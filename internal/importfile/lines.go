package importfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// lineReader yields physical lines: first from bytes given back by unread, then from the file.
type lineReader struct {
	br      *bufio.Reader
	eol     byte   // '\n' ('\r' before it is dropped) or '\r'
	pending []byte // lines given back by unread
	buf     []byte // assembles a line longer than br's buffer, or split between pending and br
	n       int    // lines read so far: the number of the line last returned
}

// next returns the next line without its line end, valid until the next call, and whether it had a line end
// (only a file's last line may lack one). It returns io.EOF after the last line.
func (lr *lineReader) next() ([]byte, bool, error) {
	lr.buf = lr.buf[:0]
	if len(lr.pending) > 0 {
		if i := bytes.IndexByte(lr.pending, lr.eol); i >= 0 {
			line := lr.pending[:i]
			lr.pending = lr.pending[i+1:]
			lr.n++
			return lr.trimCR(line), true, nil
		}
		lr.buf = append(lr.buf, lr.pending...)
		lr.pending = nil
	}
	for {
		chunk, err := lr.br.ReadSlice(lr.eol)
		switch err {
		case bufio.ErrBufferFull:
			lr.buf = append(lr.buf, chunk...)
			if len(lr.buf) > MaxRecordBytes {
				return nil, false, fmt.Errorf("line %d: %w", lr.n+1, ErrLineTooLong)
			}
			continue
		case nil:
			lr.n++
			chunk = chunk[:len(chunk)-1]
			if len(lr.buf) == 0 {
				return lr.trimCR(chunk), true, nil
			}
			lr.buf = append(lr.buf, chunk...)
			if len(lr.buf) > MaxRecordBytes {
				return nil, false, fmt.Errorf("line %d: %w", lr.n, ErrLineTooLong)
			}
			return lr.trimCR(lr.buf), true, nil
		case io.EOF:
			lr.buf = append(lr.buf, chunk...)
			if len(lr.buf) == 0 {
				return nil, false, io.EOF
			}
			lr.n++
			if len(lr.buf) > MaxRecordBytes {
				return nil, false, fmt.Errorf("line %d: %w", lr.n, ErrLineTooLong)
			}
			return lr.trimCR(lr.buf), false, nil
		}
		return nil, false, err
	}
}

// trimCR drops the '\r' of a CRLF line end, and more of them: files converted twice end lines with CRCRLF.
func (lr *lineReader) trimCR(line []byte) []byte {
	if lr.eol == '\n' {
		for len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	return line
}

// unread gives back n lines (raw, with their line ends) to be read again before anything else.
func (lr *lineReader) unread(raw []byte, n int) {
	p := make([]byte, 0, len(raw)+len(lr.pending))
	lr.pending = append(append(p, raw...), lr.pending...)
	lr.n -= n
}
