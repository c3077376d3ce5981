package store

import (
	"context"

	"github.com/roster-crm/roster/internal/domain"
)

// ImportCounts counts import batches by status and sums the row outcomes of the finished ones; every known
// status and outcome is present, zero if need be, so that a monitor can tell "none" from "not reported". The
// table holds one row per file imported, so this stays cheap enough to run at every metrics scrape.
func (q *Q) ImportCounts(ctx context.Context) (domain.ImportCounts, error) {
	out := domain.ImportCounts{Batches: map[string]int{}, Rows: map[string]int{}}
	for _, status := range []string{domain.ImportQueued, domain.ImportRunning, domain.ImportDryRun, domain.ImportDone, domain.ImportFailed, domain.ImportCancelled, domain.ImportUndone} {
		out.Batches[status] = 0
	}
	for _, outcome := range []string{domain.RowCreate, domain.RowUpdate, domain.RowSkip, domain.RowInvalid, domain.RowOutOfScope} {
		out.Rows[outcome] = 0
	}
	rows, err := q.query(ctx, `SELECT status, COUNT(*), SUM(created), SUM(updated), SUM(skipped), SUM(invalid),
		SUM(out_of_scope) FROM import_batches GROUP BY status`)
	if err != nil {
		return out, err
	}
	err = eachRow(rows, func() error {
		var status string
		var n, created, updated, skipped, invalid, outOfScope int
		if err := rows.Scan(&status, &n, &created, &updated, &skipped, &invalid, &outOfScope); err != nil {
			return err
		}
		out.Batches[status] = n
		if status == domain.ImportDone {
			out.Rows = map[string]int{domain.RowCreate: created, domain.RowUpdate: updated, domain.RowSkip: skipped,
				domain.RowInvalid: invalid, domain.RowOutOfScope: outOfScope}
		}
		return nil
	})
	return out, err
}
