package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store/storetest"
)

// The command line says which columns it leaves out, writes the rejected rows as CSV to fix, and undoes an
// import after saying what it would keep.
func TestCLIImportRejectedRowsAndUndo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "liste.csv")
	csv := "Vorname;Nachname;Webseite;Geburtsdatum\nNina;Neu;https://nina.example.org;01.02.1990\nPia;Problem;;31.02.1980\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		r := s.run("", "import", "--unit", "BV", path)
		if r.code != 0 || !strings.Contains(r.stderr, "not imported: Webseite (to keep them: --map 'Webseite=attribute:webseite')") ||
			!strings.Contains(r.stdout, "1 created") {
			t.Fatalf("import: %v", r)
		}
		rejected := s.run("", "import", "rejected", "--lang", "de", "1")
		if rejected.code != 0 || !strings.Contains(rejected.stdout, "Vorname,Nachname,Webseite,Geburtsdatum,Problem\n") ||
			!strings.Contains(rejected.stdout, "Pia,Problem,,31.02.1980,") || !strings.Contains(rejected.stdout, "Dieses Datum gibt es nicht") {
			t.Errorf("rejected rows: %v", rejected)
		}
		if out := s.ok("", "import", "undo", "--dry-run", "1"); !strings.Contains(out, "import 1 would be undone: 1 contacts removed, 0 restored, 0 kept") {
			t.Errorf("undo --dry-run: %q", out)
		}
		if out := s.ok("", "contact", "list"); !strings.Contains(out, "Nina Neu") {
			t.Errorf("a dry run of undo removed Nina: %q", out)
		}
		if out := s.ok("", "import", "undo", "1"); !strings.Contains(out, "import 1 undone: 1 contacts removed") {
			t.Errorf("undo: %q", out)
		}
	})
}
