package ziplimit

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

var limits = Limits{Members: 100, Member: 1 << 20, Total: 2 << 20}

func zipOf(t *testing.T, add func(zw *zip.Writer)) *bytes.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

func write(t *testing.T, zw *zip.Writer, name string, size int) {
	t.Helper()
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(bytes.Repeat([]byte{'x'}, size)); err != nil {
		t.Fatal(err)
	}
}

func TestOpenChecksTheDirectory(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		add        func(*testing.T, *zip.Writer)
	}{
		{"within the limits", "", func(t *testing.T, zw *zip.Writer) {
			write(t, zw, "a.csv", 1<<20)
			write(t, zw, "b.csv", 1<<20)
		}},
		{"a member too large", "b.csv: more than 1 MiB", func(t *testing.T, zw *zip.Writer) {
			write(t, zw, "a.csv", 10)
			write(t, zw, "b.csv", 1<<20+1)
		}},
		{"too large together", "more than 2 MiB", func(t *testing.T, zw *zip.Writer) {
			for i := range 3 {
				write(t, zw, fmt.Sprint(i), 1<<20)
			}
		}},
		{"too many members", "more than 100 files", func(t *testing.T, zw *zip.Writer) {
			for i := range 101 {
				write(t, zw, fmt.Sprint(i), 0)
			}
		}},
		// Go's zip reader would hold all 50,000 entries before anyone could count them; the directory is
		// refused while it is read.
		{"a directory far beyond the members allowed", "more than 100 files", func(t *testing.T, zw *zip.Writer) {
			for i := range 50000 {
				write(t, zw, fmt.Sprint(i), 0)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := zipOf(t, func(zw *zip.Writer) { tc.add(t, zw) })
			zr, err := Open(r, r.Size(), limits)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want == "":
				if len(zr.File) != 2 {
					t.Errorf("%d members", len(zr.File))
				}
			case !errors.Is(err, ErrTooLarge) || err.Error() != tc.want:
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Open(strings.NewReader("not a zip"), 9, limits); err == nil || errors.Is(err, ErrTooLarge) {
		t.Errorf("not a zip: %v", err)
	}
}

// A member whose header declares less than it unpacks to stops at its declared size, whoever checks first:
// Go's zip reader (as corrupt) or OpenMember's limit (as too large).
func TestOpenMemberStopsAtTheDeclaredSize(t *testing.T) {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	fw.Write(bytes.Repeat([]byte{' '}, 10<<20))
	fw.Close()
	r := zipOf(t, func(zw *zip.Writer) {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "liar.csv", Method: zip.Deflate,
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1000})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(packed.Bytes())
	})
	zr, err := Open(r, r.Size(), limits)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := OpenMember(zr.File[0], limits.Member)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if err == nil || n > 1000 {
		t.Errorf("read %d bytes, error %v", n, err)
	}
	if _, err := OpenMember(zr.File[0], 999); !errors.Is(err, ErrTooLarge) || err.Error() != "liar.csv: more than 999 bytes" {
		t.Errorf("a member over the limit given: %v", err)
	}
}

// The reader that enforces the declared size itself, for a member whose underlying reader does not.
func TestMemberReaderFailsBeyondItsSize(t *testing.T) {
	m := &memberReader{rc: io.NopCloser(strings.NewReader("0123456789")), name: "m", left: 4}
	b, err := io.ReadAll(m)
	if string(b) != "0123" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("read %q, error %v", b, err)
	}
	m = &memberReader{rc: io.NopCloser(strings.NewReader("0123")), name: "m", left: 4}
	if b, err := io.ReadAll(m); string(b) != "0123" || err != nil {
		t.Errorf("exactly the size: %q, %v", b, err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{512 << 20: "512 MiB", 1 << 30: "1 GiB", 4 << 30: "4 GiB", 1 << 20: "1 MiB", 64 << 10: "64 KiB", 999: "999 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
