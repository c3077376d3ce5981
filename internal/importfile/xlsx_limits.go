package importfile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/roster-crm/roster/internal/ziplimit"
)

// Limits on what a workbook may unpack to. An XLSX file is a ZIP of XML parts, and excelize, which reads it,
// holds every part in memory except worksheets and shared strings larger than workbookSpill, which it
// unpacks to temporary files. What it parses it turns into Go values many times the size of the XML: 4 MiB of
// cell styles take about 100 MB, a row of 64 MiB about 300 MB, each shared string some 100 bytes however
// short. So a workbook is checked before excelize sees it: its directory first, then every part, unpacked
// once through a scanner that keeps nothing.
const (
	// MaxWorkbookUnpacked bounds all parts of a workbook together, and the file itself.
	MaxWorkbookUnpacked = 512 << 20
	maxWorkbookParts    = 10000
	// workbookSpill is excelize's UnzipXMLSizeLimit: larger worksheets and shared strings go to temporary
	// files and are streamed from there.
	workbookSpill = 1 << 20
	// maxHeldBytes and maxHeldElements bound the parts excelize holds in memory (styles, the workbook, images …).
	maxHeldBytes    = 64 << 20
	maxHeldElements = 250000
	// maxRowBytes bounds the XML of one row: excelize collects a row's cells before it returns any.
	maxRowBytes = 4 << 20
	// maxTokenBytes bounds a text or a tag (the bytes between two '<'), which the XML decoder holds whole.
	maxTokenBytes    = 1 << 20
	maxSharedStrings = 1000000
)

// checkWorkbook checks that a ZIP file is a workbook within the limits. It answers ErrNotSpreadsheet for a ZIP
// file that is no workbook (an OpenDocument spreadsheet, a Word file) or cannot be unpacked, and an error
// matching ErrTooLarge, which says the limit, for one beyond the limits.
func checkWorkbook(r io.ReaderAt, size int64) error {
	if size > MaxWorkbookUnpacked {
		return tooLarge(&ziplimit.TooLargeError{Limit: "a file of more than " + ziplimit.Size(MaxWorkbookUnpacked)})
	}
	zr, err := ziplimit.Open(r, size, ziplimit.Limits{Members: maxWorkbookParts, Member: MaxWorkbookUnpacked, Total: MaxWorkbookUnpacked})
	if errors.Is(err, ziplimit.ErrTooLarge) {
		return tooLarge(err)
	}
	if err != nil {
		return ErrNotSpreadsheet
	}
	workbook, held := false, int64(0)
	for _, f := range zr.File {
		workbook = workbook || strings.EqualFold(f.Name, "xl/workbook.xml")
		if !spilled(f) {
			held += int64(f.UncompressedSize64)
		}
	}
	if !workbook {
		return ErrNotSpreadsheet
	}
	if held > maxHeldBytes {
		return tooLarge(&ziplimit.TooLargeError{Limit: "more than " + ziplimit.Size(maxHeldBytes) + " besides the worksheets"})
	}
	var s workbookScan
	for _, f := range zr.File {
		if err := s.part(f); err != nil {
			if errors.Is(err, ziplimit.ErrTooLarge) {
				return tooLarge(err)
			}
			return fmt.Errorf("%w: %s: %v", ErrNotSpreadsheet, f.Name, err)
		}
	}
	return nil
}

func tooLarge(err error) error {
	return fmt.Errorf("workbook too large once unpacked (%w); save the sheet as CSV", err)
}

// spilled tells whether excelize unpacks a part to a temporary file rather than into memory, by its own rule.
func spilled(f *zip.File) bool {
	name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
	return f.UncompressedSize64 > workbookSpill && !f.FileInfo().IsDir() &&
		(name == "xl/sharedstrings.xml" || strings.HasPrefix(name, "xl/worksheets/sheet"))
}

// workbookScan reads the parts of a workbook as XML, whatever their names say (a workbook's relationships may
// point anywhere), looking only at tag names.
type workbookScan struct {
	heldElements int
}

// partScan is the state of scanning one part. Positions are byte offsets in the unpacked part.
type partScan struct {
	name     string
	pos      int64 // bytes read
	lastTag  int64 // the last '<'
	rowStart int64 // the current row's start tag, -1 outside rows
	strings  int   // <si> elements: shared strings
}

// part unpacks one part through the scanner.
func (s *workbookScan) part(f *zip.File) error {
	if f.FileInfo().IsDir() {
		return nil
	}
	rc, err := ziplimit.OpenMember(f, MaxWorkbookUnpacked)
	if err != nil {
		return err
	}
	defer rc.Close()
	held := !spilled(f)
	p := partScan{name: f.Name, rowStart: -1}
	br := bufio.NewReaderSize(rc, 64<<10)
	for {
		chunk, err := br.ReadSlice('<')
		p.pos += int64(len(chunk))
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if err := p.check(p.pos); err != nil {
				return err
			}
			continue
		case errors.Is(err, io.EOF):
			return p.check(p.pos)
		case err != nil:
			return err
		}
		at := p.pos - 1
		if err := p.check(at); err != nil {
			return err
		}
		p.lastTag = at
		local, start, end := tagName(br)
		if start && held {
			if s.heldElements++; s.heldElements > maxHeldElements {
				return &ziplimit.TooLargeError{Limit: fmt.Sprintf("more than %d XML elements besides the worksheets", maxHeldElements)}
			}
		}
		switch {
		case start && string(local) == "row":
			p.rowStart = at
		case end && string(local) == "sheetData":
			p.rowStart = -1
		case start && string(local) == "si":
			if p.strings++; p.strings > maxSharedStrings {
				return &ziplimit.TooLargeError{Member: p.name, Limit: fmt.Sprintf("more than %d shared strings", maxSharedStrings)}
			}
		}
	}
}

// check tells whether the text since the last tag, or the current row up to at, is too long. A row runs from
// its start tag to the next row's, as excelize reads it: cells after a row's end tag still count as its own.
func (p *partScan) check(at int64) error {
	if at-p.lastTag > maxTokenBytes {
		return &ziplimit.TooLargeError{Member: p.name, Limit: "a text or tag of more than " + ziplimit.Size(maxTokenBytes)}
	}
	if p.rowStart >= 0 && at-p.rowStart > maxRowBytes {
		return &ziplimit.TooLargeError{Member: p.name, Limit: "a row of more than " + ziplimit.Size(maxRowBytes)}
	}
	return nil
}

// tagName reads the local name of the tag after a '<' without consuming it: start is set for a start tag
// (<x:row …>), end for an end tag (</sheetData>); comments, declarations and stray '<' are neither.
// The name is the reader's buffer, valid until the next read.
func tagName(br *bufio.Reader) (local []byte, start, end bool) {
	b, _ := br.Peek(40)
	if len(b) > 0 && b[0] == '/' {
		b, end = b[1:], true
	}
	if len(b) == 0 || !(b[0] >= 'a' && b[0] <= 'z' || b[0] >= 'A' && b[0] <= 'Z' || b[0] == '_') {
		return nil, false, false
	}
	n := bytes.IndexAny(b, " \t\r\n/>")
	if n < 0 {
		n = len(b)
	}
	name := b[:n]
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name, !end, end
}
