package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestCLIRefusesToCreateStrayDatabase(t *testing.T) {
	t.Parallel()
	// needsDatabase are commands that only make sense on an existing database: run where there is none, each
	// says so and leaves nothing behind, rather than create an empty database in the wrong place.
	needsDatabase := [][]string{
		{"contact", "count"},
		{"contact", "list", "--as", "anna@example.org"},
		{"unit", "list"},
		{"unit", "move", "1234", "--parent", "09184"},
		{"unit", "add", "--parent", "09162", "--name", "OV Schwabing"}, // a parent means an existing tree
		{"user", "add", "--as", "chair@example.org", "--email", "anna@example.org", "--name", "Anna"},
		{"user", "list"},
		{"user", "grant", "--email", "anna@example.org", "--unit", "09162", "--role", "manager"},
		{"duplicates", "merge", "1017", "2044", "--take", "family_name"},
		{"enrich", "districts"},
		{"export", "contacts"},
		{"import", "list"},
		{"import", "recover"},
		{"export-archive", "09162", "muenchen.zip"},
	}
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		where := "(the database is empty)"
		dataDir := filepath.Join(t.TempDir(), "roster-data")
		if b.Name == "sqlite" {
			s.dbFlags = []string{"--data-dir", dataDir}
			where = filepath.Join(dataDir, "roster.db")
		} else {
			// Commands other than the server read the secret key but never create it: no roster-data/
			// appears in the working directory of an operator using PostgreSQL.
			s.env["ROSTER_DATA_DIR"] = dataDir
		}
		for _, args := range needsDatabase {
			r := s.run("", args[0], args[1:]...)
			if r.code != 1 || !strings.Contains(r.stderr, "no Roster database at ") || !strings.Contains(r.stderr, where) ||
				!strings.Contains(r.stderr, "run 'roster serve --demo' or 'roster migrate' to create one, or pass --data-dir/--database-url") {
				t.Errorf("roster %v where there is no database: %v", args, r)
			}
			if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
				t.Fatalf("roster %v created %s", args, dataDir)
			}
		}
		if out := s.ok("", "migrate", "--status"); !strings.Contains(out, "schema version 0 of") {
			t.Errorf("migrate --status: %q", out)
		}
		if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
			t.Fatalf("migrate --status created %s", dataDir)
		}

		// The bootstrap of docs/operations.md works on the empty database.
		s.ok("", "unit add", "--name", "Our Party", "--kind", "national", "--code", "ROOT")
		s.ok(goodPassword+"\n", "user add", "--email", "chair@example.org", "--name", "The Chair", "--password-stdin")
		s.ok("", "user grant", "--email", "chair@example.org", "--unit", "ROOT", "--role", "admin")
		if out := s.ok("", "contact count", "--as", "chair@example.org"); out != "0\n" {
			t.Errorf("contact count after the bootstrap: %q", out)
		}
		if b.Name != "sqlite" {
			if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
				t.Errorf("commands on PostgreSQL created %s", dataDir)
			}
		}
	})
}

// TestCLIBootstrapCommandsCreateTheDatabase: a first user may come before the first unit; each such command
// creates the database in the data directory it was given.
func TestCLIBootstrapCommandsCreateTheDatabase(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "new", "roster-data")
	env := map[string]string{"ROSTER_LOG_LEVEL": "warn", "ROSTER_DATA_DIR": dataDir}
	if r := roster(t, env, goodPassword+"\n", "user", "add", "--email", "chair@example.org", "--name", "The Chair", "--password-stdin"); r.code != 0 {
		t.Fatalf("user add on a new data directory: %v", r)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "roster.db")); err != nil {
		t.Fatal(err)
	}
	if r := roster(t, env, "", "user", "list"); r.code != 0 || !strings.Contains(r.stdout, "chair@example.org") {
		t.Errorf("user list: %v", r)
	}
}
