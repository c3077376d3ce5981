package service_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/peakmem"
	"github.com/roster-crm/roster/internal/store/storetest"
	"github.com/roster-crm/roster/internal/ziplimit/ziptest"
)

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
	var many []ziptest.Member
	for i := range 90 {
		many = append(many, ziptest.Declared(fmt.Sprintf("extra/%d.txt", i), 0))
	}
	edit := func(name string, g ziptest.Gen, add ...ziptest.Member) []byte {
		return ziptest.Edit(t, data, map[string]ziptest.Gen{name: g}, add...)
	}
	return []archiveBomb{
		{"contacts ending in 1 GiB of zeros", "contacts.csv:5", "row_too_large", "1 MiB",
			edit("contacts.csv", ziptest.Append("", "\x00", 1<<30)), true},
		{"a history entry of 1 GiB", "history.jsonl:", "row_too_large", "1 MiB",
			edit("history.jsonl", ziptest.Append(`{"id":1,"changes":{"x":"`, " ", 1<<30)), true},
		{"notes declaring 3 GiB", "notes.csv", "file_too_large_unpacked", "more than 2 GiB",
			edit("notes.csv", nil, ziptest.Declared("notes.csv", 3<<30)), false},
		{"files declaring 6 GiB together", "archive", "file_too_large_unpacked", "more than 4 GiB",
			ziptest.Edit(t, data, nil, ziptest.Declared("extra/1.txt", 2<<30), ziptest.Declared("extra/2.txt", 2<<30), ziptest.Declared("extra/3.txt", 2<<30)), false},
		{"a hundred and seven files", "archive", "file_too_large_unpacked", "more than 100 files",
			ziptest.Edit(t, data, nil, many...), false},
		{"a manifest of 2 MiB", "manifest.json", "file_too_large_unpacked", "more than 1 MiB",
			edit("manifest.json", ziptest.Append(" ", " ", 2<<20)), false},
		{"tags whose header understates their size", "tags.csv", "unreadable", "not a valid zip file",
			edit("tags.csv", nil, ziptest.Lying("tags.csv", 256<<20)), true},
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
