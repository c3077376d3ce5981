package cli_test

import (
	"context"
	"crypto/sha256"
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

// TestImportKilledMidwayResumes kills a running import with SIGKILL after some chunks landed: what is in the
// database are whole rows only; recovery leaves it alone while the dead worker's hold lasts, then resumes it
// after the last chunk, and the result equals that of a run that was never interrupted.
func TestImportKilledMidwayResumes(t *testing.T) {
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

			// The killed worker's hold on the batch is still live: recovering now changes nothing.
			out := s.ok("", "import recover")
			if !strings.Contains(out, "0 interrupted imports resumed") {
				t.Errorf("recover during the hold said %q", out)
			}
			before := contacts
			if count(); contacts != before || status != "running" {
				t.Fatalf("recover during the hold changed the batch: %d contacts, status %s", contacts, status)
			}
			// 45 seconds later, on the database's clock, the hold has expired.
			if _, err := db.Exec(`UPDATE leases SET expires_at = '2000-01-01T00:00:00.000000Z'`); err != nil {
				t.Fatal(err)
			}
			out = s.ok("", "import recover")
			if !strings.Contains(out, "1 interrupted imports resumed") || !strings.Contains(out, fmt.Sprintf("%d created", rows)) {
				t.Errorf("recover said %q", out)
			}
			count()
			if contacts != rows || emails != rows || reached != rows || reported != rows || status != "done" {
				t.Fatalf("after resuming: %d contacts, %d e-mails, %d reached, %d reported, status %s", contacts, emails, reached, reported, status)
			}
			resumed := s.checksum()

			// The same file into an empty database, without interruption, gives the same contacts and report.
			fresh := newSite(t, b)
			fresh.ok("", "unit add", "--name", "Land")
			out = fresh.ok("", "import", "--unit", "1", "--chunk-size", "200", path)
			if !strings.Contains(out, fmt.Sprintf("%d created", rows)) {
				t.Errorf("uninterrupted run: %s", out)
			}
			if whole := fresh.checksum(); whole != resumed {
				t.Errorf("resumed import differs from an uninterrupted one:\n%s\n%s", resumed, whole)
			}
		})
	}
}

// checksum sums up what an import wrote: each contact with its e-mail, unit and report line, in one digest.
func (s *site) checksum() string {
	rows, err := s.sqlDB().Query(`SELECT c.family_name, e.address, c.home_unit_id, r.line, r.outcome
		FROM contacts c JOIN contact_emails e ON e.contact_id = c.id JOIN import_rows r ON r.contact_id = c.id
		ORDER BY r.line`)
	if err != nil {
		s.t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	n := 0
	for rows.Next() {
		var name, email, outcome string
		var unit, line int64
		if err := rows.Scan(&name, &email, &unit, &line, &outcome); err != nil {
			s.t.Fatal(err)
		}
		fmt.Fprintf(h, "%s|%s|%d|%d|%s\n", name, email, unit, line, outcome)
		n++
	}
	return fmt.Sprintf("%d rows, sha256 %x", n, h.Sum(nil))
}
