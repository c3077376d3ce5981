package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// JobDriver is the job queue's (River's) driver for this database, on the same pools as Roster's own queries,
// so that a job can be queued in the transaction that creates its work. On SQLite it uses the one writer
// connection: SQLite allows one writer at a time, and River's polls and completions then wait their turn
// behind Roster's writes instead of failing as busy. On PostgreSQL it is River's database/sql driver on the
// shared pool (polling; no LISTEN connection of its own).
func (s *Store) JobDriver() riverdriver.Driver[*sql.Tx] { return s.d.jobDriver(s.write) }

// Tx is the transaction a write Q runs in, for the job queue's transactional inserts; nil on a reader.
func (q *Q) Tx() *sql.Tx {
	tx, _ := q.db.(*sql.Tx)
	return tx
}

// jobsMigrator migrates the job queue's tables.
func (s *Store) jobsMigrator() (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(s.JobDriver(), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
}

// jobsSchemaCurrent reports whether the job queue's tables are at the version this binary's River needs.
func (s *Store) jobsSchemaCurrent(ctx context.Context) (bool, error) {
	m, err := s.jobsMigrator()
	if err != nil {
		return false, err
	}
	have, err := m.ExistingVersions(ctx)
	if err != nil {
		return false, fmt.Errorf("job queue schema: %w", err)
	}
	return len(have) >= len(m.AllVersions()), nil
}

// migrateJobs applies the job queue's pending migrations.
func (s *Store) migrateJobs(ctx context.Context) (int, error) {
	m, err := s.jobsMigrator()
	if err != nil {
		return 0, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("job queue migrations: %w", err)
	}
	return len(res.Versions), nil
}

// JobCounts counts the job queue's jobs by kind and state, for monitoring.
func (q *Q) JobCounts(ctx context.Context) (map[[2]string]int, error) {
	rows, err := q.query(ctx, `SELECT kind, state, COUNT(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		return nil, err
	}
	out := map[[2]string]int{}
	err = eachRow(rows, func() error {
		var kind, state string
		var n int
		err := rows.Scan(&kind, &state, &n)
		out[[2]string{kind, state}] = n
		return err
	})
	return out, err
}
