package bench

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	_ "modernc.org/sqlite"
)

// sqliteRawInsert reads a CSV file and inserts its rows into bench_raw in one transaction with a prepared
// statement: the baseline a plain SQLite load achieves.
func sqliteRawInsert(ctx context.Context, db *sql.DB, r io.Reader, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO bench_raw VALUES ("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")")
	if err != nil {
		return err
	}
	defer stmt.Close()
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil { // header
		return err
	}
	args := make([]any, n)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		for i := range args {
			args[i] = rec[i]
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
