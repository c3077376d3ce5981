package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/cli"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestMain lets the test binary stand in for the roster command: with ROSTER_CLI_CHILD set it runs the
// arguments given there, as a separate process that a test can kill.
func TestMain(m *testing.M) {
	if args := os.Getenv("ROSTER_CLI_CHILD"); args != "" {
		os.Exit(cli.Main(context.Background(), strings.Split(args, "\x1f"), cli.IO{
			Env: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// TestImportKilledMidwayLeavesWholeRowsAndRollsBack kills a running import with SIGKILL after some chunks
// landed: what is in the database are whole rows only, recovery takes the batch back completely, and the
// same file then imports cleanly.
func TestImportKilledMidwayLeavesWholeRowsAndRollsBack(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := newSite(t, b)
			s.ok("", "unit add", "--name", "Land")
			var file strings.Builder
			file.WriteString("Vorname;Nachname;E-Mail;PLZ\n")
			const rows = 60000
			for i := range rows {
				fmt.Fprintf(&file, "Person;Nummer%d;p%d@example.org;%05d\n", i, i, 10000+i%900)
			}
			path := filepath.Join(t.TempDir(), "people.csv")
			if err := os.WriteFile(path, []byte(file.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append(append([]string{"import"}, s.dbFlags...), "--unit", "1", "--chunk-size", "200", path)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "ROSTER_CLI_CHILD="+strings.Join(args, "\x1f"), "ROSTER_LOG_LEVEL=warn")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			db := s.sqlDB()
			var done int
			for deadline := time.Now().Add(60 * time.Second); done < 1000; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the import made no progress (rows done %d)", done)
				}
				_ = db.QueryRow(`SELECT COALESCE(MAX(rows_done), 0) FROM import_batches`).Scan(&done)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()

			var status string
			var contacts, emails, reached, reported int
			count := func() {
				t.Helper()
				for q, to := range map[string]*int{
					`SELECT COUNT(*) FROM contacts`:                             &contacts,
					`SELECT COUNT(*) FROM contact_emails`:                       &emails,
					`SELECT COUNT(DISTINCT contact_id) FROM contact_reach`:      &reached,
					`SELECT COUNT(*) FROM import_rows WHERE outcome = 'create'`: &reported,
				} {
					if err := db.QueryRow(q).Scan(to); err != nil {
						t.Fatal(err)
					}
				}
				if err := db.QueryRow(`SELECT status FROM import_batches ORDER BY id LIMIT 1`).Scan(&status); err != nil {
					t.Fatal(err)
				}
			}
			count()
			if status != "running" || contacts == 0 || contacts == rows {
				t.Fatalf("after the kill: status %s, %d contacts: the kill did not land mid-way", status, contacts)
			}
			if emails != contacts || reached != contacts || reported != contacts {
				t.Fatalf("half-applied rows: %d contacts, %d e-mails, %d with reach rows, %d reported", contacts, emails, reached, reported)
			}

			out := s.ok("", "import recover", "--after", "0s")
			if !strings.Contains(out, "1 interrupted imports rolled back") {
				t.Errorf("recover said %q", out)
			}
			count()
			if contacts != 0 || emails != 0 || status != "failed" {
				t.Fatalf("after recovery: %d contacts, %d e-mails, status %s", contacts, emails, status)
			}

			out = s.ok("", "import", "--unit", "1", path)
			if !strings.Contains(out, fmt.Sprintf("%d created", rows)) {
				t.Errorf("second run: %s", out)
			}
		})
	}
}
