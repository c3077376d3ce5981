package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// InsertAudit writes an audit entry in the current transaction.
func (q *Q) InsertAudit(ctx context.Context, e *domain.AuditEntry) error {
	if !q.tx {
		return errors.New("store: audit entries must be written inside the transaction of the change they record")
	}
	var changes any
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return err
		}
		changes = string(b)
	}
	e.At = q.now
	err := q.db.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_label, action, entity_type, entity_id,
		contact_id, unit_id, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		ts(q.now), nullInt(e.ActorID), e.ActorName, e.Action, e.EntityType, e.EntityID, nullInt(e.ContactID),
		nullInt(e.UnitID), changes).Scan(&e.ID)
	return q.wrapNil(err, "INSERT INTO audit_log")
}

const auditCols = `a.id, a.at, COALESCE(a.actor_id, 0), a.actor_label, a.action, a.entity_type, a.entity_id,
	COALESCE(a.contact_id, 0), COALESCE(a.unit_id, 0), a.changes, a.redacted`

// auditContactName selects the name of an entry's contact, which scanAudit keeps only when it is visible.
const auditContactName = `(SELECT c.display_name FROM contacts c WHERE c.id = a.contact_id)`

// scanAudit reads audit entries from a query selecting auditCols, the name of the entry's contact
// (auditContactName) and, last, whether that contact (if there is one) is visible to the reader. The changes
// and the name of a contact out of sight are its personal data and are dropped here, so that they never
// leave the store.
func (q *Q) scanAudit(ctx context.Context, query string, a *args) ([]domain.AuditEntry, error) {
	rows, err := q.query(ctx, query, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.AuditEntry
	err = eachRow(rows, func() error {
		var e domain.AuditEntry
		var changes, name *string
		var visible bool
		if err := rows.Scan(&e.ID, reqTime{&e.At}, &e.ActorID, &e.ActorName, &e.Action, &e.EntityType, &e.EntityID,
			&e.ContactID, &e.UnitID, &changes, &e.Redacted, &name, &visible); err != nil {
			return err
		}
		if !visible {
			changes, e.Withheld = nil, !e.Redacted
		} else if name != nil {
			e.ContactName = *name
		}
		if changes != nil && *changes != "" {
			if err := json.Unmarshal([]byte(*changes), &e.Changes); err != nil {
				return err
			}
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// ContactHistory lists the audit entries of a contact visible to the scope, newest first.
func (q *Q) ContactHistory(ctx context.Context, s access.Scope, contactID int64, limit int) ([]domain.AuditEntry, error) {
	var a args
	id := a.add(contactID)
	return q.scanAudit(ctx, `SELECT `+auditCols+`, `+auditContactName+`, TRUE FROM audit_log a WHERE a.contact_id = `+id+`
		AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = `+id+` AND `+visibleSQL(&a, "c", s, access.ReadContacts)+`)
		ORDER BY a.id DESC LIMIT `+a.add(limit), &a)
}

// SearchAudit lists audit entries recorded against units in the scope's ReadAudit subtrees, newest first.
// Entries without a unit (sign-ins, user records) are visible to admins of a whole tree only. An entry about a
// contact follows the contact's visibility now, not where it lived when the entry was written: about a
// contact the scope cannot see (any more), it is listed without its changes, marked withheld.
func (q *Q) SearchAudit(ctx context.Context, s access.Scope, wholeTree bool, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	roots := s.Roots(access.ReadAudit)
	if len(roots) == 0 {
		return nil, nil
	}
	var a args
	visible := "(a.contact_id IS NULL OR " + visibleIDSQL(&a, "a.contact_id", s, access.ReadContacts) + ")"
	where := `(a.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id IN ` + a.in(roots) + `)`
	if wholeTree {
		where += " OR a.unit_id IS NULL"
	}
	where += ")"
	if f.Action != "" {
		where += " AND a.action = " + a.add(f.Action)
	}
	if f.EntityType != "" {
		where += " AND a.entity_type = " + a.add(f.EntityType)
	}
	if f.EntityID != 0 {
		where += " AND a.entity_id = " + a.add(f.EntityID)
	}
	if f.ActorID != 0 {
		where += " AND a.actor_id = " + a.add(f.ActorID)
	}
	if f.ContactID != 0 {
		where += " AND a.contact_id = " + a.add(f.ContactID)
	}
	if !f.Since.IsZero() {
		where += " AND a.at >= " + a.add(ts(f.Since))
	}
	if !f.Until.IsZero() {
		where += " AND a.at < " + a.add(ts(f.Until))
	}
	if f.BeforeID != 0 {
		where += " AND a.id < " + a.add(f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return q.scanAudit(ctx, `SELECT `+auditCols+`, `+auditContactName+`, `+visible+` FROM audit_log a WHERE `+where+
		` ORDER BY a.id DESC LIMIT `+a.add(limit), &a)
}
