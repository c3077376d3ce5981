package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// SQLite's bulk writing: multi-row INSERT statements prepared once per table and transaction.

// sqliteBulkTx runs fn in one transaction on the writer, with a large page cache for the duration: a bulk
// load touches index pages all over the file, and the cache keeps them in memory instead of re-reading them
// for every batch.
func sqliteBulkTx(ctx context.Context, s *Store, fn func(bw bulkWriter) error) error {
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

// sqliteReserveIDs: the write transaction holds the database, and the next ids after the largest are free.
func sqliteReserveIDs(ctx context.Context, q *Q, table string, n int) ([]int64, error) {
	var next int64
	if err := q.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+table).Scan(&next); err != nil {
		return nil, err
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = next + int64(i)
	}
	return out, nil
}

func sqliteBulkOn(_ *sql.Conn, tx *sql.Tx) bulkWriter { return newSQLiteBulk(tx) }
