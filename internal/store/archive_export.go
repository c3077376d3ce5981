package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// ReadSnapshot runs fn on one read-only transaction, so that its queries see the database at one moment while
// others keep writing: the files of a unit archive agree with each other.
func (s *Store) ReadSnapshot(ctx context.Context, fn func(q *Q) error) error {
	opts := &sql.TxOptions{ReadOnly: true, Isolation: s.d.snapshot}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	return fn(&Q{db: tx, d: s.d, now: s.stamp()})
}

// ArchiveRows streams the rows of one file of a unit archive of root's subtree, as scope sees it, in the
// file's column order and as text converted by each column's type (see domain.ArchiveFiles). rec is reused
// from row to row. A root outside the scope's read roots is not found.
func (q *Q) ArchiveRows(ctx context.Context, s access.Scope, root int64, f domain.ArchiveFile, each func(rec []string) error) error {
	roots, err := q.listRoots(ctx, s, root)
	if err != nil {
		return err
	}
	if len(roots) != 1 || roots[0] != root {
		return domain.ErrNotFound
	}
	var a args
	query := archiveQuery(f.Name, &a, s, root)
	if query == "" {
		return fmt.Errorf("store: no query for archive file %s", f.Name)
	}
	rows, err := q.query(ctx, query, a.list...)
	if err != nil {
		return err
	}
	if cols, err := rows.Columns(); err != nil || len(cols) != len(f.Columns) {
		rows.Close()
		return fmt.Errorf("store: archive file %s: the query selects %d columns, the format has %d (%v)",
			f.Name, len(cols), len(f.Columns), err)
	}
	rec := make([]string, len(f.Columns))
	dest := make([]any, len(f.Columns))
	for i, c := range f.Columns {
		dest[i] = archiveCell{typ: c.Type, out: &rec[i]}
	}
	return eachRow(rows, func() error {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		return each(rec)
	})
}

// archiveQuery returns the query of one archive file, "" for an unknown file. The contacts of an archive are
// those homed in the subtree of root, which ArchiveRows has found to be a root of the scope: all of them are
// visible. They are walked unit by unit through the index on the home unit, and each contact's records
// through their index on the contact, so no query sorts more than one contact's rows: the database needs no
// more memory for a large subtree than for a small one. A relationship needs both sides in the archive.
func archiveQuery(file string, a *args, s access.Scope, root int64) string {
	r := a.add(root)
	// contacts walks the contacts of the subtree with CROSS JOINs, which both databases keep in the written
	// order (SQLite would rather scan a whole table and sort it); the records of table x follow when given.
	contacts := func(table, more string) string {
		q := ` FROM unit_closure sub CROSS JOIN contacts c`
		cond := ` WHERE sub.ancestor_id = ` + r + ` AND c.home_unit_id = sub.descendant_id`
		if table != "" {
			alias := table[strings.LastIndexByte(table, ' ')+1:]
			q += ` CROSS JOIN ` + table
			cond += ` AND ` + alias + `.contact_id = c.id`
		}
		return q + ` ` + more + cond
	}
	const byContact = ` ORDER BY sub.descendant_id, c.id`
	switch file {
	case "units.csv":
		return `SELECT u.id, CASE WHEN u.id = ` + r + ` THEN NULL ELSE u.parent_id END, u.name, u.kind, u.code,
			u.archived_at, u.created_at, u.updated_at
			FROM unit_closure sub JOIN units u ON u.id = sub.descendant_id WHERE sub.ancestor_id = ` + r + `
			ORDER BY u.depth, u.id`
	case "postal_codes.csv":
		return `SELECT p.unit_id, p.postal_code, p.place
			FROM unit_closure sub JOIN postal_codes p ON p.unit_id = sub.descendant_id WHERE sub.ancestor_id = ` + r + `
			ORDER BY p.unit_id, p.postal_code`
	case "membership_types.json":
		return `SELECT t.name, t.duration_months, t.grace_days, t.new_days, t.voting, t.vote_after_days,
			t.requires_dues, t.active FROM membership_types t
			WHERE t.id IN (SELECT m.type_id` + contacts("memberships m", "") + `)
			ORDER BY t.name`
	case "contacts.csv":
		return `SELECT c.id, c.kind, c.home_unit_id, c.given_name, c.middle_name, c.family_name, c.honorific_prefix,
			c.honorific_suffix, c.organization_name, c.display_name, c.gender, c.birth_date, c.deceased_on,
			c.language, c.member_number, c.created_at, ` + userEmail("c.created_by") + `, c.updated_at,
			` + userEmail("c.updated_by") + `, c.deleted_at, ` + userEmail("c.deleted_by") + `, c.version
			` + contacts("", "") + byContact
	case "emails.csv":
		return `SELECT x.contact_id, x.position, x.address, x.label, x.is_primary, x.do_not_contact` +
			contacts("contact_emails x", "") + byContact + `, x.position, x.id`
	case "phones.csv":
		return `SELECT x.contact_id, x.position, x.number, x.label, x.is_primary, x.do_not_contact` +
			contacts("contact_phones x", "") + byContact + `, x.position, x.id`
	case "addresses.csv":
		return `SELECT x.contact_id, x.position, x.street, x.extra, x.postal_code, x.city, x.region, x.country,
			x.label, x.is_primary, x.do_not_contact` +
			contacts("contact_addresses x", "") + byContact + `, x.position, x.id`
	case "external_ids.csv":
		return `SELECT x.contact_id, x.system, x.value` +
			contacts("contact_external_ids x", "") + byContact + `, x.system, x.value`
	case "tags.csv":
		return `SELECT x.contact_id, t.name` + contacts("contact_tags x", "JOIN tags t ON t.id = x.tag_id") +
			byContact + `, t.name_key`
	case "attributes.csv":
		return `SELECT x.contact_id, x.name, x.value` +
			contacts("contact_attributes x", "") + byContact + `, x.name`
	case "affiliations.csv":
		return `SELECT x.contact_id, x.unit_id, x.created_at` + contacts("contact_affiliations x", "") +
			` AND EXISTS (SELECT 1 FROM unit_closure au WHERE au.descendant_id = x.unit_id AND au.ancestor_id = ` + r + `)` +
			byContact + `, x.unit_id`
	case "memberships.csv":
		return `SELECT m.id, m.contact_id, t.name, m.start_date, m.end_date, m.paid_until, m.pending, m.join_method,
			m.end_reason, m.notes, m.valid_until, m.grace_until, m.new_until, m.vote_from, m.created_at,
			` + userEmail("m.created_by") + `, m.updated_at, ` + userEmail("m.updated_by") +
			contacts("memberships m", "JOIN membership_types t ON t.id = m.type_id") +
			byContact + `, m.start_date, m.id`
	case "notes.csv":
		return `SELECT n.id, n.contact_id, n.body, n.created_at, ` + userEmail("n.created_by") +
			contacts("contact_notes n", "") + byContact + `, n.id`
	case "relationships.csv":
		return `SELECT x.id, x.contact_id, x.other_contact_id, x.kind, x.created_at, ` + userEmail("x.created_by") +
			contacts("relationships x", "JOIN contacts o ON o.id = x.other_contact_id") +
			` AND ` + homedUnder("o", r) + ` AND ` + visibleSQL(a, "o", s, access.ReadContacts) + byContact + `, x.id`
	case "history.jsonl":
		return `SELECT h.id, h.at, h.actor_label, h.action, h.entity_type, h.entity_id, h.contact_id, h.unit_id,
			h.changes, h.redacted` + contacts("audit_log h", "") + byContact + `, h.id`
	}
	return ""
}

// userEmail names the user of a reference column by e-mail, or by the name kept beside it (col_name) for an
// author an archive brought from another Roster; "" (NULL) for none.
func userEmail(col string) string {
	return `COALESCE((SELECT u.email FROM users u WHERE u.id = ` + col + `), ` + col + `_name)`
}

// homedUnder is true when the contact's home unit lies in the subtree of the unit named by placeholder root.
func homedUnder(contactAlias, root string) string {
	return `EXISTS (SELECT 1 FROM unit_closure hu WHERE hu.descendant_id = ` + contactAlias + `.home_unit_id
		AND hu.ancestor_id = ` + root + `)`
}

// archiveCell scans one value into its archive text by the column's type; NULL becomes "".
type archiveCell struct {
	typ string
	out *string
}

func (c archiveCell) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.out = ""
	case time.Time:
		*c.out = c.moment(v)
	case bool:
		*c.out = strconv.FormatBool(v)
	case int64:
		*c.out = c.number(v)
	case int32:
		*c.out = c.number(int64(v))
	case []byte:
		return c.text(string(v))
	case string:
		return c.text(v)
	default:
		return fmt.Errorf("archive: cannot convert %T to %s", src, c.typ)
	}
	return nil
}

func (c archiveCell) moment(t time.Time) string {
	if c.typ == domain.ArchiveDate {
		return t.Format(time.DateOnly)
	}
	return ts(t)
}

func (c archiveCell) number(n int64) string {
	if c.typ == domain.ArchiveBool {
		return strconv.FormatBool(n != 0)
	}
	return strconv.FormatInt(n, 10)
}

// text handles values SQLite keeps as text: dates and timestamps are brought to the archive's form.
func (c archiveCell) text(s string) error {
	switch c.typ {
	case domain.ArchiveDate:
		var d domain.Date
		if err := d.Scan(s); err != nil {
			return err
		}
		*c.out = d.String()
	case domain.ArchiveTimestamp:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return err
		}
		*c.out = ts(t)
	case domain.ArchiveBool:
		b, err := strconv.ParseBool(s)
		*c.out = strconv.FormatBool(b)
		return err
	default:
		*c.out = s
	}
	return nil
}
