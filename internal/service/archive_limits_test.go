package service_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/peakmem"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// archiveEdit copies an archive, changing members: a name mapped to a generator gets what it writes (deflated
// at the fastest level, so that a gigabyte takes a second and a megabyte), one mapped to nil is left out.
// Members named in raw are added as given, header and all.
func archiveEdit(t testing.TB, data []byte, gen map[string]func(old string, w io.Writer), raw ...rawMember) []byte {
	t.Helper()
	zr := must(zip.NewReader(bytes.NewReader(data), int64(len(data))))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, f := range zr.File {
		g, changed := gen[f.Name]
		switch {
		case !changed:
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		case g != nil:
			rc := must(f.Open())
			old := string(must(io.ReadAll(rc)))
			rc.Close()
			g(old, must(zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})))
		}
	}
	for _, m := range raw {
		w := must(zw.CreateRaw(&m.header))
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

type rawMember struct {
	header zip.FileHeader
	data   []byte
}

// endless writes a file's text and then size bytes of b: a last row that never ends.
func endless(prefix string, b byte, size int) func(string, io.Writer) {
	return func(old string, w io.Writer) {
		io.WriteString(w, old+prefix)
		block := bytes.Repeat([]byte{b}, 64<<10)
		for n := 0; n < size; n += len(block) {
			w.Write(block)
		}
	}
}

// declared is a member whose header claims size bytes; its data is a few bytes, never reached.
func declared(name string, size uint64) rawMember {
	return rawMember{zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 3, UncompressedSize64: size}, []byte("abc")}
}

// lying is a member whose header declares 1 KiB but which unpacks to size spaces.
func lying(name string, size int) rawMember {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	block := bytes.Repeat([]byte{' '}, 64<<10)
	for n := 0; n < size; n += len(block) {
		fw.Write(block)
	}
	fw.Close()
	return rawMember{zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(packed.Len()),
		UncompressedSize64: 1 << 10}, packed.Bytes()}
}

type archiveBomb struct {
	name, field, code, param string
	data                     []byte
	child                    bool // measure the peak memory of importing it in a child process
}

// archiveBombs are archives of at most a few megabytes built from a real export, each beyond one limit, with
// the problem the import must report.
func archiveBombs(t *testing.T) []archiveBomb {
	w := newArchiveWorld(t, storetest.Backends()[0].Open(t))
	data, _, err := w.export(w.system(), w.north.ID)
	if err != nil {
		t.Fatal(err)
	}
	var many []rawMember
	for i := range 90 {
		many = append(many, declared(fmt.Sprintf("extra/%d.txt", i), 0))
	}
	return []archiveBomb{
		{"contacts ending in 1 GiB of zeros", "contacts.csv:5", "row_too_large", "1 MiB",
			archiveEdit(t, data, map[string]func(string, io.Writer){"contacts.csv": endless("", 0, 1<<30)}), true},
		{"a history entry of 1 GiB", "history.jsonl:", "row_too_large", "1 MiB",
			archiveEdit(t, data, map[string]func(string, io.Writer){"history.jsonl": endless(`{"id":1,"changes":{"x":"`, ' ', 1<<30)}), true},
		{"notes declaring 3 GiB", "notes.csv", "file_too_large_unpacked", "more than 2 GiB",
			archiveEdit(t, data, map[string]func(string, io.Writer){"notes.csv": nil}, declared("notes.csv", 3<<30)), false},
		{"files declaring 6 GiB together", "archive", "file_too_large_unpacked", "more than 4 GiB",
			archiveEdit(t, data, nil, declared("extra/1.txt", 2<<30), declared("extra/2.txt", 2<<30), declared("extra/3.txt", 2<<30)), false},
		{"a hundred and seven files", "archive", "file_too_large_unpacked", "more than 100 files",
			archiveEdit(t, data, nil, many...), false},
		{"a manifest of 2 MiB", "manifest.json", "file_too_large_unpacked", "more than 1 MiB",
			archiveEdit(t, data, map[string]func(string, io.Writer){"manifest.json": endless(" ", ' ', 2<<20)}), false},
		{"tags whose header understates their size", "tags.csv", "unreadable", "not a valid zip file",
			archiveEdit(t, data, map[string]func(string, io.Writer){"tags.csv": nil}, lying("tags.csv", 256<<20)), true},
	}
}

// An archive that unpacks beyond a limit is refused with a problem naming the file and the limit, and nothing is
// written. The rows that never end are read up to the row limit and no further: importing them in a child
// process of its own keeps its peak memory near what the test binary needs anyway (before the limits, the
// endless contacts row took more than 2 GB).
func TestArchiveBombsAreRefusedWithinMemory(t *testing.T) {
	bombs := archiveBombs(t)
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b.Open(t))
		parent := f.unit(0, "Target")
		before := archiveCounts(t, f, f.system())
		for _, bomb := range bombs {
			if len(bomb.data) > 2<<20 {
				t.Fatalf("%s: the bomb takes %d bytes packed", bomb.name, len(bomb.data))
			}
			_, err := f.svc.ImportArchive(f.ctx, f.system(), bytes.NewReader(bomb.data), int64(len(bomb.data)), parent.ID)
			if !hasBombProblem(err, bomb) {
				t.Errorf("%s: %v", bomb.name, err)
			}
		}
		if after := archiveCounts(t, f, f.system()); after != before {
			t.Errorf("contacts, units and audit entries %v before, %v after", before, after)
		}
	})

	dir := t.TempDir()
	for i, bomb := range bombs {
		if !bomb.child {
			continue
		}
		path := filepath.Join(dir, fmt.Sprintf("bomb%d.zip", i))
		if err := os.WriteFile(path, bomb.data, 0o600); err != nil {
			t.Fatal(err)
		}
		result, peak := peakmem.Run(t, "TestImportArchiveInChild", "ROSTER_TEST_ARCHIVE="+path)
		if !strings.Contains(result, bomb.field) || !strings.Contains(result, bomb.code) {
			t.Errorf("%s in the child: %s", bomb.name, result)
		}
		t.Logf("%s: peak %s", bomb.name, peakmem.MB(peak))
		if peak > 300e6 {
			t.Errorf("%s: peak %s", bomb.name, peakmem.MB(peak))
		}
	}
}

func hasBombProblem(err error, bomb archiveBomb) bool {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, f := range ve.Fields {
		if strings.HasPrefix(f.Field, bomb.field) && f.Code == bomb.code && strings.Contains(f.Param, bomb.param) {
			return true
		}
	}
	return false
}

// TestImportArchiveInChild imports the archive named by ROSTER_TEST_ARCHIVE into a new SQLite database and
// reports, for the test that measures memory.
func TestImportArchiveInChild(t *testing.T) {
	if !peakmem.Child("TestImportArchiveInChild") {
		t.Skip("run by TestArchiveBombsAreRefusedWithinMemory")
	}
	f := newFixture(t, storetest.Backends()[0].Open(t))
	file, err := os.Open(os.Getenv("ROSTER_TEST_ARCHIVE"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	info := must(file.Stat())
	_, err = f.svc.ImportArchive(f.ctx, f.system(), file, info.Size(), 0)
	peakmem.Report(fmt.Sprint(err))
}
