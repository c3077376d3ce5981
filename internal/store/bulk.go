package store

import "context"

// bulkWriter appends many rows to a table inside one transaction, the fastest way each database offers:
// COPY on PostgreSQL, multi-row INSERT statements on SQLite.
type bulkWriter interface {
	copy(ctx context.Context, table string, cols []string, rows [][]any) error
	q() querier
}

// withBulk runs fn in one transaction with the dialect's bulk writer.
func (s *Store) withBulk(ctx context.Context, fn func(bw bulkWriter) error) error {
	return s.d.bulkTx(ctx, s, fn)
}
