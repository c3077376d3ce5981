package cli_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver, to tamper with the schema bookkeeping directly
	_ "modernc.org/sqlite"             // "sqlite" driver, likewise

	"github.com/roster-crm/roster/internal/cli"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// result is what one roster command did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// roster runs the command in-process with env as its whole environment.
func roster(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errs syncBuffer
	code := cli.Main(t.Context(), args, cli.IO{
		Env:    func(k string) string { return env[k] },
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errs,
	})
	return result{code, out.String(), errs.String()}
}

// site is one Roster installation: a database of one backend, and the flags that point the CLI at it.
type site struct {
	t        *testing.T
	backend  string
	env      map[string]string
	dbFlags  []string // --data-dir or --database-url
	storeURL string   // what store.Open takes
}

func newSite(t *testing.T, b storetest.Backend) *site {
	s := &site{t: t, backend: b.Name, env: map[string]string{"ROSTER_LOG_LEVEL": "warn"}}
	if b.Name == "sqlite" {
		dir := t.TempDir()
		s.dbFlags = []string{"--data-dir", dir}
		s.storeURL = "sqlite:" + filepath.Join(dir, "roster.db")
	} else {
		s.storeURL = b.NewURL(t)
		s.dbFlags = []string{"--database-url", s.storeURL}
	}
	return s
}

// run runs a command such as "unit add" with the database flags after the command words, then args.
func (s *site) run(stdin, command string, args ...string) result {
	s.t.Helper()
	words := strings.Fields(command)
	all := append(append(words, s.dbFlags...), args...)
	return roster(s.t, s.env, stdin, all...)
}

// ok runs a command that must succeed and returns its standard output.
func (s *site) ok(stdin, command string, args ...string) string {
	s.t.Helper()
	r := s.run(stdin, command, args...)
	if r.code != 0 {
		s.t.Fatalf("roster %s %v: %v", command, args, r)
	}
	return r.stdout
}

// fails runs a command that must exit with code and returns its standard error.
func (s *site) fails(code int, command string, args ...string) string {
	s.t.Helper()
	r := s.run("", command, args...)
	if r.code != code {
		s.t.Fatalf("roster %s %v: want exit %d, got %v", command, args, code, r)
	}
	return r.stderr
}

// service opens the site's database directly, for what the CLI cannot do (adding contacts).
func (s *site) service() *service.Service {
	s.t.Helper()
	st, err := store.Open(s.t.Context(), s.storeURL, store.Options{ReadConns: 2})
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { st.Close() })
	return service.New(st, service.Options{Logger: slog.New(slog.DiscardHandler), Location: time.UTC})
}

// sqlDB opens the site's database with database/sql, bypassing Roster.
func (s *site) sqlDB() *sql.DB {
	s.t.Helper()
	driver, dsn := "pgx", s.storeURL
	if s.backend == "sqlite" {
		driver, dsn = "sqlite", strings.TrimPrefix(s.storeURL, "sqlite:")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { db.Close() })
	return db
}

// syncBuffer is a bytes buffer safe for a server goroutine writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestCLIVersionAndUsage(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	if r := roster(t, env, "", "version"); r.code != 0 || r.stdout != "roster "+cli.Version+"\n" {
		t.Errorf("version: %v", r)
	}
	for _, args := range [][]string{nil, {"help"}, {"-h"}, {"--help"}} {
		r := roster(t, env, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage: roster <command>") || r.stderr != "" {
			t.Errorf("roster %v: %v", args, r)
		}
		for _, c := range []string{"serve", "migrate", "demo", "unit", "user", "contact", "version"} {
			if !regexp.MustCompile(`(?m)^  ` + c + ` +\S`).MatchString(r.stdout) {
				t.Errorf("roster %v: usage does not list %q", args, c)
			}
		}
	}
	r := roster(t, env, "", "frobnicate", "--now")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, `unknown command "frobnicate"`) ||
		!strings.Contains(r.stderr, "Usage: roster <command>") {
		t.Errorf("unknown command: %v", r)
	}
	// Command groups name their verbs when called without one or with a wrong one.
	for _, args := range [][]string{{"unit"}, {"unit", "explode"}, {"user", "delete"}, {"contact", "export"}} {
		r := roster(t, env, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "want one of:") {
			t.Errorf("roster %v: %v", args, r)
		}
	}
	// -h on a command lists its flags and is not an error; help asked for goes to standard output.
	if r := roster(t, env, "", "serve", "-h"); r.code != 0 || !strings.Contains(r.stdout, "--listen") || !strings.Contains(r.stdout, "ROSTER_LISTEN") {
		t.Errorf("serve -h: %v", r)
	}
}

func TestCLIRejectsInvalidConfiguration(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		flags []string
		env   map[string]string
		want  string
	}{
		{"listen without port", []string{"--listen", "localhost"}, nil, `listen address "localhost": want host:port`},
		{"http database URL", []string{"--database-url", "http://db.example.org/roster"}, nil, "database URL: want postgres://"},
		{"mysql database URL", []string{"--database-url", "mysql://db.example.org/roster"}, nil, "database URL: want postgres://"},
		{"bad log level", []string{"--log-level", "loud"}, nil, `log level "loud": want debug, info, warn or error`},
		{"bad log level from the environment", nil, map[string]string{"ROSTER_LOG_LEVEL": "chatty"}, `log level "chatty"`},
		{"unknown time zone", []string{"--timezone", "Mars/Olympus_Mons"}, nil, `time zone "Mars/Olympus_Mons"`},
		{"bad log format", []string{"--log-format", "xml"}, nil, `log format "xml"`},
		{"base URL without scheme", []string{"--base-url", "roster.example.org"}, nil, `base URL "roster.example.org"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, command := range [][]string{{"serve"}, {"migrate"}, {"contact", "count"}, {"unit", "list"}, {"demo"}} {
				dataDir := filepath.Join(t.TempDir(), "data")
				env := map[string]string{"ROSTER_DATA_DIR": dataDir}
				for k, v := range c.env {
					env[k] = v
				}
				r := roster(t, env, "", append(command, c.flags...)...)
				if r.code != 2 || !strings.Contains(r.stderr, "configuration") || !strings.Contains(r.stderr, c.want) {
					t.Errorf("roster %v: want exit 2 naming %q, got %v", command, c.want, r)
				}
				if m, _ := filepath.Glob(filepath.Join(dataDir, "*")); len(m) > 0 {
					t.Errorf("roster %v with an invalid configuration created %v", command, m)
				}
			}
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		for _, command := range [][]string{{"serve"}, {"migrate"}, {"user", "list"}} {
			r := roster(t, map[string]string{}, "", append(command, "--listen", "localhost", "--database-url", "http://db.example.org/x",
				"--log-level", "loud", "--timezone", "Mars/Olympus_Mons")...)
			if r.code != 2 {
				t.Errorf("roster %v: %v", command, r)
			}
			for _, want := range []string{`listen address "localhost"`, "database URL", `log level "loud"`, `time zone "Mars/Olympus_Mons"`} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("roster %v does not report %q: %v", command, want, r)
				}
			}
		}
	})
	t.Run("database password is not echoed", func(t *testing.T) {
		r := roster(t, map[string]string{}, "", "migrate", "--database-url", "http://roster:hunter2-secret@db.example.org/roster")
		if r.code != 2 || strings.Contains(r.stderr+r.stdout, "hunter2-secret") {
			t.Errorf("the password of a rejected database URL is shown: %v", r)
		}
	})
}

var schemaRe = regexp.MustCompile(`schema version (\d+) of (\d+)`)

// schemaVersion runs migrate --status and returns the current and latest versions.
func (s *site) schemaVersion() (current, latest int) {
	s.t.Helper()
	out := s.ok("", "migrate", "--status")
	m := schemaRe.FindStringSubmatch(out)
	if m == nil {
		s.t.Fatalf("migrate --status: %q", out)
	}
	current, _ = strconv.Atoi(m[1])
	latest, _ = strconv.Atoi(m[2])
	return current, latest
}

func TestCLIMigrate(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		cur, latest := s.schemaVersion()
		if cur != 0 || latest < 1 {
			t.Fatalf("new database: version %d of %d", cur, latest)
		}
		if cur, _ := s.schemaVersion(); cur != 0 {
			t.Fatalf("migrate --status changed the schema to version %d", cur)
		}
		out := s.ok("", "migrate")
		if n := strings.Count(out, "applied migration "); n != latest || !strings.Contains(out, "schema version 0 of") {
			t.Fatalf("first migrate applied %d of %d migrations:\n%s", n, latest, out)
		}
		out = s.ok("", "migrate")
		if strings.Contains(out, "applied") || !strings.Contains(out, fmt.Sprintf("schema version %d of %d", latest, latest)) {
			t.Fatalf("second migrate:\n%s", out)
		}
		if cur, _ := s.schemaVersion(); cur != latest {
			t.Fatalf("after migrate: version %d of %d", cur, latest)
		}
	})
}

// TestCLIMigratesNewDatabase: the commands that set up an installation create and migrate an empty database
// themselves, so a first start needs no separate migrate step.
func TestCLIMigratesNewDatabase(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		if cur, latest := s.schemaVersion(); cur != latest {
			t.Fatalf("after the first command: version %d of %d", cur, latest)
		}
		if out := s.ok("", "contact count"); out != "0\n" {
			t.Fatalf("contact count on a new database: %q", out)
		}
	})
}

// dropNewestMigrationRecord makes the database look as if the newest migration had not run.
func (s *site) dropNewestMigrationRecord() {
	s.t.Helper()
	db := s.sqlDB()
	if _, err := db.ExecContext(s.t.Context(), `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		s.t.Fatal(err)
	}
	db.Close()
}

func TestCLIRefusesOutdatedSchema(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "migrate")
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		_, latest := s.schemaVersion()
		s.dropNewestMigrationRecord()
		for _, command := range []string{"contact count", "unit list", "user list", "serve", "demo"} {
			msg := s.fails(1, command)
			if !strings.Contains(msg, "roster migrate") || !strings.Contains(msg, fmt.Sprintf("needs version %d", latest)) {
				t.Errorf("roster %s on an outdated schema: %q", command, msg)
			}
		}
		if cur, _ := s.schemaVersion(); cur != latest-1 {
			t.Fatalf("refusing commands changed the schema version to %d", cur)
		}
	})
}

// TestCLIMigrateUpgradesOlderSchema: a database at an older version is refused until migrate brings it up
// to date.
func TestCLIMigrateUpgradesOlderSchema(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		_, latest := s.schemaVersion()
		if latest < 2 {
			t.Skip("one migration only: an older, non-empty schema cannot exist yet (see TestCLIRefusesOutdatedSchema)")
		}
		s.ok("", "migrate", "--to", strconv.Itoa(latest-1))
		msg := s.fails(1, "unit list")
		if !strings.Contains(msg, "roster migrate") {
			t.Fatalf("older schema not refused with advice: %q", msg)
		}
		out := s.ok("", "migrate")
		if !strings.Contains(out, fmt.Sprintf("applied migration %d", latest)) {
			t.Fatalf("migrate: %q", out)
		}
		s.ok("", "unit list")
	})
}

// unitRow finds the line of unit list for code: id, name, and depth (the name's indentation, two spaces a
// level, under the NAME heading).
func unitRow(out, code string) (id int64, name string, depth int, ok bool) {
	lines := strings.Split(out, "\n")
	col := strings.Index(lines[0], "NAME")
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) < 3 || f[1] != code || len(l) < col {
			continue
		}
		id, _ = strconv.ParseInt(f[0], 10, 64)
		rest := l[col:]
		name = strings.TrimLeft(rest, " ")
		return id, name, (len(rest) - len(name)) / 2, true
	}
	return 0, "", 0, false
}

func TestCLIUnits(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		if out := s.ok("", "unit add", "--name", "Bundesverband", "--kind", "national", "--code", "BV"); !regexp.MustCompile(`^created unit \d+ Bundesverband\n$`).MatchString(out) {
			t.Fatalf("unit add: %q", out)
		}
		s.ok("", "unit add", "--name", "Nord", "--kind", "state", "--code", "N", "--parent", "BV")
		s.ok("", "unit add", "--name", "Süd", "--kind", "state", "--code", "S", "--parent", "BV")
		s.ok("", "unit add", "--name", "Hamburg", "--kind", "county", "--code", "HH", "--parent", "N")

		list := s.ok("", "unit list")
		want := map[string]struct {
			name  string
			depth int
		}{"BV": {"Bundesverband", 0}, "N": {"Nord", 1}, "S": {"Süd", 1}, "HH": {"Hamburg", 2}}
		ids := map[string]int64{}
		for code, w := range want {
			id, name, depth, ok := unitRow(list, code)
			if !ok || name != w.name || depth != w.depth {
				t.Fatalf("unit list shows %s as %q at depth %d (found %v):\n%s", code, name, depth, ok, list)
			}
			ids[code] = id
		}
		if strings.Index(list, "Hamburg") < strings.Index(list, "Nord") {
			t.Errorf("Hamburg listed before its parent:\n%s", list)
		}

		out := s.ok("", "unit rename", "--name", "Nordverband", "N")
		if out != fmt.Sprintf("unit %d is now %q below unit %d\n", ids["N"], "Nordverband", ids["BV"]) {
			t.Errorf("rename: %q", out)
		}
		out = s.ok("", "unit move", "--parent", "S", "HH")
		if out != fmt.Sprintf("unit %d is now %q below unit %d\n", ids["HH"], "Hamburg", ids["S"]) {
			t.Errorf("move: %q", out)
		}
		list = s.ok("", "unit list")
		if _, name, _, _ := unitRow(list, "N"); name != "Nordverband" {
			t.Errorf("renamed unit listed as %q", name)
		}
		lines := strings.Split(list, "\n")
		if i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "Hamburg") }); i < 1 || !strings.Contains(lines[i-1], "Süd") {
			t.Errorf("Hamburg is not listed below Süd after the move:\n%s", list)
		}

		// Mistakes are explained and change nothing.
		if msg := s.fails(1, "unit move", "--parent", "HH", "S"); !strings.Contains(msg, "move into own subtree") {
			t.Errorf("move below itself: %q", msg)
		}
		if msg := s.fails(1, "unit move", "--parent", "S", "S"); !strings.Contains(msg, "own subtree") {
			t.Errorf("move below itself directly: %q", msg)
		}
		for _, args := range [][]string{{"unit rename", "--name", "X", "NOPE"}, {"unit move", "--parent", "NOPE", "N"}, {"unit add", "--name", "X", "--parent", "NOPE"}, {"unit archive", "NOPE"}} {
			if msg := s.fails(1, args[0], args[1:]...); !strings.Contains(msg, "not found") {
				t.Errorf("roster %v: %q", args, msg)
			}
		}
		if msg := s.fails(2, "unit move", "HH"); !strings.Contains(msg, "--parent") {
			t.Errorf("move without --parent: %q", msg)
		}
		if msg := s.fails(1, "unit add", "--parent", "BV"); !strings.Contains(msg, "name: required") {
			t.Errorf("add without a name: %q", msg)
		}
		if msg := s.fails(1, "unit add", "--name", "Zweiter Norden", "--code", "N", "--parent", "BV"); !strings.Contains(msg, "code: taken") {
			t.Errorf("duplicate code: %q", msg)
		}
		if after := s.ok("", "unit list"); after != list {
			t.Errorf("failed commands changed the units:\n%s\nbefore:\n%s", after, list)
		}

		// Archiving: not while children exist; archived units leave the list and come back on restore.
		if msg := s.fails(1, "unit archive", "S"); !strings.Contains(msg, "unit has children (1)") {
			t.Errorf("archive with a child: %q", msg)
		}
		if out := s.ok("", "unit archive", "HH"); out != fmt.Sprintf("unit %d archived\n", ids["HH"]) {
			t.Errorf("archive: %q", out)
		}
		if list := s.ok("", "unit list"); strings.Contains(list, "Hamburg") {
			t.Errorf("archived unit still listed:\n%s", list)
		}
		if list := s.ok("", "unit list", "--archived"); !strings.Contains(list, "Hamburg") {
			t.Errorf("archived unit missing from unit list --archived:\n%s", list)
		}
		if msg := s.fails(1, "unit add", "--name", "Altona", "--parent", "HH"); !strings.Contains(msg, "archived unit") {
			t.Errorf("add below an archived unit: %q", msg)
		}
		s.ok("", "unit restore", "HH")
		if list := s.ok("", "unit list"); !strings.Contains(list, "Hamburg") {
			t.Errorf("restored unit not listed:\n%s", list)
		}
	})
}

// TestCLIUnitCodesThatLookLikeIDs: official codes such as the German AGS "09" (Bayern) or "09162" (München)
// and US FIPS codes ("06", "06037") are digits with leading zeros; the demo uses them.
func TestCLIUnitCodesThatLookLikeIDs(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "DE")                      // id 1
		s.ok("", "unit add", "--name", "Hamburg", "--code", "02", "--parent", "DE") // id 2
		s.ok("", "unit add", "--name", "Bayern", "--code", "09", "--parent", "DE")  // id 3
		s.ok("", "unit rename", "--name", "Freistaat Bayern", "09")
		list := s.ok("", "unit list")
		if _, name, _, _ := unitRow(list, "09"); name != "Freistaat Bayern" {
			t.Errorf("unit rename 09 did not rename Bayern:\n%s", list)
		}
		if _, name, _, _ := unitRow(list, "02"); name != "Hamburg" {
			t.Errorf("unit rename 09 renamed another unit:\n%s", list)
		}
		s.ok("", "unit add", "--name", "München", "--code", "09162", "--parent", "09")
		if _, _, depth, ok := unitRow(s.ok("", "unit list"), "09162"); !ok || depth != 2 {
			t.Errorf("München added at depth %d, want 2 (below Bayern)", depth)
		}
		svc := s.service()
		home := mustUnitID(t, svc, "09162")
		addPerson(t, svc, home, "Maria", "Huber")
		if out := s.ok("", "contact count", "--unit", "09162"); out != "1\n" {
			t.Errorf("contact count --unit 09162: %q, want 1", out)
		}
	})
}

func mustUnitID(t *testing.T, svc *service.Service, code string) int64 {
	t.Helper()
	sys, err := svc.SystemActor(t.Context(), "test")
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.UnitByRef(t.Context(), sys, code)
	if err != nil {
		t.Fatalf("unit %s: %v", code, err)
	}
	return u.ID
}

// TestCLINotFoundNamesWhatIsMissing: when a command names several things, the operator must learn which
// one does not exist.
func TestCLINotFoundNamesWhatIsMissing(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		if msg := s.fails(1, "unit move", "--parent", "NOPE", "BV"); !strings.Contains(msg, "NOPE") {
			t.Errorf("unknown parent: %q", msg)
		}
		if msg := s.fails(1, "contact count", "--as", "nobody@example.org"); !strings.Contains(msg, "nobody@example.org") {
			t.Errorf("unknown --as user: %q", msg)
		}
	})
}

const goodPassword = "correct horse battery staple"

func TestCLIUsers(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		s.ok("", "unit add", "--name", "Nord", "--code", "N", "--parent", "BV")

		out := s.ok(goodPassword+"\n", "user add", "--email", "Ann@Example.org", "--name", "Ann Example", "--password-stdin")
		m := regexp.MustCompile(`^created user (\d+) ann@example.org\n$`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("user add: %q", out)
		}
		svc := s.service()
		if _, u, err := svc.SignIn(t.Context(), "ann@example.org", goodPassword, "test"); err != nil || u.Name != "Ann Example" {
			t.Fatalf("cannot sign in with the password given on stdin: %v", err)
		}

		out = s.ok("", "user grant", "--email", "ann@example.org", "--unit", "N", "--role", "manager")
		gm := regexp.MustCompile(`^grant (\d+): manager on Nord\n$`).FindStringSubmatch(out)
		if gm == nil {
			t.Fatalf("user grant: %q", out)
		}
		list := s.ok("", "user list")
		if !regexp.MustCompile(`(?m)^` + m[1] + ` +ann@example.org +Ann Example +true +#` + gm[1] + ` manager@Nord$`).MatchString(list) {
			t.Errorf("user list does not show the grant:\n%s", list)
		}
		if out := s.ok("", "user revoke", gm[1]); out != "grant "+gm[1]+" revoked\n" {
			t.Errorf("user revoke: %q", out)
		}
		if list := s.ok("", "user list"); !strings.Contains(list, "ann@example.org") || strings.Contains(list, "manager@Nord") {
			t.Errorf("user list after revoke:\n%s", list)
		}

		// Password policy and mistakes.
		r := s.run("short pw\n", "user add", "--email", "bob@example.org", "--name", "Bob", "--password-stdin")
		if r.code != 1 || !strings.Contains(r.stderr, "password") || !strings.Contains(r.stderr, "too short") {
			t.Errorf("short password: %v", r)
		}
		if list := s.ok("", "user list"); strings.Contains(list, "bob@example.org") {
			t.Error("user with a rejected password was created")
		}
		if msg := s.fails(1, "user add", "--email", "ann@example.org", "--name", "Ann Again"); !strings.Contains(msg, "email: taken") {
			t.Errorf("duplicate e-mail: %q", msg)
		}
		if msg := s.fails(1, "user grant", "--email", "ann@example.org", "--unit", "N", "--role", "emperor"); !strings.Contains(msg, "role") {
			t.Errorf("unknown role: %q", msg)
		}
		if msg := s.fails(2, "user grant", "--email", "ann@example.org", "--unit", "N"); !strings.Contains(msg, "--role") {
			t.Errorf("grant without role: %q", msg)
		}
		if msg := s.fails(1, "user revoke", "999999"); !strings.Contains(msg, "not found") {
			t.Errorf("revoke unknown grant: %q", msg)
		}
		if msg := s.fails(2, "user revoke", "first"); !strings.Contains(msg, "not a number") {
			t.Errorf("revoke with a non-numeric id: %q", msg)
		}

		// A new password from stdin replaces the old one.
		s.ok("another long passphrase\n", "user password", "--email", "ann@example.org", "--password-stdin")
		if _, _, err := svc.SignIn(t.Context(), "ann@example.org", "another long passphrase", "test"); err != nil {
			t.Errorf("cannot sign in with the changed password: %v", err)
		}
		if _, _, err := svc.SignIn(t.Context(), "ann@example.org", goodPassword, "test"); err == nil {
			t.Error("the old password still works after user password")
		}

		// API tokens are printed once and authenticate as the user.
		r = s.run("", "user token", "--email", "ann@example.org", "--name", "laptop")
		token := strings.TrimSpace(r.stdout)
		if r.code != 0 || !strings.HasPrefix(token, "rst_") || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stderr, "shown once") {
			t.Fatalf("user token: %v", r)
		}
		if a, err := svc.TokenActor(t.Context(), token); err != nil || a.Email != "ann@example.org" {
			t.Errorf("printed token does not authenticate as ann: %v", err)
		}
	})
}

// scopeSite is an organization with two sibling units and a manager for one of them.
type scopeSite struct {
	*site
	eastID, westID int64 // a contact in each
}

func newScopeSite(t *testing.T, b storetest.Backend) *scopeSite {
	s := &scopeSite{site: newSite(t, b)}
	s.ok("", "unit add", "--name", "Bund", "--code", "BV")
	s.ok("", "unit add", "--name", "Ost", "--code", "EAST", "--parent", "BV")
	s.ok("", "unit add", "--name", "West", "--code", "WEST", "--parent", "BV")
	s.ok(goodPassword+"\n", "user add", "--email", "east@example.org", "--name", "East Manager", "--password-stdin")
	s.ok("", "user grant", "--email", "east@example.org", "--unit", "EAST", "--role", "manager")
	svc := s.service()
	s.eastID = addPerson(t, svc, mustUnitID(t, svc, "EAST"), "Jürgen", "Müller")
	s.westID = addPerson(t, svc, mustUnitID(t, svc, "WEST"), "Wiebke", "Mülhaupt")
	return s
}

func addPerson(t *testing.T, svc *service.Service, unit int64, given, family string) int64 {
	t.Helper()
	sys, err := svc.SystemActor(t.Context(), "test")
	if err != nil {
		t.Fatal(err)
	}
	email := strings.ToLower(given) + "@example.org"
	c, err := svc.CreateContact(t.Context(), sys, domain.ContactInput{HomeUnitID: &unit, GivenName: &given, FamilyName: &family,
		Emails: &[]domain.Email{{Address: email}}})
	if err != nil {
		t.Fatalf("contact %s %s: %v", given, family, err)
	}
	return c.ID
}

func TestCLIContactsStayInScope(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newScopeSite(t, b)
		east, west := strconv.FormatInt(s.eastID, 10), strconv.FormatInt(s.westID, 10)
		as := []string{"--as", "east@example.org"}
		scoped := []struct {
			command string
			args    []string
		}{
			{"contact list", nil},
			{"contact list", []string{"--unit", "BV"}},
			{"contact list", []string{"--unit", "WEST"}},
			{"contact search", []string{"mül"}},
			{"contact search", []string{"wiebke"}},
			{"contact search", []string{"wiebke@example.org"}},
			{"contact count", nil},
			{"contact show", []string{east}},
		}
		for _, c := range scoped {
			r := s.run("", c.command, append(slices.Clone(as), c.args...)...)
			if strings.Contains(r.stdout+r.stderr, "Mülhaupt") || strings.Contains(r.stdout+r.stderr, "Wiebke") {
				t.Errorf("roster %s %v as the East manager shows the West contact:\n%v", c.command, c.args, r)
			}
		}
		if out := s.ok("", "contact list", as...); !strings.Contains(out, "Jürgen Müller") || !strings.Contains(out, "Ost") {
			t.Errorf("East manager's list lacks the East contact:\n%s", out)
		}
		if out := s.ok("", "contact search", append(slices.Clone(as), "mül")...); !strings.Contains(out, "Jürgen Müller") {
			t.Errorf("East manager's search for mül:\n%s", out)
		}
		if out := s.ok("", "contact count", as...); out != "1\n" {
			t.Errorf("East manager's count: %q", out)
		}
		r := s.run("", "contact show", append(slices.Clone(as), west)...)
		if r.code != 1 || !strings.Contains(r.stderr, "not found") || strings.Contains(r.stdout, "Wiebke") {
			t.Errorf("East manager shows the West contact by id: %v", r)
		}
		var shown domain.Contact
		if err := json.Unmarshal([]byte(s.ok("", "contact show", append(slices.Clone(as), east)...)), &shown); err != nil ||
			shown.FamilyName != "Müller" || shown.HomeUnit.Name != "Ost" {
			t.Errorf("contact show: %+v %v", shown, err)
		}

		// The operator, without --as, sees everyone.
		for _, c := range []struct{ command, arg string }{{"contact list", ""}, {"contact search", "mül"}} {
			args := []string{}
			if c.arg != "" {
				args = append(args, c.arg)
			}
			out := s.ok("", c.command, args...)
			if !strings.Contains(out, "Jürgen Müller") || !strings.Contains(out, "Wiebke Mülhaupt") {
				t.Errorf("roster %s as the system actor:\n%s", c.command, out)
			}
		}
		if out := s.ok("", "contact count"); out != "2\n" {
			t.Errorf("system count: %q", out)
		}
		if out := s.ok("", "contact count", "--unit", "WEST"); out != "1\n" {
			t.Errorf("system count in West: %q", out)
		}
		if out := s.ok("", "contact show", west); !strings.Contains(out, `"family_name": "Mülhaupt"`) {
			t.Errorf("system show West contact:\n%s", out)
		}

		// Someone without grants sees nothing; an unknown user is an error.
		s.ok(goodPassword+"\n", "user add", "--email", "nogrant@example.org", "--name", "No Grant", "--password-stdin")
		if out := s.ok("", "contact count", "--as", "nogrant@example.org"); out != "0\n" {
			t.Errorf("user without grants counts %q", out)
		}
		if r := s.run("", "contact list", "--as", "nobody@example.org"); r.code != 1 || strings.Contains(r.stdout, "Müller") {
			t.Errorf("unknown --as user: %v", r)
		}
		if msg := s.fails(2, "contact show", "--as", "east@example.org", "first"); !strings.Contains(msg, "not a number") {
			t.Errorf("show with a non-numeric id: %q", msg)
		}
	})
}

var demoUsers = []string{"admin@demo.example", "state@demo.example", "county@demo.example"}

func TestCLIDemo(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		out := s.ok("", "demo", "--country", "de", "--contacts", "300", "--seed", "1")
		if !strings.Contains(out, `demo organization "Demokratische Demo-Partei" ready`) || !strings.Contains(out, "added 300 contacts") {
			t.Fatalf("demo:\n%s", out)
		}
		for _, u := range demoUsers {
			if !regexp.MustCompile(regexp.QuoteMeta(u) + ` +password roster-demo-2026 `).MatchString(out) {
				t.Errorf("demo does not print the sign-in of %s:\n%s", u, out)
			}
		}
		if n := s.ok("", "contact count"); n != "300\n" {
			t.Errorf("contact count after the demo: %q", n)
		}
		if n := s.ok("", "contact count", "--as", "admin@demo.example"); n != "300\n" {
			t.Errorf("the demo admin counts %q", n)
		}
		state, _ := strconv.Atoi(strings.TrimSpace(s.ok("", "contact count", "--as", "state@demo.example")))
		county, _ := strconv.Atoi(strings.TrimSpace(s.ok("", "contact count", "--as", "county@demo.example")))
		if state <= 0 || state >= 300 || county > state {
			t.Errorf("scoped demo counts: state officer %d, county officer %d of 300", state, county)
		}
		svc := s.service()
		if _, _, err := svc.SignIn(t.Context(), "county@demo.example", "roster-demo-2026", "test"); err != nil {
			t.Errorf("printed demo credentials do not sign in: %v", err)
		}

		// The demo can be re-run for its sign-ins, but not switched to another country.
		again := s.ok("", "demo", "--country", "de")
		if !strings.Contains(again, "admin@demo.example") || s.ok("", "contact count") != "300\n" {
			t.Errorf("re-running the demo:\n%s", again)
		}
		if msg := s.fails(1, "demo", "--country", "us"); !strings.Contains(msg, `holds the "de" demo, not "us"`) {
			t.Errorf("switching the demo country: %q", msg)
		}
		if msg := s.fails(1, "demo", "--country", "fr"); !strings.Contains(msg, `unknown demo country "fr"`) {
			t.Errorf("unknown country: %q", msg)
		}
		if msg := s.fails(2, "demo", "--contacts", "-5"); !strings.Contains(msg, "must not be negative") {
			t.Errorf("negative count: %q", msg)
		}
	})
}

// TestCLIDemoSeedIsReproducible: the same seed gives the same people.
func TestCLIDemoSeedIsReproducible(t *testing.T) {
	t.Parallel()
	b := storetest.Backends()[0]
	list := func(seed string) string {
		s := newSite(t, b)
		s.ok("", "demo", "--country", "us", "--contacts", "40", "--seed", seed)
		return s.ok("", "contact list", "--limit", "40")
	}
	a, b2, c := list("7"), list("7"), list("8")
	if a != b2 {
		t.Errorf("seed 7 gave different contacts:\n%s\n---\n%s", a, b2)
	}
	if a == c {
		t.Error("seeds 7 and 8 gave the same contacts")
	}
}

// server runs roster serve in the background until the test ends.
type server struct {
	url    string
	stdout *syncBuffer
	stop   func() int // cancels the context and returns the exit code
}

var runningRe = regexp.MustCompile(`Roster is running at (http://\S+)\n`)

func (s *site) serve(args ...string) *server {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	all := append(append([]string{"serve"}, s.dbFlags...), append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, all, cli.IO{Env: func(k string) string { return s.env[k] }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs})
	}()
	srv := &server{stdout: &out}
	stopped := false
	srv.stop = func() int {
		cancel()
		select {
		case code := <-done:
			stopped = true
			return code
		case <-time.After(20 * time.Second):
			s.t.Fatalf("serve did not stop within 20s after cancel; stderr:\n%s", errs.String())
			return -1
		}
	}
	s.t.Cleanup(func() {
		if !stopped {
			srv.stop()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := runningRe.FindStringSubmatch(out.String()); m != nil {
			srv.url = m[1]
			return srv
		}
		select {
		case code := <-done:
			stopped = true
			s.t.Fatalf("serve exited with %d before it was running:\nstdout:\n%s\nstderr:\n%s", code, out.String(), errs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	s.t.Fatalf("serve did not report its address within 60s:\nstdout:\n%s\nstderr:\n%s", out.String(), errs.String())
	return nil
}

// client does not follow redirects, so that tests see them.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, target string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

func TestCLIServe(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "BV")
		s.ok(goodPassword+"\n", "user add", "--email", "ann@example.org", "--name", "Ann Example", "--password-stdin")
		s.ok("", "user grant", "--email", "ann@example.org", "--unit", "BV", "--role", "admin")
		token := strings.TrimSpace(s.ok("", "user token", "--email", "ann@example.org", "--name", "test"))

		srv := s.serve()
		if !strings.HasPrefix(srv.url, "http://127.0.0.1:") || strings.HasSuffix(srv.url, ":0") {
			t.Errorf("serve reports %q, not the address it listens on", srv.url)
		}
		if code, _, body := get(t, srv.url+"/healthz"); code != http.StatusOK || body != "ok\n" {
			t.Errorf("/healthz: %d %q", code, body)
		}
		code, h, body := get(t, srv.url+"/login")
		if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(body, `name="password"`) {
			t.Errorf("/login: %d %s", code, h.Get("Content-Type"))
		}
		if h.Get("Content-Security-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("/login lacks security headers: %v", h)
		}
		if code, _, _ := get(t, srv.url+"/api/v1/me"); code != http.StatusUnauthorized {
			t.Errorf("/api/v1/me without a token: %d", code)
		}
		code, _, body = get(t, srv.url+"/api/v1/me", "Authorization", "Bearer "+token)
		if code != http.StatusOK || !strings.Contains(body, `"ann@example.org"`) {
			t.Errorf("/api/v1/me with the CLI's token: %d %s", code, body)
		}
		if code := srv.stop(); code != 0 {
			t.Fatalf("serve exited with %d after cancel", code)
		}
		if _, err := client.Get(srv.url + "/healthz"); err == nil {
			t.Error("the server still answers after serve returned")
		}
	})
}

func TestCLIServeDemo(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		srv := s.serve("--demo", "--demo-contacts", "50")
		out := srv.stdout.String()
		if !strings.Contains(out, "Creating the de demo with 50 synthetic contacts") {
			t.Errorf("serve --demo does not announce the demo:\n%s", out)
		}
		m := regexp.MustCompile(`(?m)^  (admin@demo\.example) +password (\S+) `).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("serve --demo does not print the admin sign-in:\n%s", out)
		}
		for _, u := range demoUsers {
			if !strings.Contains(out, u) {
				t.Errorf("serve --demo does not print %s", u)
			}
		}
		// The printed credentials sign in, and the admin sees the 50 contacts.
		res, err := client.PostForm(srv.url+"/login", url.Values{"email": {m[1]}, "password": {m[2]}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cookies := res.Cookies()
		if res.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
			t.Fatalf("sign-in with the printed demo credentials: %d, %d cookies", res.StatusCode, len(cookies))
		}
		req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.url+"/api/v1/contacts/count", nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		res, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != `{"count":50,"includes":"home_and_affiliated"}` {
			t.Errorf("demo admin's contact count: %d %s", res.StatusCode, body)
		}
		if code := srv.stop(); code != 0 {
			t.Fatalf("serve exited with %d", code)
		}
		// A second start finds the demo in place and adds no contacts.
		srv = s.serve("--demo", "--demo-contacts", "50")
		if out := srv.stdout.String(); strings.Contains(out, "Creating the") || !strings.Contains(out, "admin@demo.example") {
			t.Errorf("second serve --demo:\n%s", out)
		}
		srv.stop()
		if n := s.ok("", "contact count"); n != "50\n" {
			t.Errorf("contacts after two demo starts: %q", n)
		}
	})
}
