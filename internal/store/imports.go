package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

const batchColumns = `b.id, COALESCE(b.user_id, 0), COALESCE(u.name, 'system'), b.source, b.format, b.settings, b.status, b.dry_run, b.rows_done,
	b.created, b.updated, b.skipped, b.invalid, b.out_of_scope, b.message, b.started_at, b.finished_at, b.undone_at`

func scanBatch(sc interface{ Scan(...any) error }) (domain.ImportBatch, error) {
	var b domain.ImportBatch
	var settings string
	err := sc.Scan(&b.ID, &b.UserID, &b.UserName, &b.Source, &b.Format, &settings, &b.Status, &b.DryRun, &b.RowsDone,
		&b.Created, &b.Updated, &b.Skipped, &b.Invalid, &b.OutOfScope, &b.Message, reqTime{&b.StartedAt},
		timeScan{&b.FinishedAt}, timeScan{&b.UndoneAt})
	if err != nil {
		return b, err
	}
	return b, json.Unmarshal([]byte(settings), &b.Settings)
}

// CreateImportBatch records the start of an import.
func (q *Q) CreateImportBatch(ctx context.Context, b *domain.ImportBatch) error {
	settings, err := json.Marshal(b.Settings)
	if err != nil {
		return err
	}
	b.StartedAt, b.Status = q.now, domain.ImportRunning
	err = q.db.QueryRowContext(ctx, `INSERT INTO import_batches (user_id, source, format, settings, status, dry_run,
		started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		nullInt(b.UserID), b.Source, b.Format, string(settings), b.Status, b.DryRun, ts(q.now)).Scan(&b.ID)
	return q.wrapNil(err, "INSERT INTO import_batches")
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
	var out []domain.ImportBatch
	err = eachRow(rows, func() error {
		b, err := scanBatch(rows)
		out = append(out, b)
		return err
	})
	return out, err
}

// SaveImportProgress stores a batch's counts and marks it alive.
func (q *Q) SaveImportProgress(ctx context.Context, b *domain.ImportBatch) error {
	// Chunks written at the same time may commit out of order: the counts never go back.
	_, err := q.exec(ctx, `UPDATE import_batches SET rows_done = $2, created = $3, updated = $4, skipped = $5,
		invalid = $6, out_of_scope = $7, heartbeat_at = $8 WHERE id = $1 AND rows_done <= $2`,
		b.ID, b.RowsDone, b.Created, b.Updated, b.Skipped, b.Invalid, b.OutOfScope, ts(q.now))
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

// MarkImportUndone records that a batch was undone.
func (q *Q) MarkImportUndone(ctx context.Context, id, by int64) error {
	_, err := q.exec(ctx, `UPDATE import_batches SET status = $2, undone_at = $3, undone_by = $4 WHERE id = $1`,
		id, domain.ImportUndone, ts(q.now), by)
	return err
}

// StaleImportBatches returns the running batches whose process has not reported since before.
func (q *Q) StaleImportBatches(ctx context.Context, before time.Time) ([]int64, error) {
	rows, err := q.query(ctx, `SELECT id FROM import_batches WHERE status = 'running' AND heartbeat_at < $1
		ORDER BY id`, ts(before))
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// ImportRowRecord is a report row as stored: with the contact's version after the import and, for an
// update, the contact as it was.
type ImportRowRecord struct {
	domain.ImportRow
	Version     int
	Before      *domain.Contact
	createIndex int // for a create row of a chunk: its contact in ImportChunk.Creates
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
	if len(outcomes) > 0 {
		ph := make([]string, len(outcomes))
		for i, o := range outcomes {
			ph[i] = a.add(o)
		}
		where += " AND outcome IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := q.query(ctx, `SELECT line, outcome, COALESCE(contact_id, 0), score, display, problems
		FROM import_rows WHERE `+where+` ORDER BY line LIMIT `+a.add(limit), a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.ImportRow
	err = eachRow(rows, func() error {
		var r domain.ImportRow
		var problems string
		if err := rows.Scan(&r.Line, &r.Outcome, &r.ContactID, &r.Score, &r.Display, &problems); err != nil {
			return err
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
	rows, err := q.query(ctx, `SELECT line, outcome, contact_id, version, COALESCE(before, '') FROM import_rows
		WHERE batch_id = $1 AND outcome IN ('create', 'update') ORDER BY line`, batchID)
	if err != nil {
		return nil, err
	}
	var out []ImportRowRecord
	err = eachRow(rows, func() error {
		var r ImportRowRecord
		var before string
		if err := rows.Scan(&r.Line, &r.Outcome, &r.ContactID, &r.Version, &before); err != nil {
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

// DeleteContacts removes contacts for good, with everything hanging off them: undo of an import that created
// them. Their lists and memberships go by cascade, their reach rows here.
func (q *Q) DeleteContacts(ctx context.Context, ids []int64) error {
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

// DeleteImportNotes removes the notes a batch added to contacts it updated.
func (q *Q) DeleteImportNotes(ctx context.Context, batchID int64) error {
	_, err := q.exec(ctx, `DELETE FROM contact_notes WHERE import_batch_id = $1`, batchID)
	return err
}
