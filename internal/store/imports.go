package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

const batchColumns = `b.id, COALESCE(b.user_id, 0), COALESCE(u.name, 'system'), b.source, b.format, b.settings, b.status, b.dry_run, b.rows_done,
	b.created, b.updated, b.skipped, b.invalid, b.out_of_scope, b.message, b.started_at, b.finished_at, b.undone_at,
	COALESCE(b.job_id, 0), COALESCE(b.unit_id, 0), COALESCE(b.upload_id, 0), b.file_options, b.chunk_size, b.progress,
	b.cancel_requested, b.report_pruned, b.undo_removed, b.undo_restored, b.undo_kept`

func scanBatch(sc interface{ Scan(...any) error }) (domain.ImportBatch, error) {
	var b domain.ImportBatch
	var settings, file string
	err := sc.Scan(&b.ID, &b.UserID, &b.UserName, &b.Source, &b.Format, &settings, &b.Status, &b.DryRun, &b.RowsDone,
		&b.Created, &b.Updated, &b.Skipped, &b.Invalid, &b.OutOfScope, &b.Message, reqTime{&b.StartedAt},
		timeScan{&b.FinishedAt}, timeScan{&b.UndoneAt}, &b.JobID, &b.UnitID, &b.UploadID, &file, &b.ChunkSize,
		&b.Progress, &b.CancelRequested, &b.ReportPruned, &b.UndoRemoved, &b.UndoRestored, &b.UndoKept)
	if err != nil {
		return b, err
	}
	if err := json.Unmarshal([]byte(file), &b.File); err != nil {
		return b, err
	}
	return b, json.Unmarshal([]byte(settings), &b.Settings)
}

// CreateImportBatch records a queued import of an upload.
func (q *Q) CreateImportBatch(ctx context.Context, b *domain.ImportBatch) error {
	settings, err := json.Marshal(b.Settings)
	if err != nil {
		return err
	}
	file, err := json.Marshal(b.File)
	if err != nil {
		return err
	}
	b.StartedAt, b.Status = q.now, domain.ImportQueued
	err = q.db.QueryRowContext(ctx, `INSERT INTO import_batches (user_id, source, format, settings, status, dry_run,
		started_at, upload_id, file_options, chunk_size, unit_id, audit_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
		$9, $10, $11, (SELECT COALESCE(MAX(id), 0) FROM audit_log)) RETURNING id`,
		nullInt(b.UserID), b.Source, b.Format, string(settings), b.Status, b.DryRun, ts(q.now), nullInt(b.UploadID),
		string(file), b.ChunkSize, nullInt(b.UnitID)).Scan(&b.ID)
	return q.wrapNil(err, "INSERT INTO import_batches")
}

// SetImportJob records the job that runs a batch.
func (q *Q) SetImportJob(ctx context.Context, id, jobID int64) error {
	_, err := q.exec(ctx, `UPDATE import_batches SET job_id = $2 WHERE id = $1`, id, jobID)
	return err
}

// ImportBatch reads one batch. userID limits it to that user's batches unless it is 0.
func (q *Q) ImportBatch(ctx context.Context, id, userID int64) (domain.ImportBatch, error) {
	b, err := scanBatch(q.db.QueryRowContext(ctx, `SELECT `+batchColumns+` FROM import_batches b
		LEFT JOIN users u ON u.id = b.user_id WHERE b.id = $1 AND ($2 = 0 OR b.user_id = $2)`, id, userID))
	if errors.Is(err, sql.ErrNoRows) { // someone else's batch is as unknown as one that never was
		return b, domain.ErrNotFound
	}
	return b, q.wrapNil(err, "SELECT import_batches")
}

// ImportBatches lists the newest batches, of one user unless userID is 0.
func (q *Q) ImportBatches(ctx context.Context, userID int64, limit int) ([]domain.ImportBatch, error) {
	rows, err := q.query(ctx, `SELECT `+batchColumns+` FROM import_batches b LEFT JOIN users u ON u.id = b.user_id
		WHERE ($1 = 0 OR b.user_id = $1) ORDER BY b.id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, err
	}
	return scanBatches(rows)
}

func scanBatches(rows *sql.Rows) ([]domain.ImportBatch, error) {
	var out []domain.ImportBatch
	err := eachRow(rows, func() error {
		b, err := scanBatch(rows)
		out = append(out, b)
		return err
	})
	return out, err
}

// ActiveImportOf returns the id of a queued or running import of the user (0 for the CLI's operator), or 0.
func (q *Q) ActiveImportOf(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := q.db.QueryRowContext(ctx, `SELECT id FROM import_batches WHERE status IN ('queued', 'running')
		AND COALESCE(user_id, 0) = $1 ORDER BY id LIMIT 1`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, q.wrapNil(err, "SELECT import_batches")
}

// StartImportBatch marks a batch as taken by a worker.
func (q *Q) StartImportBatch(ctx context.Context, id int64) error {
	_, err := q.exec(ctx, `UPDATE import_batches SET status = 'running' WHERE id = $1 AND status = 'queued'`, id)
	return err
}

// SaveImportProgress stores a batch's counts.
func (q *Q) SaveImportProgress(ctx context.Context, b *domain.ImportBatch) error {
	_, err := q.exec(ctx, `UPDATE import_batches SET rows_done = $2, created = $3, updated = $4, skipped = $5,
		invalid = $6, out_of_scope = $7, progress = $8 WHERE id = $1`,
		b.ID, b.RowsDone, b.Created, b.Updated, b.Skipped, b.Invalid, b.OutOfScope, b.Progress)
	return err
}

// ResetImportBatch clears a batch's report and counts, for running it again from the start.
func (q *Q) ResetImportBatch(ctx context.Context, id int64) error {
	if _, err := q.exec(ctx, `DELETE FROM import_rows WHERE batch_id = $1`, id); err != nil {
		return err
	}
	_, err := q.exec(ctx, `UPDATE import_batches SET status = 'queued', rows_done = 0, created = 0, updated = 0,
		skipped = 0, invalid = 0, out_of_scope = 0, progress = 0, message = '', finished_at = NULL,
		cancel_requested = FALSE WHERE id = $1`, id)
	return err
}

// FinishImportBatch sets a batch's final status and message.
func (q *Q) FinishImportBatch(ctx context.Context, b *domain.ImportBatch, status, message string) error {
	if err := q.SaveImportProgress(ctx, b); err != nil {
		return err
	}
	now := q.now
	b.Status, b.Message, b.FinishedAt = status, message, &now
	_, err := q.exec(ctx, `UPDATE import_batches SET status = $2, message = $3, finished_at = $4 WHERE id = $1`,
		b.ID, status, message, ts(now))
	return err
}

// RequestImportCancel marks a queued or running batch to be stopped; it reports whether it was active.
func (q *Q) RequestImportCancel(ctx context.Context, id int64) (bool, error) {
	res, err := q.exec(ctx, `UPDATE import_batches SET cancel_requested = TRUE WHERE id = $1
		AND status IN ('queued', 'running')`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ImportCancelRequested reports whether someone asked to stop a batch.
func (q *Q) ImportCancelRequested(ctx context.Context, id int64) (bool, error) {
	var v bool
	err := q.db.QueryRowContext(ctx, `SELECT cancel_requested FROM import_batches WHERE id = $1`, id).Scan(&v)
	return v, q.wrapNil(err, "SELECT import_batches")
}

// ImportLease is the name of the lease a worker holds while it writes a batch.
func ImportLease(id int64) string { return "import:" + strconv.FormatInt(id, 10) }

// OrphanedImports returns the active batches that no live worker holds: queued ones (their job may be
// waiting, or lost) and running ones whose worker's lease expired, with the id of their job.
func (q *Q) OrphanedImports(ctx context.Context) ([]domain.ImportBatch, error) {
	rows, err := q.query(ctx, `SELECT `+batchColumns+` FROM import_batches b LEFT JOIN users u ON u.id = b.user_id
		WHERE b.status IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM leases l
			WHERE l.name = 'import:' || b.id AND l.expires_at >= `+q.d.clock()+`) ORDER BY b.id`)
	if err != nil {
		return nil, err
	}
	return scanBatches(rows)
}

// CreatedByImport lists the contacts a batch created so far, for a resumed run to leave out of matching.
func (q *Q) CreatedByImport(ctx context.Context, batchID int64) ([]int64, error) {
	rows, err := q.query(ctx, `SELECT contact_id FROM import_rows WHERE batch_id = $1 AND outcome = 'create'
		AND contact_id IS NOT NULL ORDER BY contact_id`, batchID)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// PruneDryRunReports removes the report rows of dry runs that finished before, keeping their counts.
func (q *Q) PruneDryRunReports(ctx context.Context, before time.Time) (int, error) {
	rows, err := q.query(ctx, `SELECT id FROM import_batches WHERE dry_run AND NOT report_pruned
		AND status NOT IN ('queued', 'running') AND finished_at < $1`, ts(before))
	if err != nil {
		return 0, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := q.pruneReport(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// pruneReport removes a batch's report rows.
func (q *Q) pruneReport(ctx context.Context, id int64) error {
	if _, err := q.exec(ctx, `DELETE FROM import_rows WHERE batch_id = $1`, id); err != nil {
		return err
	}
	_, err := q.exec(ctx, `UPDATE import_batches SET report_pruned = TRUE WHERE id = $1`, id)
	return err
}

// PruneImportReport removes a batch's report rows now (a cancelled dry run's).
func (q *Q) PruneImportReport(ctx context.Context, id int64) error { return q.pruneReport(ctx, id) }

// ImportRowRecord is a report row as stored: with the contact's version after the import and, for an
// update, the contact as it was.
type ImportRowRecord struct {
	domain.ImportRow
	Version     int
	Before      *domain.Contact
	Cells       []string // the record as the file held it, kept for a rejected row
	createIndex int      // for a create row of a chunk: its contact in ImportChunk.Creates
}

// CreateRow is the report row of a record that creates the i-th contact of its chunk.
func CreateRow(row domain.ImportRow, i int) ImportRowRecord {
	row.Outcome = domain.RowCreate
	return ImportRowRecord{ImportRow: row, createIndex: i}
}

// ImportRows reads a batch's report, optionally only some outcomes, in file order after a line.
func (q *Q) ImportRows(ctx context.Context, batchID int64, outcomes []string, afterLine, limit int) ([]domain.ImportRow, error) {
	var a args
	where := "batch_id = " + a.add(batchID) + " AND line > " + a.add(afterLine)
	switch {
	case slices.Equal(outcomes, []string{domain.ReportKept}):
		where += " AND kept <> ''"
	case len(outcomes) > 0:
		ph := make([]string, len(outcomes))
		for i, o := range outcomes {
			ph[i] = a.add(o)
		}
		where += " AND outcome IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := q.query(ctx, `SELECT line, outcome, COALESCE(contact_id, 0), score, display, problems, kept
		FROM import_rows WHERE `+where+` ORDER BY line LIMIT `+a.add(limit), a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.ImportRow
	err = eachRow(rows, func() error {
		var r domain.ImportRow
		var problems, kept string
		if err := rows.Scan(&r.Line, &r.Outcome, &r.ContactID, &r.Score, &r.Display, &problems, &kept); err != nil {
			return err
		}
		if kept != "" {
			r.Kept = strings.Split(kept, ",")
		}
		if problems != "" {
			if err := json.Unmarshal([]byte(problems), &r.Problems); err != nil {
				return err
			}
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// ImportWrites lists what a batch wrote, for undo: created and updated contacts with the version the import
// left them at and, for updates, the contact as it was.
func (q *Q) ImportWrites(ctx context.Context, batchID int64) ([]ImportRowRecord, error) {
	rows, err := q.query(ctx, `SELECT line, outcome, contact_id, version, display, COALESCE(before, '') FROM import_rows
		WHERE batch_id = $1 AND outcome IN ('create', 'update') ORDER BY line`, batchID)
	if err != nil {
		return nil, err
	}
	var out []ImportRowRecord
	err = eachRow(rows, func() error {
		var r ImportRowRecord
		var before string
		if err := rows.Scan(&r.Line, &r.Outcome, &r.ContactID, &r.Version, &r.Display, &before); err != nil {
			return err
		}
		if before != "" {
			r.Before = &domain.Contact{}
			if err := json.Unmarshal([]byte(before), r.Before); err != nil {
				return err
			}
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// ContactVersions returns the current version of each given contact that still exists (trashed or not).
func (q *Q) ContactVersions(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for start := 0; start < len(ids); start += 500 {
		var a args
		rows, err := q.query(ctx, `SELECT id, version FROM contacts WHERE id IN `+a.in(ids[start:min(start+500, len(ids))]), a.list...)
		if err != nil {
			return nil, err
		}
		err = eachRow(rows, func() error {
			var id int64
			var v int
			err := rows.Scan(&id, &v)
			out[id] = v
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteContacts removes the contacts of set for good, with everything hanging off them: undo of an import
// that created them.
func (q *Q) DeleteContacts(ctx context.Context, set *ScopedIDs) error {
	ids, err := q.scopedSet(set, access.WriteContacts)
	if err != nil {
		return err
	}
	return q.deleteContacts(ctx, ids)
}

// DeleteContact removes one contact for good: the other one of a merge, once its records moved.
func (q *Q) DeleteContact(ctx context.Context, sc *ScopedContact) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	return q.deleteContacts(ctx, []int64{id})
}

// deleteContacts removes contacts whose scope the caller checked. Their lists and memberships go by cascade,
// their reach rows here.
func (q *Q) deleteContacts(ctx context.Context, ids []int64) error {
	for start := 0; start < len(ids); start += 500 {
		var a args
		chunk := ids[start:min(start+500, len(ids))]
		in := a.in(chunk)
		if _, err := q.exec(ctx, `UPDATE contacts SET current_membership_id = NULL WHERE id IN `+in, a.list...); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM contact_reach WHERE contact_id IN `+in, a.list...); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM contacts WHERE id IN `+in, a.list...); err != nil {
			return q.wrap(err, "DELETE FROM contacts")
		}
	}
	return nil
}

// DeleteImportNotes removes the notes a batch added to the contacts of set.
func (q *Q) DeleteImportNotes(ctx context.Context, set *ScopedIDs, batchID int64) error {
	ids, err := q.scopedSet(set, access.WriteContacts)
	if err != nil {
		return err
	}
	for start := 0; start < len(ids); start += 500 {
		var a args
		b := a.add(batchID)
		if _, err := q.exec(ctx, `DELETE FROM contact_notes WHERE import_batch_id = `+b+` AND contact_id IN `+
			a.in(ids[start:min(start+500, len(ids))]), a.list...); err != nil {
			return err
		}
	}
	return nil
}

// ImportBatchesVisible lists the newest batches a user may see as jobs: their own, and those whose unit lies
// under one of adminUnits; all of them for the system.
func (q *Q) ImportBatchesVisible(ctx context.Context, userID int64, all bool, adminUnits []int64, limit int) ([]domain.ImportBatch, error) {
	var a args
	// Each case adds only the parameters it uses: PostgreSQL refuses a parameter the query never reads.
	var where string
	switch {
	case all:
		where = "1 = 1"
	case len(adminUnits) > 0:
		where = "b.user_id = " + a.add(userID) + " OR EXISTS (SELECT 1 FROM unit_closure uc WHERE uc.descendant_id = b.unit_id AND uc.ancestor_id IN " +
			a.in(adminUnits) + ")"
	default:
		where = "b.user_id = " + a.add(userID)
	}
	rows, err := q.query(ctx, `SELECT `+batchColumns+` FROM import_batches b LEFT JOIN users u ON u.id = b.user_id
		WHERE `+where+` ORDER BY b.id DESC LIMIT `+a.add(limit), a.list...)
	if err != nil {
		return nil, err
	}
	return scanBatches(rows)
}

// ImportBatchForJobs reads one batch if the user may act on it as a job (see ImportBatchesVisible).
func (q *Q) ImportBatchForJobs(ctx context.Context, id, userID int64, all bool, adminUnits []int64) (domain.ImportBatch, error) {
	var a args
	where := "b.id = " + a.add(id)
	if !all {
		who := "b.user_id = " + a.add(userID)
		if len(adminUnits) > 0 {
			who += " OR EXISTS (SELECT 1 FROM unit_closure uc WHERE uc.descendant_id = b.unit_id AND uc.ancestor_id IN " +
				a.in(adminUnits) + ")"
		}
		where += " AND (" + who + ")"
	}
	b, err := scanBatch(q.db.QueryRowContext(ctx, `SELECT `+batchColumns+` FROM import_batches b
		LEFT JOIN users u ON u.id = b.user_id WHERE `+where, a.list...))
	if errors.Is(err, sql.ErrNoRows) {
		return b, domain.ErrNotFound
	}
	return b, q.wrapNil(err, "SELECT import_batches")
}

// ImportBatchOfJob returns the id of the batch a job runs, 0 if none.
func (q *Q) ImportBatchOfJob(ctx context.Context, jobID int64) (int64, error) {
	var id int64
	err := q.db.QueryRowContext(ctx, `SELECT id FROM import_batches WHERE job_id = $1`, jobID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, q.wrapNil(err, "SELECT import_batches")
}
