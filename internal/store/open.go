package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// SQLite page cache sizes in KiB: per connection while serving, and on the writer during bulk loads.
const (
	defaultCacheKiB = "16000"
	bulkCacheKiB    = "1000000"
)

// defaultConnectTimeout bounds opening a PostgreSQL connection, the TCP and TLS handshakes and authentication.
const defaultConnectTimeout = 5 * time.Second

// Store is an open Roster database: one writer and a pool of readers.
type Store struct {
	read    *sql.DB
	write   *sql.DB
	d       dialect
	Now     func() time.Time // the clock; tests may replace it before use
	display string           // where the data lives, without credentials
}

// Options tune an opened store.
type Options struct {
	ReadConns int // reader pool size; 0 picks a default
}

// Open opens the database named by url: "postgres://…" or "postgresql://…" for PostgreSQL, "sqlite:PATH" or a
// plain file path for SQLite. It does not migrate.
func Open(ctx context.Context, dbURL string, opt Options) (*Store, error) {
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		return openPostgres(ctx, dbURL, opt)
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite://"), "sqlite:")
	if path == "" {
		return nil, errors.New("empty database path")
	}
	return openSQLite(ctx, path, opt)
}

func openSQLite(ctx context.Context, path string, opt Options) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-" + defaultCacheKiB + ")&_pragma=temp_store(MEMORY)"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	// One writer with immediate transactions: SQLite allows one writer at a time, and taking the write lock at
	// BEGIN avoids deadlocks between read-then-write transactions.
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	n := opt.ReadConns
	if n == 0 {
		n = max(4, runtime.NumCPU())
	}
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{read: read, write: write, d: sqliteDialect(), Now: time.Now, display: "sqlite:" + path}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	return s, nil
}

func openPostgres(ctx context.Context, dbURL string, opt Options) (*Store, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	// Every query is hand-written with its driving table first, so the planner follows the written join
	// order. Searching all orders of the seven-way joins behind lists and search results cost several
	// milliseconds of planning per query, many times their execution time.
	cfg.RuntimeParams["join_collapse_limit"] = "1"
	cfg.RuntimeParams["from_collapse_limit"] = "1"
	// A database host that drops packets (rather than refusing) would otherwise hold every request for
	// minutes of TCP retries; with a bound, the request answers "database unavailable" instead.
	// connect_timeout in the URL overrides it.
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	n := opt.ReadConns
	if n == 0 {
		n = max(8, 2*runtime.NumCPU())
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{read: db, write: db, d: postgresDialect(), Now: time.Now, display: redactURL(dbURL)}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to PostgreSQL %s: %w", s.display, err)
	}
	return s, nil
}

func (s *Store) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.write.PingContext(ctx); err != nil {
		return err
	}
	return s.read.PingContext(ctx)
}

// redactURL drops the password from a database URL so that it can be logged.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://(unparseable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Dialect names the database kind: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// String describes where the data lives, without credentials.
func (s *Store) String() string { return s.display }

// Close closes both pools.
func (s *Store) Close() error {
	err := s.read.Close()
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	return err
}
