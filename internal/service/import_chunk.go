package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// all reads the records and hands chunks to writers: reading, checking and matching the next chunk overlaps
// with writing the last ones (on PostgreSQL two chunks are written at once, and committed in reading order).
// The first `done` records were written by an earlier run of the batch: they are read again only to learn
// what the file held before them (the contacts it created, the ones it matched), and not written. A write
// error stops the reading.
func (run *importRun) all(ctx context.Context, src importSource, done int) error {
	chunks := make(chan store.ImportChunk, 1)
	stop := make(chan struct{})
	var (
		mu   sync.Mutex
		werr error
		wg   sync.WaitGroup
	)
	run.turn = newChunkTurns()
	for range run.s.st.ImportWriters() {
		wg.Go(func() {
			for ch := range chunks {
				mu.Lock()
				failed := werr != nil
				mu.Unlock()
				if failed {
					continue
				}
				err := run.s.st.ApplyImportChunk(ctx, &ch)
				mu.Lock()
				if err != nil && werr == nil {
					werr = err
					close(stop)
				}
				mu.Unlock()
				run.turn.end(ch.Seq, err)
				if err == nil {
					run.grown(ctx, ch.Batch.Created)
				}
				if err == nil && run.progress != nil {
					run.progress(*ch.Batch)
				}
			}
		})
	}
	run.src = src
	err := run.replay(ctx, src, done)
	if err == nil {
		err = run.read(ctx, src, chunks, stop)
	}
	close(chunks)
	wg.Wait()
	if werr != nil {
		return werr
	}
	return err
}

// grown refreshes the planner's statistics each time the import has created as many contacts as there were
// before (and at 2,000), so that queries and checks keep using indexes as the tables fill up.
func (run *importRun) grown(ctx context.Context, created int) {
	run.statsMu.Lock()
	defer run.statsMu.Unlock()
	if created < run.statsAt {
		return
	}
	run.statsAt = 2 * max(created, len(run.match.ids), 1000)
	if err := run.s.st.RefreshStats(ctx); err != nil && ctx.Err() == nil {
		run.s.log.Warn("import: refresh planner statistics", "err", err)
	}
}

// replay reads the first n records again without writing them, so that the file's later records meet the
// same earlier ones as in a run that was never interrupted. The batch's counts are those stored.
func (run *importRun) replay(ctx context.Context, src importSource, n int) error {
	if n == 0 {
		return nil
	}
	stored := *run.batch
	for i := 0; i < n; i++ {
		rec, line, err := src.Next()
		var rp *RowProblem
		switch {
		case errors.Is(err, io.EOF):
			return fmt.Errorf("the file ends after %d records, but %d were imported before: it changed", i, n)
		case errors.As(err, &rp):
		case err != nil:
			return err
		default:
			if err := run.row(ctx, rec, line); err != nil {
				return err
			}
		}
		if len(run.chunk.Rows)+len(run.matched) >= run.size { // what a chunk would write is not needed
			run.chunk.Rows, run.chunk.Creates, run.matched = run.chunk.Rows[:0], run.chunk.Creates[:0], run.matched[:0]
		}
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	run.chunk = store.ImportChunk{Actor: run.a.UserID, Scope: run.a.Scope, Seq: run.chunk.Seq}
	run.matched = run.matched[:0]
	*run.batch = stored
	return nil
}

// errWriteFailed stops reading after the writer failed; the writer's error is the one reported.
var errWriteFailed = errors.New("write failed")

func (run *importRun) read(ctx context.Context, src importSource, chunks chan<- store.ImportChunk, stop <-chan struct{}) error {
	for {
		rec, line, err := src.Next()
		var rp *RowProblem
		switch {
		case errors.Is(err, io.EOF):
			return run.flush(ctx, chunks, stop)
		case errors.As(err, &rp):
			run.malformed(rp)
			err = nil
		case err != nil:
			return err
		default:
			err = run.row(ctx, rec, line)
		}
		if err != nil {
			return err
		}
		if len(run.chunk.Rows)+len(run.matched) >= run.size {
			if err := run.flush(ctx, chunks, stop); err != nil {
				return err
			}
		}
	}
}

// malformed reports a record the file could not give as a row of its columns. One with more cells than the
// header is named like any row, and the problem names what the extra cells hold, so that nothing of it goes
// unmentioned.
func (run *importRun) malformed(rp *RowProblem) {
	row := domain.ImportRow{Line: rp.Line, Outcome: domain.RowInvalid}
	p := domain.FieldError{Field: "row", Code: rp.Code}
	if n := len(run.mapping.Columns); len(rp.Record) > n {
		r := readRecord(run.mapping, rp.Record[:n], &run.opts, run.countryCode)
		row.Display = recordDisplay(&r.c)
		p.Param = truncate(strings.Join(rp.Record[n:], " | "), 200)
	}
	row.Problems = []domain.FieldError{p}
	run.report(store.ImportRowRecord{ImportRow: row, Cells: rp.Record})
}

// flush checks the chunk's new member numbers and external ids against the whole database in one query
// each, then hands the chunk to the writer with a snapshot of the counts.
func (run *importRun) flush(ctx context.Context, chunks chan<- store.ImportChunk, stop <-chan struct{}) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(run.chunk.Rows)+len(run.matched) == 0 {
		return nil
	}
	if err := run.updates(ctx); err != nil {
		return err
	}
	if err := run.dropTakenKeys(ctx); err != nil {
		return err
	}
	if run.batch.DryRun {
		run.chunk.Creates, run.chunk.Updates = nil, nil
	}
	if p, ok := run.src.(interface{ Progress() float64 }); ok {
		run.batch.Progress = p.Progress()
	}
	snapshot := *run.batch
	run.chunk.Batch = &snapshot
	run.chunk.AssignMemberNumbers = run.opts.AssignMemberNumbers
	run.chunk.Seq++
	seq := run.chunk.Seq
	run.chunk.Seal = func(ctx context.Context, q *store.Q) error { return run.seal(ctx, q, seq, &snapshot) }
	if err := run.s.st.PrepareImportChunk(ctx, &run.chunk); err != nil {
		return err
	}
	select {
	case chunks <- run.chunk:
	case <-stop:
		return errWriteFailed
	}
	run.chunk = store.ImportChunk{Actor: run.a.UserID, Scope: run.a.Scope, Seq: seq}
	return nil
}

// seal ends a chunk's transaction: after the chunk before it has committed, it checks that this worker
// still holds the batch and nobody asked to stop it, and records the batch's progress. Waiting for the turn
// before touching the batch's rows keeps two chunks written at once from blocking each other.
func (run *importRun) seal(ctx context.Context, q *store.Q, seq int, b *domain.ImportBatch) error {
	if err := run.turn.wait(ctx, seq); err != nil {
		return err
	}
	if err := q.RenewLease(ctx, store.ImportLease(b.ID), run.worker, run.s.importLease); err != nil {
		return err
	}
	if stop, err := q.ImportCancelRequested(ctx, b.ID); err != nil || stop {
		return errors.Join(err, errCancelRequested(stop))
	}
	return q.SaveImportProgress(ctx, b)
}

// chunkTurns lets chunks written at the same time commit in the order they were read, so that what an import
// has written is always a prefix of its file and a resumed run can go on after it.
type chunkTurns struct {
	mu     sync.Mutex
	cond   *sync.Cond
	last   int // the last chunk committed
	failed bool
}

func newChunkTurns() *chunkTurns {
	t := &chunkTurns{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// wait returns when chunk seq is next to commit, or an error once a chunk failed.
func (t *chunkTurns) wait(ctx context.Context, seq int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.last != seq-1 && !t.failed {
		t.cond.Wait()
	}
	if t.failed {
		return errWriteFailed
	}
	return ctx.Err()
}

// end records that chunk seq committed, or failed.
func (t *chunkTurns) end(seq int, err error) {
	t.mu.Lock()
	if err != nil {
		t.failed = true
	} else {
		t.last = seq
	}
	t.cond.Broadcast()
	t.mu.Unlock()
}

// dropTakenKeys turns the chunk's new contacts whose member number or external id another contact holds
// (one the importer may not even see) into invalid rows.
func (run *importRun) dropTakenKeys(ctx context.Context) error {
	var members []string
	var externals []domain.ExternalID
	for _, nc := range run.chunk.Creates {
		if nc.Contact.MemberNumber != "" {
			members = append(members, nc.Contact.MemberNumber)
		}
		externals = append(externals, nc.Contact.ExternalIDs...)
	}
	if len(members) == 0 && len(externals) == 0 {
		return nil
	}
	takenMembers, takenExternals, err := run.s.st.Read().TakenKeys(ctx, members, externals)
	if err != nil || len(takenMembers) == 0 && len(takenExternals) == 0 {
		return err
	}
	for i := range run.chunk.Rows {
		row := &run.chunk.Rows[i]
		nc := run.chunk.CreateOf(i)
		if nc == nil {
			continue
		}
		var p domain.Problems
		if takenMembers[nc.Contact.MemberNumber] {
			p.Add("member_number", "taken")
		}
		for j, x := range nc.Contact.ExternalIDs {
			if takenExternals[x] {
				p.Add(fmt.Sprintf("external_ids.%d.value", j), "taken")
			}
		}
		if err := p.Err(); err != nil {
			nc.Dropped = true
			row.Outcome, row.Problems = domain.RowInvalid, problemsOf(err)
			run.batch.Created--
			run.batch.Invalid++
		}
	}
	return nil
}

// report adds a row to the chunk's report and counts it.
func (run *importRun) report(row store.ImportRowRecord) {
	b := run.batch
	b.RowsDone++
	switch row.Outcome {
	case domain.RowCreate:
		b.Created++
	case domain.RowUpdate:
		b.Updated++
	case domain.RowSkip:
		b.Skipped++
	case domain.RowInvalid:
		b.Invalid++
	case domain.RowOutOfScope:
		b.OutOfScope++
	}
	run.chunk.Rows = append(run.chunk.Rows, row)
}

func problemsOf(err error) []domain.FieldError {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return []domain.FieldError{{Field: "row", Code: "invalid"}}
}
