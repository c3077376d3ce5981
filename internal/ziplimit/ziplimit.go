// Package ziplimit opens ZIP files from uploads without trusting them: the central directory, the number of
// members and their unpacked sizes are checked before anything is unpacked, and every member reads through a
// limit, so a small file that unpacks to gigabytes (a ZIP bomb) is refused with a [*TooLargeError] instead of
// filling memory or disk.
package ziplimit

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
)

// Limits bound what a ZIP file may unpack to.
type Limits struct {
	Members int   // members (files and directories) in the directory
	Member  int64 // unpacked bytes of one member
	Total   int64 // unpacked bytes of all members together
}

// directoryBytesPerMember is what the central directory may take per member allowed: its fixed 46 bytes, a
// name, a few extra fields. Go's zip reader holds every directory entry it finds (about 200 bytes each)
// before anyone can count them, so a directory of millions of empty entries is refused while it is read.
const directoryBytesPerMember = 512

// directorySlack covers what the zip reader reads to find the directory: the end record with its comment.
const directorySlack = 128 << 10

// ErrTooLarge is what every [*TooLargeError] matches with errors.Is.
var ErrTooLarge = errors.New("too large unpacked")

// TooLargeError says which limit a ZIP file or one of its members exceeds.
type TooLargeError struct {
	Member string // the member, or "" for the file as a whole
	Limit  string // the limit, for people: "more than 4 MiB", "more than 100 files"
}

func (e *TooLargeError) Error() string {
	if e.Member == "" {
		return e.Limit
	}
	return e.Member + ": " + e.Limit
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// Open reads the directory of a ZIP file of the given size and checks it against l: the number of members, each
// member's declared unpacked size and their sum. Nothing is unpacked. A file that is no ZIP file gives the zip
// package's error.
func Open(r io.ReaderAt, size int64, l Limits) (*zip.Reader, error) {
	budget := &budgetReaderAt{r: r, left: int64(l.Members)*directoryBytesPerMember + directorySlack}
	zr, err := zip.NewReader(budget, size)
	budget.left = -1 // members are read through the same reader, without this budget
	if errors.Is(err, errDirectoryBudget) {
		return nil, &TooLargeError{Limit: fmt.Sprintf("more than %d files", l.Members)}
	}
	if err != nil {
		return nil, err
	}
	if len(zr.File) > l.Members {
		return nil, &TooLargeError{Limit: fmt.Sprintf("more than %d files", l.Members)}
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(l.Member) {
			return nil, &TooLargeError{Member: f.Name, Limit: "more than " + Size(l.Member)}
		}
		if total += f.UncompressedSize64; total > uint64(l.Total) {
			return nil, &TooLargeError{Limit: "more than " + Size(l.Total)}
		}
	}
	return zr, nil
}

// OpenMember opens a member of a ZIP file that Open checked. Reading it yields at most limit bytes and never
// more than its declared size: a member whose header understates its size fails as too large (Go's zip
// reader refuses it as well, as corrupt), wherever it is read.
func OpenMember(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &TooLargeError{Member: f.Name, Limit: "more than " + Size(limit)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &memberReader{rc: rc, name: f.Name, left: int64(f.UncompressedSize64)}, nil
}

// Find returns the first member of zr named exactly name.
func Find(zr *zip.Reader, name string) (*zip.File, bool) {
	for _, f := range zr.File {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}

// memberReader passes on at most left bytes and fails on the first byte beyond.
type memberReader struct {
	rc   io.ReadCloser
	name string
	left int64 // bytes still allowed: the declared size, which OpenMember checked against the limit
	err  error // sticky
}

func (m *memberReader) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if int64(len(p)) > m.left+1 {
		p = p[:m.left+1] // one byte more than allowed tells a lying header from the end of the member
	}
	n, err := m.rc.Read(p)
	if int64(n) > m.left {
		n, m.err = int(m.left), &TooLargeError{Member: m.name, Limit: "more unpacked than its header declares"}
		m.left = 0
		return n, m.err
	}
	m.left -= int64(n)
	return n, err
}

func (m *memberReader) Close() error { return m.rc.Close() }

var errDirectoryBudget = errors.New("zip directory too large")

// budgetReaderAt fails once more than left bytes were read through it; a negative left reads without limit.
type budgetReaderAt struct {
	r    io.ReaderAt
	left int64
}

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.left >= 0 {
		if int64(len(p)) > b.left {
			return 0, errDirectoryBudget
		}
		b.left -= int64(len(p))
	}
	return b.r.ReadAt(p, off)
}

// Size writes a byte count in binary units, as the limits are set: "512 MiB", "1 GiB", "64 KiB".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", (n+1<<19)>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
