// Package storetest opens throwaway Roster databases for tests: always a SQLite file, and a PostgreSQL
// database when ROSTER_TEST_DATABASE_URL names a server. Each call gets its own empty, migrated database,
// dropped when the test ends, so runs never see each other's data.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/roster-crm/roster/internal/store"
)

// EnvURL names the PostgreSQL server used by tests.
const EnvURL = "ROSTER_TEST_DATABASE_URL"

// Backend is a kind of database the tests run on.
type Backend struct {
	Name string // "sqlite" or "postgres"
	open func(t testing.TB, migrate bool) *store.Store
	url  func(t testing.TB) string
}

// Open returns a new, migrated, empty database of this backend.
func (b Backend) Open(t testing.TB) *store.Store { return b.open(t, true) }

// OpenEmpty returns a new database with no schema.
func (b Backend) OpenEmpty(t testing.TB) *store.Store { return b.open(t, false) }

// NewURL creates a new empty database and returns its URL (for tests that start the binary themselves).
func (b Backend) NewURL(t testing.TB) string { return b.url(t) }

// Backends lists SQLite and, when configured, PostgreSQL. Without ROSTER_TEST_DATABASE_URL the PostgreSQL
// runs are skipped with a message by Each.
func Backends() []Backend {
	bs := []Backend{{Name: "sqlite", open: openSQLite, url: sqliteURL}}
	if os.Getenv(EnvURL) != "" {
		bs = append(bs, Backend{Name: "postgres", open: openPostgres, url: postgresURL})
	}
	return bs
}

// Each runs fn as a subtest on every backend with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Open(t)) })
	}
	if os.Getenv(EnvURL) == "" {
		t.Run("postgres", func(t *testing.T) {
			t.Skip("PostgreSQL not tested: set " + EnvURL + " (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)")
		})
	}
}

// EachBackend runs fn as a subtest per backend without opening a database.
func EachBackend(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
	if os.Getenv(EnvURL) == "" {
		t.Run("postgres", func(t *testing.T) { t.Skip("PostgreSQL not tested: set " + EnvURL) })
	}
}

func sqliteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
}

func openSQLite(t testing.TB, migrate bool) *store.Store {
	return openURL(t, sqliteURL(t), migrate)
}

func openURL(t testing.TB, u string, migrate bool) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, u, store.Options{ReadConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if migrate {
		if _, err := s.Migrate(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// pgAdmin is shared by the tests of one package binary: one connection pool to create and drop databases.
var pgAdmin = sync.OnceValues(func() (*sql.DB, error) {
	return sql.Open("pgx", os.Getenv(EnvURL))
})

func randomName() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "roster_test_" + hex.EncodeToString(b)
}

func postgresURL(t testing.TB) string {
	t.Helper()
	admin, err := pgAdmin()
	if err != nil {
		t.Fatal(err)
	}
	name := randomName()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(os.Getenv(EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func openPostgres(t testing.TB, migrate bool) *store.Store {
	t.Helper()
	return openURL(t, postgresURL(t), migrate)
}

// Must fails the test on error.
func Must[T any](t testing.TB, v T, err error) T {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Sprint(err))
	}
	return v
}
