package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// all reads the records and hands chunks to writers: reading, checking and matching the next chunk overlaps
// with writing the last ones (on PostgreSQL two chunks are written at once). A write error stops the reading;
// the caller rolls back what landed.
func (run *importRun) all(ctx context.Context, src ImportSource, progress func(domain.ImportBatch)) error {
	chunks := make(chan store.ImportChunk, 1)
	stop := make(chan struct{})
	var (
		mu       sync.Mutex
		werr     error
		reported int
		wg       sync.WaitGroup
	)
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
				switch {
				case err != nil && werr == nil:
					werr = err
					close(stop)
				case err == nil && progress != nil && ch.Batch.RowsDone > reported:
					reported = ch.Batch.RowsDone
					progress(*ch.Batch)
				}
				mu.Unlock()
			}
		})
	}
	run.src = src
	err := run.read(ctx, src, chunks, stop)
	close(chunks)
	wg.Wait()
	if werr != nil {
		return werr
	}
	return err
}

// errWriteFailed stops reading after the writer failed; the writer's error is the one reported.
var errWriteFailed = errors.New("write failed")

func (run *importRun) read(ctx context.Context, src ImportSource, chunks chan<- store.ImportChunk, stop <-chan struct{}) error {
	for {
		rec, line, err := src.Next()
		var rp *RowProblem
		switch {
		case errors.Is(err, io.EOF):
			return run.flush(ctx, chunks, stop)
		case errors.As(err, &rp):
			run.report(store.ImportRowRecord{ImportRow: domain.ImportRow{Line: rp.Line, Outcome: domain.RowInvalid,
				Problems: []domain.FieldError{{Field: "row", Code: rp.Code}}}})
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
	if err := run.s.st.PrepareImportChunk(ctx, &run.chunk); err != nil {
		return err
	}
	select {
	case chunks <- run.chunk:
	case <-stop:
		return errWriteFailed
	}
	run.chunk = store.ImportChunk{Actor: run.a.UserID}
	return nil
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
