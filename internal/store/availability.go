package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
)

// Unavailable reports whether err means the database could not be reached or did not answer in time, as
// opposed to a statement that failed: the front ends answer the first with 503 and Retry-After (the
// request may well succeed a moment later) and the second with 500. A request the client abandoned is
// neither.
func (s *Store) Unavailable(err error) bool {
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return false
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone):
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) || s.d.isUnreachable(err)
}

// PoolStats returns the connection pool statistics by pool: "read" and "write" on SQLite, whose one writer
// connection sits beside a pool of readers; one pool "readwrite" on PostgreSQL.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.read == s.write {
		return map[string]sql.DBStats{"readwrite": s.read.Stats()}
	}
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}

// Readiness checks that both pools answer and reads the applied schema version without writing anything, for
// readiness probes that run every few seconds. ctx bounds how long the database may take.
func (s *Store) Readiness(ctx context.Context) (SchemaStatus, error) {
	ms, err := s.migrations()
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Latest: len(ms)}
	if err := s.write.PingContext(ctx); err != nil {
		return st, fmt.Errorf("ping writer: %w", err)
	}
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&st.Current); err != nil {
		return st, fmt.Errorf("read schema version: %w", err)
	}
	st.Jobs, err = s.jobsSchemaCurrent(ctx)
	return st, err
}
