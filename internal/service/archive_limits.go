package service

import (
	"archive/zip"
	"errors"
	"io"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/ziplimit"
)

// Limits on what a unit archive may unpack to. Its files stream through the checks and into the database, so
// memory does not grow with them; these limits bound the time and the work a small hostile file can cause
// (a megabyte of ZIP unpacks to a gigabyte), and the length of a row, which the CSV and JSON readers hold
// whole. An archive of 100,000 contacts with a million history entries unpacks to some 200 MB.
const (
	archiveMaxFiles    = 100     // files in the ZIP; the format has 17
	archiveMaxFile     = 2 << 30 // one file unpacked
	archiveMaxUnpacked = 4 << 30 // all files together
	archiveMaxManifest = 1 << 20 // manifest.json, some 20 KB as Roster writes it
	archiveMaxRow      = 1 << 20 // one CSV record or JSON value, as for a CSV import; Roster's longest row is a note of 20,000 characters
)

// openArchiveZip reads an archive's directory within the limits.
func openArchiveZip(r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := ziplimit.Open(r, size, ziplimit.Limits{Members: archiveMaxFiles, Member: archiveMaxFile, Total: archiveMaxUnpacked})
	var tooLarge *ziplimit.TooLargeError
	if errors.As(err, &tooLarge) {
		field := tooLarge.Member
		if field == "" {
			field = "archive"
		}
		return nil, &domain.ValidationError{Fields: []domain.FieldError{{Field: field, Code: "file_too_large_unpacked", Param: tooLarge.Limit}}}
	}
	if err != nil {
		return nil, domain.Invalid("archive", "not_a_zip")
	}
	return zr, nil
}

// errRowTooLarge: a row of an archive file runs past archiveMaxRow bytes.
var errRowTooLarge = errors.New("row too large")

// rowLimit passes on the bytes of an archive file until one row takes more than archiveMaxRow of them; the
// table marks where each row ends. Without it a file of one endless line would be read into memory whole.
type rowLimit struct {
	r io.Reader
	n int64 // bytes passed on since the last mark, read-ahead included
}

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.n > archiveMaxRow {
		return 0, errRowTooLarge
	}
	if int64(len(p)) > archiveMaxRow+1-l.n {
		p = p[:archiveMaxRow+1-l.n]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

func (l *rowLimit) mark() { l.n = 0 }

// readProblem names what went wrong reading an archive file: a row or a file beyond the limits, or anything
// else that makes it unreadable.
func readProblem(err error) (code, param string) {
	var tooLarge *ziplimit.TooLargeError
	switch {
	case errors.Is(err, errRowTooLarge):
		return "row_too_large", ziplimit.Size(archiveMaxRow)
	case errors.As(err, &tooLarge):
		return "file_too_large_unpacked", tooLarge.Limit
	}
	return "unreadable", err.Error()
}
