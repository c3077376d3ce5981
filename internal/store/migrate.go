package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migrations are numbered files NNNN_name.sql, written once for both databases with the macros of dialect.go.
// A file NNNN_name.sqlite.sql or NNNN_name.postgres.sql replaces the shared file for that database when a
// step cannot be written portably. Each migration runs in its own transaction together with its bookkeeping row.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	entries, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	byVersion := map[int]migration{}
	for _, path := range entries {
		base := strings.TrimSuffix(strings.TrimPrefix(path, "migrations/"), ".sql")
		specific := ""
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			base, specific = base[:i], base[i+1:]
			if specific != s.d.name {
				continue
			}
		}
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", path)
		}
		body, err := migrationFiles.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if prev, dup := byVersion[v]; dup && specific == "" {
			_ = prev // a dialect-specific file already replaced the shared one
			continue
		}
		byVersion[v] = migration{version: v, name: name, sql: s.d.expand(string(body))}
	}
	list := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i, m := range list {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations are not numbered 1..n: %d is missing", i+1)
		}
	}
	return list, nil
}

// LatestSchemaVersion is the schema version this binary migrates a database to, the same on both databases
// (a dialect's own file replaces the shared file of its number). It needs no database.
func LatestSchemaVersion() (int, error) {
	ms, err := (&Store{d: sqliteDialect()}).migrations()
	return len(ms), err
}

// SchemaStatus reports the applied schema version and the version this binary needs.
type SchemaStatus struct {
	Current int
	Latest  int
	Tables  bool // the database holds tables other than the migration bookkeeping
	Jobs    bool // the job queue's tables are at the version this binary needs
}

// Fresh reports an empty database: no schema version and no tables.
func (st SchemaStatus) Fresh() bool { return st.Current == 0 && !st.Tables }

// ErrNotRoster means the database holds tables but no Roster schema version.
var ErrNotRoster = errors.New("the database holds tables but no Roster schema version: it is not a Roster database, " +
	"or its schema_migrations table was damaged (restore it from a backup)")

// UpToDate reports whether the schema, the job queue's tables included, matches this binary.
func (st SchemaStatus) UpToDate() bool { return st.Current == st.Latest && st.Jobs }

// ErrSchemaTooNew means the database was migrated by a newer Roster.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

// SchemaStatus reads the applied version.
func (s *Store) SchemaStatus(ctx context.Context) (SchemaStatus, error) {
	ms, err := s.migrations()
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Latest: len(ms)}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return st, fmt.Errorf("schema_migrations: %w", err)
	}
	err = s.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&st.Current)
	if err != nil {
		return st, fmt.Errorf("read schema version: %w", err)
	}
	if st.Current > st.Latest {
		return st, fmt.Errorf("%w: database is at version %d, this binary knows %d", ErrSchemaTooNew, st.Current, st.Latest)
	}
	if st.Current == 0 {
		var n int
		if err := s.write.QueryRowContext(ctx, s.d.otherTablesSQL()).Scan(&n); err != nil {
			return st, fmt.Errorf("list tables: %w", err)
		}
		st.Tables = n > 0
		return st, nil
	}
	st.Jobs, err = s.jobsSchemaCurrent(ctx)
	return st, err
}

// Migrate applies pending migrations up to target (0 = all) and returns the versions applied. Migrating to the
// latest version also brings the job queue's tables (River's own migrations) up to date.
func (s *Store) Migrate(ctx context.Context, target int) ([]int, error) {
	ms, err := s.migrations()
	if err != nil {
		return nil, err
	}
	st, err := s.SchemaStatus(ctx)
	if err != nil {
		return nil, err
	}
	if st.Current == 0 && st.Tables {
		return nil, ErrNotRoster
	}
	if target == 0 || target > len(ms) {
		target = len(ms)
	}
	var applied []int
	for _, m := range ms[st.Current:target] {
		err := s.Write(ctx, func(q *Q) error {
			if err := q.runMigration(ctx, m.sql); err != nil {
				return err
			}
			_, err := q.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, ts(q.now))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		applied = append(applied, m.version)
	}
	jobs := 0
	if target == len(ms) {
		if jobs, err = s.migrateJobs(ctx); err != nil {
			return applied, err
		}
	}
	if len(applied) > 0 || jobs > 0 {
		if _, err := s.write.ExecContext(ctx, s.d.analyze()); err != nil {
			return applied, fmt.Errorf("analyze: %w", err)
		}
	}
	return applied, nil
}

// runMigration runs a migration's SQL in q's transaction. A line "-- step: NAME" in it runs the Go step of
// that name (migrationSteps) at that point: for derived values that only Go computes, such as folded search
// keys, filled after the column is added and before its index is built.
func (q *Q) runMigration(ctx context.Context, sql string) error {
	for {
		before, rest, found := strings.Cut(sql, "\n-- step: ")
		if strings.TrimSpace(before) != "" {
			if _, err := q.db.ExecContext(ctx, before); err != nil {
				return err
			}
		}
		if !found {
			return nil
		}
		name, after, _ := strings.Cut(rest, "\n")
		step := migrationStep(strings.TrimSpace(name))
		if step == nil {
			return fmt.Errorf("no migration step %q", name)
		}
		if err := step(ctx, q); err != nil {
			return fmt.Errorf("step %s: %w", name, err)
		}
		sql = after
	}
}

// migrationStep returns the Go part of a migration by the name its "-- step:" line gives, nil for none. Like
// the SQL, a step works on the tables as they are at its migration and uses no model types.
func migrationStep(name string) func(ctx context.Context, q *Q) error {
	switch name {
	case "given_keys":
		return fillGivenKeys
	case "member_number_series":
		return fillMemberNumberSeries
	}
	return nil
}

// ExecScript runs SQL statements in one transaction, then moves id sequences past any explicit ids: for
// loading fixtures written for a schema version.
func (s *Store) ExecScript(ctx context.Context, script string) error {
	return s.Write(ctx, func(q *Q) error {
		if _, err := q.db.ExecContext(ctx, script); err != nil {
			return err
		}
		return s.d.syncSequences(ctx, q.db, "units", "users", "grants", "api_tokens", "membership_types", "contacts",
			"contact_emails", "contact_phones", "contact_addresses", "tags", "contact_notes", "relationships",
			"memberships", "audit_log")
	})
}
