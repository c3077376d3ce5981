package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL's bulk writing: COPY through pgx, under a pgx transaction or beside a database/sql one.

// postgresBulkTx runs fn in a pgx transaction on one connection of the writer pool: COPY and the set-based
// steps of a bulk load go through pgx directly.
func postgresBulkTx(ctx context.Context, s *Store, fn func(bw bulkWriter) error) error {
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

// pgConnBulk copies through the raw pgx connection under a database/sql transaction.
type pgConnBulk struct {
	conn *sql.Conn
	tx   *sql.Tx
}

func (b pgConnBulk) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return b.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		return nil
	})
}

func (b pgConnBulk) q() querier { return b.tx }

// postgresReserveIDs draws ids from the column's sequence, so that concurrent single inserts never collide
// with them.
func postgresReserveIDs(ctx context.Context, q *Q, table string, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	rows, err := q.query(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		var id int64
		err := rows.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

func postgresBulkOn(conn *sql.Conn, tx *sql.Tx) bulkWriter { return pgConnBulk{conn: conn, tx: tx} }
