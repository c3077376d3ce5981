package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// bulkWriter appends many rows to a table inside one transaction, the fastest way each database offers:
// COPY on PostgreSQL, multi-row INSERT statements on SQLite.
type bulkWriter interface {
	copy(ctx context.Context, table string, cols []string, rows [][]any) error
	q() querier
}

// withBulk runs fn in one transaction with a bulk writer.
func (s *Store) withBulk(ctx context.Context, fn func(bw bulkWriter) error) error {
	if s.d.name == "postgres" {
		conn, err := s.write.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			tx, err := pc.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			if err := fn(pgBulk{tx}); err != nil {
				return err
			}
			return tx.Commit(ctx)
		})
	}
	// A bulk load touches index pages all over the file; a large page cache on the writer for the duration
	// keeps them in memory instead of re-reading them for every batch.
	if _, err := s.write.ExecContext(ctx, "PRAGMA cache_size = -"+bulkCacheKiB+"; PRAGMA synchronous = OFF"); err != nil {
		return err
	}
	defer s.write.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -"+defaultCacheKiB)
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(newSQLiteBulk(tx)); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

type pgBulk struct{ tx pgx.Tx }

func (b pgBulk) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

func (b pgBulk) q() querier { return pgxQuerier{b.tx} }

// pgxQuerier lets the set-based steps of a bulk load run on the pgx transaction.
type pgxQuerier struct{ tx pgx.Tx }

func (p pgxQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tag, err := p.tx.Exec(ctx, query, args...)
	return rowsAffected(tag.RowsAffected()), err
}

func (p pgxQuerier) QueryContext(context.Context, string, ...any) (*sql.Rows, error) {
	return nil, fmt.Errorf("QueryContext is not available during a bulk load")
}

func (p pgxQuerier) QueryRowContext(context.Context, string, ...any) *sql.Row {
	panic("QueryRowContext is not available during a bulk load") // programming error, never input-driven
}

type rowsAffected int64

func (r rowsAffected) LastInsertId() (int64, error) { return 0, fmt.Errorf("not supported") }
func (r rowsAffected) RowsAffected() (int64, error) { return int64(r), nil }

// sqliteBulk inserts rows with multi-row INSERT statements of sqliteRowsPerInsert rows, prepared once per
// table and transaction; the rows left over go one at a time.
type sqliteBulk struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // closed with the transaction
}

func newSQLiteBulk(tx *sql.Tx) sqliteBulk { return sqliteBulk{tx: tx, stmts: map[string]*sql.Stmt{}} }

// sqliteRowsPerInsert balances the work per statement against the number of statements: larger statements
// bind more values per call into SQLite but cost more to prepare.
const sqliteRowsPerInsert = 64

func (b sqliteBulk) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	args := make([]any, 0, sqliteRowsPerInsert*len(cols))
	for start := 0; start < len(rows); {
		n := sqliteRowsPerInsert
		if len(rows)-start < n {
			n = 1
		}
		stmt, err := b.stmt(ctx, table, cols, n)
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range rows[start : start+n] {
			args = append(args, r...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		start += n
	}
	return nil
}

func (b sqliteBulk) stmt(ctx context.Context, table string, cols []string, rows int) (*sql.Stmt, error) {
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	key := head + strconv.Itoa(rows)
	if st, ok := b.stmts[key]; ok {
		return st, nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	st, err := b.tx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+",", rows), ","))
	if err != nil {
		return nil, err
	}
	b.stmts[key] = st
	return st, nil
}

func (b sqliteBulk) q() querier { return b.tx }
