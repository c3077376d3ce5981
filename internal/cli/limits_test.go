package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store/storetest"
	"github.com/roster-crm/roster/internal/ziplimit/ziptest"
)

// A workbook or unit archive that unpacks beyond the limits is refused with a message that says the limit, and
// nothing is imported.
func TestCLIRefusesFilesThatUnpackBeyondTheLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	workbook := filepath.Join(dir, "mitglieder.xlsx")
	if err := os.WriteFile(workbook, ziptest.WorkbookBomb(t), 0o600); err != nil {
		t.Fatal(err)
	}
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		msg := s.fails(1, "import", "--unit", "BV", workbook)
		if !strings.Contains(msg, "workbook too large once unpacked (xl/worksheets/sheet1.xml: more than 512 MiB); save the sheet as CSV") {
			t.Errorf("import: %q", msg)
		}

		archive := filepath.Join(t.TempDir(), "bund.zip")
		s.ok("", "export-archive", "BV", archive)
		data, err := os.ReadFile(archive)
		if err != nil {
			t.Fatal(err)
		}
		bomb := ziptest.Edit(t, data, map[string]ziptest.Gen{"contacts.csv": ziptest.Append("", "\x00", 1<<30)})
		if err := os.WriteFile(archive, bomb, 0o600); err != nil {
			t.Fatal(err)
		}
		s.ok("", "unit add", "--name", "Anderswo", "--code", "AW")
		msg = s.fails(1, "import-archive", "--parent", "AW", archive)
		if !strings.Contains(msg, "nothing was imported: invalid input: contacts.csv:2: row too large (1 MiB)") {
			t.Errorf("import-archive: %q", msg)
		}
		if units := s.ok("", "unit list"); strings.Count(units, "Bund") != 1 {
			t.Errorf("units after the refused archive:\n%s", units)
		}
	})
}
