package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestCLIArchiveExportAndImport(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		src := newSite(t, b)
		src.ok("", "unit add", "--name", "Bund", "--code", "BV")
		src.ok("", "unit add", "--name", "Nord", "--code", "N", "--parent", "BV")
		src.ok("", "unit add", "--name", "Süd", "--code", "S", "--parent", "BV")
		src.ok("", "user add", "--email", "nord@example.org", "--name", "Nord Officer")
		src.ok("", "user grant", "--email", "nord@example.org", "--unit", "N", "--role", "manager")
		svc := src.service()
		sys, err := svc.SystemActor(t.Context(), "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct{ unit, given, family string }{{"N", "Ada", "Lovelace"}, {"N", "Bob", "Byron"}, {"S", "Carol", "Outsider"}} {
			u, err := svc.UnitByRef(t.Context(), sys, p.unit)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.CreateContact(t.Context(), sys, domain.ContactInput{HomeUnitID: &u.ID, GivenName: &p.given, FamilyName: &p.family}); err != nil {
				t.Fatal(err)
			}
		}

		dir := t.TempDir()
		south := filepath.Join(dir, "south.zip")
		if msg := src.fails(1, "export-archive", "--as", "nord@example.org", "S", south); !strings.Contains(msg, "not found") {
			t.Errorf("export of another county: %q", msg)
		}
		if _, err := os.Stat(south); !os.IsNotExist(err) {
			t.Errorf("a refused export left a file: %v", err)
		}
		file := filepath.Join(dir, "nord.zip")
		out := src.ok("", "export-archive", "--as", "nord@example.org", "N", file)
		if !regexp.MustCompile(`^archived Nord: 2 contacts, 1 units, .*nord\.zip \(\d+\.\d kB\)`).MatchString(out) {
			t.Errorf("export-archive: %q", out)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}

		dst := newSite(t, b)
		out = dst.ok("", "import-archive", file)
		if !regexp.MustCompile(`^imported Nord as unit \d+: 2 contacts, 1 units`).MatchString(out) {
			t.Errorf("import-archive: %q", out)
		}
		if n := dst.ok("", "contact count"); n != "2\n" {
			t.Errorf("contacts after the import: %q", n)
		}
		if list := dst.ok("", "contact list"); !strings.Contains(list, "Lovelace") || strings.Contains(list, "Outsider") {
			t.Errorf("contact list after the import:\n%s", list)
		}

		// A second import clashes with the first: refused, nothing written.
		dst.ok("", "unit add", "--name", "Elsewhere", "--code", "E")
		msg := dst.fails(1, "import-archive", "--parent", "E", file)
		if !strings.Contains(msg, "nothing was imported") || !strings.Contains(msg, "code taken (N)") {
			t.Errorf("second import: %q", msg)
		}
		if n := dst.ok("", "contact count"); n != "2\n" {
			t.Errorf("contacts after the refused import: %q", n)
		}
		if msg := dst.fails(2, "import-archive"); !strings.Contains(msg, "ZIP file") {
			t.Errorf("import-archive without a file: %q", msg)
		}
	})
}
