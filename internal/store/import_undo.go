package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// ImportTouched tells, for the contacts a batch wrote (writes, from ImportWrites), what was done to them
// since the batch started that the batch did not do itself: notes, tags, memberships, relationships in
// either direction, named facts, affiliations, and any other change the audit trail recorded for them. The
// contact's own version is the caller's to compare. Contacts with nothing of the kind are absent.
func (q *Q) ImportTouched(ctx context.Context, batchID int64, since time.Time, writes []ImportRowRecord) (map[int64][]string, error) {
	out := map[int64][]string{}
	add := func(id int64, reason string) {
		if !slices.Contains(out[id], reason) {
			out[id] = append(out[id], reason)
		}
	}
	before := map[int64]map[string]string{} // the named facts of updated contacts before the import
	ids := make([]int64, 0, len(writes))
	for _, w := range writes {
		ids = append(ids, w.ContactID)
		if w.Outcome == domain.RowUpdate && w.Before != nil {
			before[w.ContactID] = w.Before.Attributes
		}
	}
	var auditAfter int64
	err := q.db.QueryRowContext(ctx, `SELECT audit_after FROM import_batches WHERE id = $1`, batchID).Scan(&auditAfter)
	if err != nil {
		return nil, q.wrapNil(err, "SELECT import_batches")
	}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		if err := q.touchedPart(ctx, batchID, auditAfter, since, part, before, add); err != nil {
			return nil, err
		}
	}
	for _, reasons := range out {
		slices.Sort(reasons)
	}
	return out, nil
}

// touchedPart runs ImportTouched's queries for up to 500 contacts. The audit trail says what was done to them
// after the batch was queued (auditAfter: the newest entry then; for a batch queued before that was kept, the
// entries since its start). The records' own times say it again for what the trail might not name, such as the
// other side of a relationship; a record made in the same instant as the batch counts as earlier.
func (q *Q) touchedPart(ctx context.Context, batchID, auditAfter int64, since time.Time, ids []int64,
	before map[int64]map[string]string, add func(int64, string)) error {
	var a args
	in, at, batch := a.in(ids), a.add(ts(since)), a.add(batchID)
	after := "at >= " + at
	if auditAfter != 0 {
		after = "id > " + a.add(auditAfter)
	}
	rows, err := q.query(ctx, `SELECT contact_id, action FROM audit_log WHERE contact_id IN `+in+` AND `+after+`
		UNION ALL SELECT contact_id, 'note.create' FROM contact_notes WHERE contact_id IN `+in+` AND created_at > `+at+`
			AND (import_batch_id IS NULL OR import_batch_id <> `+batch+`)
		UNION ALL SELECT contact_id, 'relationship.create' FROM relationships WHERE contact_id IN `+in+` AND created_at > `+at+`
		UNION ALL SELECT other_contact_id, 'relationship.create' FROM relationships WHERE other_contact_id IN `+in+`
			AND created_at > `+at+`
		UNION ALL SELECT contact_id, 'membership.update' FROM memberships WHERE contact_id IN `+in+` AND updated_at > `+at+`
			AND updated_at > created_at
		UNION ALL SELECT contact_id, 'affiliation.create' FROM contact_affiliations WHERE contact_id IN `+in+`
			AND created_at > `+at, a.list...)
	if err != nil {
		return err
	}
	err = eachRow(rows, func() error {
		var id int64
		var action string
		if err := rows.Scan(&id, &action); err != nil {
			return err
		}
		if reason := keptReason(action); reason != "" {
			add(id, reason)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var b args
	rows, err = q.query(ctx, `SELECT contact_id, name, value FROM contact_attributes WHERE contact_id IN `+b.in(ids)+`
		AND (import_batch_id IS NULL OR import_batch_id <> `+b.add(batchID)+`)`, b.list...)
	if err != nil {
		return err
	}
	return eachRow(rows, func() error {
		var id int64
		var name, value string
		if err := rows.Scan(&id, &name, &value); err != nil {
			return err
		}
		// A created contact has only the facts the import gave it; an updated one also those it had before.
		if was, updated := before[id]; !updated || was[name] != value {
			add(id, domain.KeptAttribute)
		}
		return nil
	})
}

// keptReason sorts an audit action on a contact into why undo keeps it; "" for actions that change nothing
// (an export, a decision that two contacts are not duplicates).
func keptReason(action string) string {
	entity, verb, _ := strings.Cut(action, ".")
	switch {
	case strings.Contains(verb, "export"), action == "contact.not_duplicate":
		return ""
	case entity == "note":
		return domain.KeptNote
	case entity == "membership":
		return domain.KeptMembership
	case entity == "relationship":
		return domain.KeptRelationship
	case entity == "affiliation":
		return domain.KeptAffiliation
	case action == "contact.tag", action == "contact.untag":
		return domain.KeptTag
	case entity == "contact":
		return domain.KeptEdited
	}
	return domain.KeptOther
}

// ImportUndone records that a batch was undone, with what the undo did and, for each report line whose
// contact it kept, why (the reasons of domain.ImportKept).
func (q *Q) ImportUndone(ctx context.Context, id, by int64, u domain.ImportUndo) error {
	_, err := q.exec(ctx, `UPDATE import_batches SET status = $2, undone_at = $3, undone_by = $4, undo_removed = $5,
		undo_restored = $6, undo_kept = $7 WHERE id = $1`,
		id, domain.ImportUndone, ts(q.now), nullInt(by), u.Removed, u.Restored, len(u.Kept))
	if err != nil {
		return err
	}
	for _, k := range u.Kept {
		if _, err := q.exec(ctx, `UPDATE import_rows SET kept = $3 WHERE batch_id = $1 AND line = $2`,
			id, k.Line, strings.Join(k.Reasons, ",")); err != nil {
			return err
		}
	}
	return nil
}

// ImportRejectedRows calls fn with every row of a batch that the import rejected (invalid or out of scope),
// in file order: its line, its cells as the file held them (nil when the row could not be read into cells)
// and its problems.
func (q *Q) ImportRejectedRows(ctx context.Context, batchID int64, fn func(line int, cells []string, problems []domain.FieldError) error) error {
	after := 0
	for {
		rows, err := q.query(ctx, `SELECT line, COALESCE(cells, ''), problems FROM import_rows WHERE batch_id = $1
			AND outcome IN ('invalid', 'out_of_scope') AND line > $2 ORDER BY line LIMIT 1000`, batchID, after)
		if err != nil {
			return err
		}
		type rejected struct {
			line            int
			cells, problems string
		}
		var page []rejected
		err = eachRow(rows, func() error {
			var r rejected
			err := rows.Scan(&r.line, &r.cells, &r.problems)
			page = append(page, r)
			return err
		})
		if err != nil || len(page) == 0 {
			return err
		}
		for _, r := range page {
			var cells []string
			var problems []domain.FieldError
			if r.cells != "" {
				if err := json.Unmarshal([]byte(r.cells), &cells); err != nil {
					return err
				}
			}
			if r.problems != "" {
				if err := json.Unmarshal([]byte(r.problems), &problems); err != nil {
					return err
				}
			}
			if err := fn(r.line, cells, problems); err != nil {
				return err
			}
			after = r.line
		}
	}
}
