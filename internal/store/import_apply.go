package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// ImportChunk is what one chunk of an import writes, in one transaction: new contacts (ids assigned here),
// updated contacts (each with the stored state it was based on), the report rows of every record of the
// chunk, and the batch's counts after it.
type ImportChunk struct {
	Creates []NewContact
	Updates []ContactUpdate
	Rows    []ImportRowRecord // Create rows name their contact by index into Creates (CreateIndex)
	Batch   *domain.ImportBatch
	Actor   int64
	Scope   access.Scope // the actor's: an update applies only to a contact whose home unit lies in its write scope
	Seq     int          // the chunk's place in the file, from 1
	// AssignMemberNumbers gives the new contacts with a membership and no member number one from their
	// series (an import option).
	AssignMemberNumbers bool
	// Seal, when set, runs last in the chunk's transaction, before it commits: the import records its
	// progress there, checks that it still holds the batch, and takes its turn so that chunks commit in
	// the order they were read.
	Seal   func(ctx context.Context, q *Q) error
	tagIDs map[string]int64 // set by PrepareImportChunk
}

// ContactUpdate is a changed contact with the stored contact it was derived from.
type ContactUpdate struct {
	Contact, Prev *domain.Contact
	Row           int               // index into ImportChunk.Rows
	Notes         []string          // notes to add
	Attributes    map[string]string // named facts to set
}

// ImportWriters is how many chunks of one import may be written at the same time: SQLite has one writer;
// PostgreSQL writes a chunk while the previous one is still in its transaction, on a second connection.
func (s *Store) ImportWriters() int { return s.d.importWriters }

// PrepareImportChunk creates the tags the chunk's contacts carry that do not exist yet. Chunks are prepared
// one after the other, in the order they are read, so that chunks written at the same time never race to
// create the same tag.
func (s *Store) PrepareImportChunk(ctx context.Context, ch *ImportChunk) error {
	withTags := slices.Clone(ch.Creates)
	for _, u := range ch.Updates {
		withTags = append(withTags, NewContact{Contact: domain.Contact{Tags: u.Contact.Tags}})
	}
	var err error
	ch.tagIDs, err = s.bulkTags(ctx, withTags)
	return err
}

// ApplyImportChunk writes one prepared chunk. Either all of it lands, with the batch's progress, or none of
// it: a crash leaves whole chunks only. An update whose contact changed since it was read, or whose home unit
// no longer lies in the write scope of ch.Scope, fails the chunk with ErrConflict.
func (s *Store) ApplyImportChunk(ctx context.Context, ch *ImportChunk) error {
	if ch.tagIDs == nil {
		return fmt.Errorf("import chunk not prepared")
	}
	tagIDs := ch.tagIDs
	tree, err := s.loadAncestry(ctx)
	if err != nil {
		return err
	}
	return s.withBulkQ(ctx, func(q *Q, bw bulkWriter) error {
		contactIDs, err := q.reserveIDs(ctx, "contacts", len(ch.Creates))
		if err != nil {
			return err
		}
		nm := 0
		for _, nc := range ch.Creates {
			nm += len(nc.Memberships)
		}
		membershipIDs, err := q.reserveIDs(ctx, "memberships", nm)
		if err != nil {
			return err
		}
		r := newBulkRows(s.d, q.now)
		r.actor, r.batch = nullInt(ch.Actor), ch.Batch.ID
		for i := range ch.Creates {
			nc := &ch.Creates[i]
			if nc.Dropped {
				continue
			}
			nc.Contact.ID = contactIDs[i]
			nc.Contact.Version = 1
			var current int64
			for j := range nc.Memberships {
				m := &nc.Memberships[j]
				m.ID, m.ContactID = membershipIDs[0], nc.Contact.ID
				membershipIDs = membershipIDs[1:]
				if current == 0 || !m.StartDate.Before(latestStart(nc.Memberships, current)) {
					current = m.ID
				}
			}
			if err := r.add(nc, current, tree, tagIDs); err != nil {
				return err
			}
		}
		for _, t := range r.tables() {
			if err := bw.copy(ctx, t.name, t.cols, t.rows); err != nil {
				return err
			}
		}
		if err := q.applyUpdates(ctx, bw, ch, tagIDs); err != nil {
			return err
		}
		rows := make([][]any, 0, len(ch.Rows))
		for i := range ch.Rows {
			row := &ch.Rows[i]
			if row.Outcome == domain.RowCreate && !ch.Batch.DryRun {
				row.ContactID, row.Version = ch.Creates[row.createIndex].Contact.ID, 1
			}
			var problems, before, cells any = "", nil, nil
			if len(row.Problems) > 0 {
				b, _ := json.Marshal(row.Problems)
				problems = string(b)
			}
			if row.Before != nil {
				b, err := json.Marshal(row.Before)
				if err != nil {
					return err
				}
				before = string(b)
			}
			if row.Cells != nil && domain.RowRejected(row.Outcome) { // kept to be downloaded and fixed
				b, _ := json.Marshal(row.Cells)
				cells = string(b)
			}
			rows = append(rows, []any{ch.Batch.ID, row.Line, row.Outcome, nullInt(row.ContactID),
				nullInt(int64(row.Version)), row.Score, row.Display, problems, before, cells})
		}
		if err := bw.copy(ctx, "import_rows", []string{"batch_id", "line", "outcome", "contact_id", "version",
			"score", "display", "problems", "before", "cells"}, rows); err != nil {
			return err
		}
		if ch.Seal != nil {
			if err := ch.Seal(ctx, q); err != nil {
				return err
			}
		} else if err := q.SaveImportProgress(ctx, ch.Batch); err != nil {
			return err
		}
		// After the seal, which waits for the chunk before this one to commit: chunks written at the same time
		// take the row of a member-number series in file order, one after the other, never each waiting for
		// the other.
		return q.importMemberNumbers(ctx, ch)
	})
}

// importMemberNumbers moves the member-number series past the numbers the chunk wrote, and gives the new
// members without a number one from their series when the import asks for it.
func (q *Q) importMemberNumbers(ctx context.Context, ch *ImportChunk) error {
	var written []HomeNumber
	var unnumbered []*domain.Contact
	for i := range ch.Creates {
		nc := &ch.Creates[i]
		switch {
		case nc.Dropped:
		case nc.Contact.MemberNumber != "":
			written = append(written, HomeNumber{nc.Contact.HomeUnit.ID, nc.Contact.MemberNumber})
		case ch.AssignMemberNumbers && len(nc.Memberships) > 0:
			unnumbered = append(unnumbered, &nc.Contact)
		}
	}
	for _, u := range ch.Updates {
		written = append(written, newMemberNumber(u.Contact, u.Prev)...)
	}
	if err := q.advanceMemberNumbers(ctx, written); err != nil || len(unnumbered) == 0 {
		return err
	}
	homes := make([]int64, len(unnumbered))
	for i, c := range unnumbered {
		homes[i] = c.HomeUnit.ID
	}
	numbers, err := q.NextMemberNumbers(ctx, homes)
	if err != nil {
		return err
	}
	for start := 0; start < len(unnumbered); start += 500 {
		var a args
		var values []string
		for i := start; i < min(start+500, len(unnumbered)); i++ {
			unnumbered[i].MemberNumber = numbers[i]
			values = append(values, "(CAST("+a.add(unnumbered[i].ID)+" AS BIGINT), "+a.add(numbers[i])+")")
		}
		// A VALUES list's columns are column1, column2 … on both databases.
		if _, err := q.exec(ctx, `UPDATE contacts SET member_number = v.column2 FROM (VALUES `+strings.Join(values, ", ")+
			`) AS v WHERE contacts.id = v.column1`, a.list...); err != nil {
			return err
		}
	}
	return nil
}

// applyUpdates writes the chunk's updated contacts: one UPDATE each for their own fields, then their lists
// replaced for all of them together — one DELETE per list table and a bulk insert — rather than a dozen
// statements per contact. An import changes neither home units nor affiliations, so reach rows only follow a
// changed sort key.
func (q *Q) applyUpdates(ctx context.Context, bw bulkWriter, ch *ImportChunk, tagIDs map[string]int64) error {
	if len(ch.Updates) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(ch.Updates))
	for _, u := range ch.Updates {
		if u.Contact.HomeUnit.ID != u.Prev.HomeUnit.ID || !sameUnits(u.Contact.Affiliations, u.Prev.Affiliations) {
			return fmt.Errorf("import update of contact %d moves it: not supported", u.Contact.ID)
		}
		if err := q.updateContactRow(ctx, ch.Scope, u.Contact, u.Prev, ch.Actor); err != nil {
			return err
		}
		if u.Contact.SortKey != u.Prev.SortKey {
			if err := q.updateReachSortKey(ctx, u.Contact.ID, u.Contact.SortKey); err != nil {
				return err
			}
		}
		if err := q.setAttributes(ctx, u.Contact.ID, u.Attributes, ch.Batch.ID); err != nil {
			return err
		}
		ch.Rows[u.Row].Version = u.Contact.Version
		ids = append(ids, u.Contact.ID)
	}
	for start := 0; start < len(ids); start += 1000 {
		for _, t := range []string{"contact_emails", "contact_phones", "contact_addresses", "contact_external_ids", "contact_tags"} {
			var a args
			if _, err := q.exec(ctx, `DELETE FROM `+t+` WHERE contact_id IN `+a.in(ids[start:min(start+1000, len(ids))]), a.list...); err != nil {
				return err
			}
		}
	}
	r := newBulkRows(q.d, q.now)
	for _, u := range ch.Updates {
		r.addLists(u.Contact, tagIDs)
		for _, n := range u.Notes {
			r.row("contact_notes", u.Contact.ID, n, r.now, nullInt(ch.Actor), ch.Batch.ID)
		}
	}
	for _, t := range r.tables() {
		if err := bw.copy(ctx, t.name, t.cols, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// CreateOf returns the new contact that report row i creates, or nil.
func (ch *ImportChunk) CreateOf(i int) *NewContact {
	row := ch.Rows[i]
	if row.Outcome != domain.RowCreate || row.createIndex >= len(ch.Creates) {
		return nil
	}
	return &ch.Creates[row.createIndex]
}

// TakenKeys returns which of the member numbers and external ids some contact already holds.
func (q *Q) TakenKeys(ctx context.Context, members []string, externals []domain.ExternalID) (map[string]bool, map[domain.ExternalID]bool, error) {
	tm, tx := map[string]bool{}, map[domain.ExternalID]bool{}
	for start := 0; start < len(members); start += 5000 {
		var a args
		part := members[start:min(start+5000, len(members))]
		ph := make([]string, len(part))
		for i, m := range part {
			ph[i] = a.add(m)
		}
		rows, err := q.query(ctx, `SELECT member_number FROM contacts WHERE member_number IN (`+strings.Join(ph, ", ")+`)`, a.list...)
		if err != nil {
			return nil, nil, err
		}
		if err := eachRow(rows, func() error {
			var m string
			err := rows.Scan(&m)
			tm[m] = true
			return err
		}); err != nil {
			return nil, nil, err
		}
	}
	for start := 0; start < len(externals); start += 5000 {
		var a args
		part := externals[start:min(start+5000, len(externals))]
		ph := make([]string, len(part))
		for i, x := range part {
			ph[i] = "(" + a.add(x.System) + ", " + a.add(x.Value) + ")"
		}
		rows, err := q.query(ctx, `SELECT system, value FROM contact_external_ids WHERE (system, value) IN (`+strings.Join(ph, ", ")+`)`, a.list...)
		if err != nil {
			return nil, nil, err
		}
		if err := eachRow(rows, func() error {
			var x domain.ExternalID
			err := rows.Scan(&x.System, &x.Value)
			tx[x] = true
			return err
		}); err != nil {
			return nil, nil, err
		}
	}
	return tm, tx, nil
}

// reserveIDs hands out n new ids of a table's id column (see the dialects' reserve functions).
func (q *Q) reserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	return q.d.reserveIDs(ctx, q, table, n)
}

// withBulkQ runs fn in one write transaction with both an ordinary Q and a bulk writer on it: on PostgreSQL
// COPY goes through the same connection as the transaction's statements.
func (s *Store) withBulkQ(ctx context.Context, fn func(q *Q, bw bulkWriter) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	q := &Q{db: tx, d: s.d, now: s.stamp(), tx: true}
	if err := fn(q, s.d.bulkOn(conn, tx)); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
