package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries, either on the reader pool or inside a write transaction. All data access goes through its
// methods.
type Q struct {
	db  querier
	d   dialect
	now time.Time
	tx  bool
}

// Read returns a Q on the reader pool.
func (s *Store) Read() *Q { return &Q{db: s.read, d: s.d, now: s.stamp()} }

// Write runs fn in one transaction on the writer: everything fn writes, audit entries included, commits
// together or not at all.
func (s *Store) Write(ctx context.Context, fn func(q *Q) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	q := &Q{db: tx, d: s.d, now: s.stamp(), tx: true}
	if err := fn(q); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// stamp is the current time at the precision both databases store (microseconds, UTC), so that what a
// write returns equals what a later read finds.
func (s *Store) stamp() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Now is the time this Q's work is stamped with.
func (q *Q) Now() time.Time { return q.now }

func (q *Q) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := q.db.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, q.wrap(err, query)
	}
	return res, nil
}

func (q *Q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, q.wrap(err, query)
	}
	return rows, nil
}

// ErrUnique is returned (wrapped) when a write violates a unique constraint.
var ErrUnique = errors.New("unique constraint violated")

// ErrReference is returned (wrapped) when a write references a missing row.
var ErrReference = errors.New("reference to a missing record")

func (q *Q) wrap(err error, query string) error {
	switch {
	case q.d.isUniqueViolation(err):
		return fmt.Errorf("%w: %v", ErrUnique, err)
	case q.d.isForeignKeyViolation(err):
		return fmt.Errorf("%w: %v", ErrReference, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	first, _, _ := strings.Cut(strings.TrimSpace(query), "\n")
	return fmt.Errorf("query %q: %w", first, err)
}

// args builds a positional argument list and hands out $n placeholders.
type args struct{ list []any }

func (a *args) add(v any) string {
	a.list = append(a.list, v)
	return "$" + strconv.Itoa(len(a.list))
}

// in returns "($1, $2, ...)" for ids; callers handle the empty list.
func (a *args) in(ids []int64) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.add(id))
	}
	b.WriteByte(')')
	return b.String()
}

// ts turns a time into the ISO text both databases accept and that sorts correctly as text in SQLite.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// tsOrNil is ts for optional times.
func tsOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// timeScan reads a TIMESTAMPTZ (PostgreSQL) or ISO text (SQLite) into a time, nil when NULL.
type timeScan struct{ t **time.Time }

func (s timeScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = nil
		return nil
	case time.Time:
		u := v.UTC()
		*s.t = &u
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

func (s timeScan) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return err
	}
	t = t.UTC()
	*s.t = &t
	return nil
}

// reqTime scans a NOT NULL timestamp.
type reqTime struct{ t *time.Time }

func (s reqTime) Scan(src any) error {
	var p *time.Time
	if err := (timeScan{&p}).Scan(src); err != nil {
		return err
	}
	if p == nil {
		return errors.New("unexpected NULL time")
	}
	*s.t = *p
	return nil
}

// nullInt turns 0 into NULL for optional references.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullStr turns "" into NULL for optional unique keys.
func nullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// one scans a single row; sql.ErrNoRows becomes errNoRows for callers to map.
func one(row *sql.Row, dest ...any) (bool, error) {
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
