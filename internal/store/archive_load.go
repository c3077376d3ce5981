package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// ArchiveLoad writes one unit archive in one transaction: its units below a parent, then its contacts and
// their records. Rows arrive with the archive's ids; each gets a new id, and references to rows loaded before
// are re-pointed. The caller has validated the archive, so a reference to a row it never loaded is an error.
type ArchiveLoad struct {
	q    *Q
	bw   bulkWriter
	root int64 // new id of the archive's root unit

	units, contacts, memberships, notes, relationships map[int64]int64 // archive id → new id
	depth                                              map[int64]int   // new unit id → depth
	types                                              map[string]domain.MembershipType
	users                                              map[string]any // e-mail → user id, nil when unknown here
	tags                                               map[string]int64
	numbers                                            []HomeNumber // member numbers loaded, by new home unit
}

// ArchiveContact is a contact of an archive: ID and HomeUnit.ID are archive ids; CreatedBy, UpdatedBy and
// DeletedBy are e-mail addresses; SortKey is derived.
type ArchiveContact struct {
	domain.Contact
	DeletedBy string
}

// ArchiveEmail, ArchivePhone and ArchiveAddress are entries of a contact's lists at their positions.
type ArchiveEmail struct {
	ContactID int64
	Position  int
	domain.Email
}

type ArchivePhone struct {
	ContactID int64
	Position  int
	domain.Phone
}

type ArchiveAddress struct {
	ContactID int64
	Position  int
	domain.Address
}

// ArchiveFact is a named value of a contact: an external id (Name is the system), a tag (Name only) or an
// attribute.
type ArchiveFact struct {
	ContactID   int64
	Name, Value string
}

// ArchiveAffiliation links a contact to a unit of the archive.
type ArchiveAffiliation struct {
	ContactID, UnitID int64
	CreatedAt         time.Time
}

// ArchiveMembership is a period with its type by name and its authors by e-mail. The derived dates are
// computed again from the type found or created in this database.
type ArchiveMembership struct {
	domain.Membership
	CreatedBy, UpdatedBy string
}

// ArchiveRelationship links two contacts of the archive.
type ArchiveRelationship struct {
	ID, ContactID, OtherID int64
	Kind                   string
	CreatedAt              time.Time
	CreatedBy              string
}

// ArchiveNote is a note of an archive: ID and ContactID are archive ids, CreatedBy an e-mail address.
type ArchiveNote struct {
	ID, ContactID int64
	Body          string
	CreatedAt     time.Time
	CreatedBy     string
}

// ArchiveHistory is an audit entry of the archive with its changes as the JSON text it was stored as.
type ArchiveHistory struct {
	domain.AuditEntry
	RawChanges string // "" for none
}

// LoadArchive runs fn with a loader in one write transaction; everything fn loads commits together or not at
// all. After fn it derives what the database keeps derived: each contact's current membership and the reach
// rows that decide who sees it.
func (s *Store) LoadArchive(ctx context.Context, fn func(l *ArchiveLoad) error) error {
	err := s.withBulkQ(ctx, func(q *Q, bw bulkWriter) error {
		l := &ArchiveLoad{q: q, bw: bw, units: map[int64]int64{}, contacts: map[int64]int64{},
			memberships: map[int64]int64{}, notes: map[int64]int64{}, relationships: map[int64]int64{},
			depth: map[int64]int{}, types: map[string]domain.MembershipType{}, users: map[string]any{},
			tags: map[string]int64{}}
		if err := fn(l); err != nil {
			return err
		}
		if l.root == 0 {
			return fmt.Errorf("archive: no units loaded")
		}
		if _, err := q.exec(ctx, `UPDATE contacts SET current_membership_id = (SELECT m.id FROM memberships m
			WHERE m.contact_id = contacts.id ORDER BY m.start_date DESC, m.id DESC LIMIT 1)
			WHERE home_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = $1)`, l.root); err != nil {
			return err
		}
		return l.reach(ctx)
	})
	if err != nil && !errors.Is(err, ErrUnique) && s.d.isUniqueViolation(err) {
		// A bulk copy reports the database's own error; callers look for ErrUnique.
		return fmt.Errorf("%w: %v", ErrUnique, err)
	}
	return err
}

// reach writes the reach rows of the loaded contacts (see rebuildReach): every unit at or above the home unit,
// and at or above each affiliation. The contacts are new and homed in the new subtree, and only they can be
// affiliated with its units, so plain joins over the subtree do what rebuildReach's general sets do, many
// times faster.
func (l *ArchiveLoad) reach(ctx context.Context) error {
	if _, err := l.q.exec(ctx, `INSERT INTO contact_reach (contact_id, unit_id, sort_key)
		SELECT c.id, uc.ancestor_id, c.sort_key FROM unit_closure sub
		JOIN contacts c ON c.home_unit_id = sub.descendant_id JOIN unit_closure uc ON uc.descendant_id = c.home_unit_id
		WHERE sub.ancestor_id = $1`, l.root); err != nil {
		return err
	}
	_, err := l.q.exec(ctx, `INSERT INTO contact_reach (contact_id, unit_id, sort_key)
		SELECT af.contact_id, uc.ancestor_id, c.sort_key FROM unit_closure sub
		JOIN contact_affiliations af ON af.unit_id = sub.descendant_id JOIN contacts c ON c.id = af.contact_id
		JOIN unit_closure uc ON uc.descendant_id = af.unit_id
		WHERE sub.ancestor_id = $1 ON CONFLICT DO NOTHING`, l.root)
	return err
}

// Q is the loader's transaction, for the audit entry of the import.
func (l *ArchiveLoad) Q() *Q { return l.q }

// ContactCount reports how many contacts were loaded so far.
func (l *ArchiveLoad) ContactCount() int { return len(l.contacts) }

// AdvanceMemberNumbers moves each member-number series past the numbers loaded onto contacts that take their
// numbers from it, where they lie ahead in its range: numbers handed out later must not run into the
// archive's. A series already past them stays where it is.
func (l *ArchiveLoad) AdvanceMemberNumbers(ctx context.Context) error {
	return l.q.advanceMemberNumbers(ctx, l.numbers)
}

// Units writes the archive's units, parents first, below parent (0: the archive's root becomes a root unit),
// and returns the new id of the archive's root. IDs and ParentIDs are archive ids; ParentID 0 marks the root.
func (l *ArchiveLoad) Units(ctx context.Context, units []domain.Unit, parent int64) (int64, error) {
	for _, u := range units {
		p, depth := parent, 0
		if u.ParentID != 0 {
			if p = l.units[u.ParentID]; p == 0 {
				return 0, fmt.Errorf("archive: unit %d comes before its parent %d", u.ID, u.ParentID)
			}
			depth = l.depth[p] + 1
		} else if parent != 0 {
			pu, err := l.q.Unit(ctx, parent)
			if err != nil {
				return 0, err
			}
			depth = pu.Depth + 1
		}
		var id int64
		err := l.q.db.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, kind, code, depth, archived_at,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			nullInt(p), u.Name, u.Kind, nullStr(u.Code), depth, tsOrNil(u.ArchivedAt), ts(u.CreatedAt),
			ts(u.UpdatedAt)).Scan(&id)
		if err != nil {
			return 0, l.q.wrap(err, "INSERT INTO units")
		}
		if _, err := l.q.exec(ctx, `INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
			SELECT ancestor_id, CAST($1 AS BIGINT), depth + 1 FROM unit_closure WHERE descendant_id = $2
			UNION ALL SELECT CAST($1 AS BIGINT), CAST($1 AS BIGINT), 0`, id, p); err != nil {
			return 0, err
		}
		l.units[u.ID], l.depth[id] = id, depth
		if u.ParentID == 0 {
			l.root = id
		}
	}
	return l.root, nil
}

// PostalCodes maps postal codes to units of the archive (UnitID is an archive id).
func (l *ArchiveLoad) PostalCodes(ctx context.Context, list []domain.PostalMapping) error {
	rows := make([][]any, 0, len(list))
	for _, m := range list {
		u, err := l.ref(l.units, "unit", m.UnitID)
		if err != nil {
			return err
		}
		rows = append(rows, []any{m.PostalCode, u, m.Place})
	}
	return l.bw.copy(ctx, "postal_codes", []string{"postal_code", "unit_id", "place"}, rows)
}

// MembershipTypes finds the archive's membership types here by name and creates the missing ones with the
// archive's settings. It returns the names created and those found with other settings than the archive's.
func (l *ArchiveLoad) MembershipTypes(ctx context.Context, types []domain.MembershipType) (created, differing []string, err error) {
	have, err := l.q.MembershipTypes(ctx)
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]domain.MembershipType{}
	for _, t := range have {
		byName[t.Name] = t
	}
	for _, t := range types {
		found, ok := byName[t.Name]
		switch {
		case !ok:
			t.ID = 0
			if err := l.q.SaveMembershipType(ctx, &t); err != nil {
				return nil, nil, err
			}
			found = t
			created = append(created, t.Name)
		case !sameTypeRules(found, t):
			differing = append(differing, t.Name)
		}
		l.types[t.Name] = found
	}
	return created, differing, nil
}

func sameTypeRules(a, b domain.MembershipType) bool {
	return a.DurationMonths == b.DurationMonths && a.GraceDays == b.GraceDays && a.NewDays == b.NewDays &&
		a.Voting == b.Voting && a.VoteAfterDays == b.VoteAfterDays && a.RequiresDues == b.RequiresDues &&
		a.Active == b.Active
}

// Contacts writes a chunk of contacts with new ids.
func (l *ArchiveLoad) Contacts(ctx context.Context, batch []ArchiveContact) error {
	ids, err := l.q.reserveIDs(ctx, "contacts", len(batch))
	if err != nil {
		return err
	}
	d := l.q.d
	rows := make([][]any, 0, len(batch))
	for i, c := range batch {
		home, err := l.ref(l.units, "unit", c.HomeUnit.ID)
		if err != nil {
			return err
		}
		if c.MemberNumber != "" {
			l.numbers = append(l.numbers, HomeNumber{Home: home, Number: c.MemberNumber})
		}
		by, names, err := l.authorsOf(ctx, c.CreatedBy, c.UpdatedBy, c.DeletedBy)
		if err != nil {
			return err
		}
		var deleted any
		if c.DeletedAt != nil {
			deleted = d.bulkTime(*c.DeletedAt)
		}
		l.contacts[c.ID] = ids[i]
		rows = append(rows, []any{ids[i], c.Kind, home, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificPrefix,
			c.HonorificSuffix, c.OrgName, c.DisplayName, c.SortKey, c.Gender, d.bulkDate(c.BirthDate),
			d.bulkDate(c.DeceasedOn), c.Language, nullStr(c.MemberNumber), d.bulkTime(c.CreatedAt), by[0],
			d.bulkTime(c.UpdatedAt), by[1], deleted, by[2], c.Version, names[0], names[1], names[2],
			givenKey(c.GivenName)})
	}
	return l.bw.copy(ctx, "contacts", []string{"id", "kind", "home_unit_id", "given_name", "middle_name",
		"family_name", "honorific_prefix", "honorific_suffix", "organization_name", "display_name", "sort_key",
		"gender", "birth_date", "deceased_on", "language", "member_number", "created_at", "created_by",
		"updated_at", "updated_by", "deleted_at", "deleted_by", "version", "created_by_name", "updated_by_name",
		"deleted_by_name", "given_key"}, rows)
}

// Emails writes e-mail addresses of loaded contacts.
func (l *ArchiveLoad) Emails(ctx context.Context, batch []ArchiveEmail) error {
	rows := make([][]any, 0, len(batch))
	for _, e := range batch {
		c, err := l.ref(l.contacts, "contact", e.ContactID)
		if err != nil {
			return err
		}
		rows = append(rows, []any{c, e.Position, e.Address, domain.Fold(e.Address), e.Label, e.Primary, e.DoNotContact})
	}
	return l.bw.copy(ctx, "contact_emails", []string{"contact_id", "position", "address", "address_key", "label",
		"is_primary", "do_not_contact"}, rows)
}

// Phones writes phone numbers of loaded contacts.
func (l *ArchiveLoad) Phones(ctx context.Context, batch []ArchivePhone) error {
	rows := make([][]any, 0, len(batch))
	for _, p := range batch {
		c, err := l.ref(l.contacts, "contact", p.ContactID)
		if err != nil {
			return err
		}
		rows = append(rows, []any{c, p.Position, p.Number, domain.PhoneKey(p.Number), p.Label, p.Primary, p.DoNotContact})
	}
	return l.bw.copy(ctx, "contact_phones", []string{"contact_id", "position", "number", "number_key", "label",
		"is_primary", "do_not_contact"}, rows)
}

// Addresses writes postal addresses of loaded contacts.
func (l *ArchiveLoad) Addresses(ctx context.Context, batch []ArchiveAddress) error {
	rows := make([][]any, 0, len(batch))
	for _, a := range batch {
		c, err := l.ref(l.contacts, "contact", a.ContactID)
		if err != nil {
			return err
		}
		rows = append(rows, []any{c, a.Position, a.Street, a.Extra, a.PostalCode, a.City, a.Region, a.Country,
			a.Label, a.Primary, a.DoNotContact})
	}
	return l.bw.copy(ctx, "contact_addresses", []string{"contact_id", "position", "street", "extra", "postal_code",
		"city", "region", "country", "label", "is_primary", "do_not_contact"}, rows)
}

// ExternalIDs writes external ids (Name is the system) of loaded contacts.
func (l *ArchiveLoad) ExternalIDs(ctx context.Context, batch []ArchiveFact) error {
	rows, err := l.factRows(batch, func(c int64, f ArchiveFact) []any { return []any{f.Name, f.Value, c} })
	if err != nil {
		return err
	}
	return l.bw.copy(ctx, "contact_external_ids", []string{"system", "value", "contact_id"}, rows)
}

// Attributes writes named facts of loaded contacts.
func (l *ArchiveLoad) Attributes(ctx context.Context, batch []ArchiveFact) error {
	rows, err := l.factRows(batch, func(c int64, f ArchiveFact) []any { return []any{c, f.Name, f.Value} })
	if err != nil {
		return err
	}
	return l.bw.copy(ctx, "contact_attributes", []string{"contact_id", "name", "value"}, rows)
}

// Tags tags loaded contacts (Name is the tag), creating tags this database lacks; a tag it has under another
// spelling is used as it is spelled here.
func (l *ArchiveLoad) Tags(ctx context.Context, batch []ArchiveFact) error {
	rows := make([][]any, 0, len(batch))
	for _, f := range batch {
		c, err := l.ref(l.contacts, "contact", f.ContactID)
		if err != nil {
			return err
		}
		key := domain.Fold(f.Name)
		id, ok := l.tags[key]
		if !ok {
			if id, err = l.q.ensureTag(ctx, f.Name); err != nil {
				return err
			}
			l.tags[key] = id
		}
		rows = append(rows, []any{c, id})
	}
	return l.bw.copy(ctx, "contact_tags", []string{"contact_id", "tag_id"}, rows)
}

// Affiliations links loaded contacts to units of the archive.
func (l *ArchiveLoad) Affiliations(ctx context.Context, batch []ArchiveAffiliation) error {
	rows := make([][]any, 0, len(batch))
	for _, a := range batch {
		c, err := l.ref(l.contacts, "contact", a.ContactID)
		if err != nil {
			return err
		}
		u, err := l.ref(l.units, "unit", a.UnitID)
		if err != nil {
			return err
		}
		rows = append(rows, []any{c, u, l.q.d.bulkTime(a.CreatedAt)})
	}
	return l.bw.copy(ctx, "contact_affiliations", []string{"contact_id", "unit_id", "created_at"}, rows)
}

func (l *ArchiveLoad) factRows(batch []ArchiveFact, row func(contact int64, f ArchiveFact) []any) ([][]any, error) {
	rows := make([][]any, 0, len(batch))
	for _, f := range batch {
		c, err := l.ref(l.contacts, "contact", f.ContactID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row(c, f))
	}
	return rows, nil
}

// ref maps an archive id to the new id of a row loaded before.
func (l *ArchiveLoad) ref(m map[int64]int64, what string, id int64) (int64, error) {
	if n, ok := m[id]; ok {
		return n, nil
	}
	return 0, fmt.Errorf("archive: %s %d was not loaded", what, id)
}

// authorsOf maps the authors an archive names by e-mail to the ids of this database's users with them. An
// author without a user here is kept by name instead (the e-mail address), so that who created and changed a
// record is not lost: ids are nil then, names are nil for authors found here and for none.
func (l *ArchiveLoad) authorsOf(ctx context.Context, emails ...string) (ids, names []any, err error) {
	ids, names = make([]any, len(emails)), make([]any, len(emails))
	for i, e := range emails {
		if e == "" {
			continue
		}
		v, ok := l.users[e]
		if !ok {
			var id int64
			if _, err := one(l.q.db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, strings.ToLower(e)), &id); err != nil {
				return nil, nil, err
			}
			v = nullInt(id)
			l.users[e] = v
		}
		ids[i] = v
		if v == nil {
			names[i] = e
		}
	}
	return ids, names, nil
}
