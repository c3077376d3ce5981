package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

const contactCols = `c.id, c.kind, c.home_unit_id, hu.name, c.given_name, c.middle_name, c.family_name,
	c.honorific_prefix, c.honorific_suffix, c.organization_name, c.display_name, c.sort_key, c.gender,
	c.birth_date, c.deceased_on, c.language, COALESCE(c.member_number, ''), c.created_at,
	COALESCE(cb.email, c.created_by_name, ''), c.updated_at, COALESCE(ub.email, c.updated_by_name, ''), c.deleted_at,
	c.version`

const contactFrom = ` FROM contacts c JOIN units hu ON hu.id = c.home_unit_id
	LEFT JOIN users cb ON cb.id = c.created_by LEFT JOIN users ub ON ub.id = c.updated_by`

func scanContact(sc interface{ Scan(...any) error }) (*domain.Contact, error) {
	c := &domain.Contact{}
	err := sc.Scan(&c.ID, &c.Kind, &c.HomeUnit.ID, &c.HomeUnit.Name, &c.GivenName, &c.MiddleName, &c.FamilyName,
		&c.HonorificPrefix, &c.HonorificSuffix, &c.OrgName, &c.DisplayName, &c.SortKey, &c.Gender,
		&c.BirthDate, &c.DeceasedOn, &c.Language, &c.MemberNumber, reqTime{&c.CreatedAt},
		&c.CreatedBy, reqTime{&c.UpdatedAt}, &c.UpdatedBy, timeScan{&c.DeletedAt}, &c.Version)
	return c, err
}

// Contact reads one contact with all its lists, if cap of scope reaches it; otherwise ErrNotFound. Trashed
// contacts are returned with DeletedAt set.
func (q *Q) Contact(ctx context.Context, s access.Scope, cap access.Capability, id int64) (*domain.Contact, error) {
	return q.contact(ctx, s, cap, id, "")
}

// contact is Contact with a suffix for the query (a row lock).
func (q *Q) contact(ctx context.Context, s access.Scope, cap access.Capability, id int64, suffix string) (*domain.Contact, error) {
	var a args
	idp := a.add(id)
	pred := scopePredicate(&a, "c", s, cap)
	c, err := scanContact(q.db.QueryRowContext(ctx, `SELECT `+contactCols+contactFrom+
		` WHERE c.id = `+idp+` AND `+pred+suffix, a.list...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotFound
	}
	if err != nil {
		return nil, q.wrap(err, "SELECT contact")
	}
	return c, q.loadContactLists(ctx, s, c)
}

// loadContactLists fills emails, phones, addresses, external ids, tags, affiliations and attributes of a
// contact that the caller has already found visible.
func (q *Q) loadContactLists(ctx context.Context, s access.Scope, c *domain.Contact) error {
	return q.loadLists(ctx, map[int64]*domain.Contact{c.ID: c})
}

// Contacts reads several contacts with all their lists, those of ids that cap of scope reaches; the others
// are missing from the result. Each list takes one query for all of them.
func (q *Q) Contacts(ctx context.Context, s access.Scope, cap access.Capability, ids []int64) (map[int64]*domain.Contact, error) {
	out := map[int64]*domain.Contact{}
	for start := 0; start < len(ids); start += 1000 {
		var a args
		in := a.in(ids[start:min(start+1000, len(ids))])
		pred := scopePredicate(&a, "c", s, cap)
		rows, err := q.query(ctx, `SELECT `+contactCols+contactFrom+` WHERE c.id IN `+in+` AND `+pred, a.list...)
		if err != nil {
			return nil, err
		}
		part := map[int64]*domain.Contact{}
		err = eachRow(rows, func() error {
			c, err := scanContact(rows)
			part[c.ID] = c
			return err
		})
		if err != nil {
			return nil, err
		}
		if err := q.loadLists(ctx, part); err != nil {
			return nil, err
		}
		for id, c := range part {
			out[id] = c
		}
	}
	return out, nil
}

// loadLists fills the lists of the given contacts, one query per list.
func (q *Q) loadLists(ctx context.Context, cs map[int64]*domain.Contact) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(cs))
	for id, c := range cs {
		ids = append(ids, id)
		c.Emails, c.Phones, c.Addresses, c.ExternalIDs = []domain.Email{}, []domain.Phone{}, []domain.Address{}, []domain.ExternalID{}
		c.Tags, c.Affiliations, c.Attributes = []string{}, []domain.UnitRef{}, map[string]string{}
	}
	// Each query's first column is the contact id.
	lists := []struct {
		query string
		row   func(rows *sql.Rows) error
	}{
		{`SELECT contact_id, address, label, is_primary, do_not_contact FROM contact_emails
			WHERE contact_id IN $IDS ORDER BY contact_id, position`, func(rows *sql.Rows) error {
			var id int64
			var e domain.Email
			if err := rows.Scan(&id, &e.Address, &e.Label, &e.Primary, &e.DoNotContact); err != nil {
				return err
			}
			cs[id].Emails = append(cs[id].Emails, e)
			return nil
		}},
		{`SELECT contact_id, number, label, is_primary, do_not_contact FROM contact_phones
			WHERE contact_id IN $IDS ORDER BY contact_id, position`, func(rows *sql.Rows) error {
			var id int64
			var p domain.Phone
			if err := rows.Scan(&id, &p.Number, &p.Label, &p.Primary, &p.DoNotContact); err != nil {
				return err
			}
			cs[id].Phones = append(cs[id].Phones, p)
			return nil
		}},
		{`SELECT contact_id, street, extra, postal_code, city, region, country, label, is_primary, do_not_contact
			FROM contact_addresses WHERE contact_id IN $IDS ORDER BY contact_id, position`, func(rows *sql.Rows) error {
			var id int64
			var ad domain.Address
			if err := rows.Scan(&id, &ad.Street, &ad.Extra, &ad.PostalCode, &ad.City, &ad.Region, &ad.Country, &ad.Label,
				&ad.Primary, &ad.DoNotContact); err != nil {
				return err
			}
			cs[id].Addresses = append(cs[id].Addresses, ad)
			return nil
		}},
		{`SELECT contact_id, system, value FROM contact_external_ids WHERE contact_id IN $IDS
			ORDER BY contact_id, system, value`, func(rows *sql.Rows) error {
			var id int64
			var x domain.ExternalID
			if err := rows.Scan(&id, &x.System, &x.Value); err != nil {
				return err
			}
			cs[id].ExternalIDs = append(cs[id].ExternalIDs, x)
			return nil
		}},
		{`SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
			WHERE ct.contact_id IN $IDS ORDER BY ct.contact_id, t.name_key`, func(rows *sql.Rows) error {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				return err
			}
			cs[id].Tags = append(cs[id].Tags, t)
			return nil
		}},
		{`SELECT af.contact_id, u.id, u.name FROM contact_affiliations af JOIN units u ON u.id = af.unit_id
			WHERE af.contact_id IN $IDS ORDER BY af.contact_id, u.name, u.id`, func(rows *sql.Rows) error {
			var id int64
			var u domain.UnitRef
			if err := rows.Scan(&id, &u.ID, &u.Name); err != nil {
				return err
			}
			cs[id].Affiliations = append(cs[id].Affiliations, u)
			return nil
		}},
		{`SELECT contact_id, name, value FROM contact_attributes WHERE contact_id IN $IDS ORDER BY contact_id, name`,
			func(rows *sql.Rows) error {
				var id int64
				var k, v string
				if err := rows.Scan(&id, &k, &v); err != nil {
					return err
				}
				cs[id].Attributes[k] = v
				return nil
			}},
	}
	for _, l := range lists {
		var a args
		rows, err := q.query(ctx, strings.Replace(l.query, "$IDS", a.in(ids), 1), a.list...)
		if err != nil {
			return err
		}
		if err := eachRow(rows, func() error { return l.row(rows) }); err != nil {
			return err
		}
	}
	return nil
}

// SetAttribute stores one named fact for the contacts of set that have a value in values, and returns how
// many it stored; an empty value removes the fact.
func (q *Q) SetAttribute(ctx context.Context, set *ScopedIDs, name string, values map[int64]string) (int, error) {
	ids, err := q.scopedSet(set, access.WriteContacts)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		v, ok := values[id]
		if !ok {
			continue
		}
		if err := q.setAttributes(ctx, id, map[string]string{name: v}, 0); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ReplaceAttributes makes a contact's named facts exactly attrs.
func (q *Q) ReplaceAttributes(ctx context.Context, sc *ScopedContact, attrs map[string]string) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	if _, err := q.exec(ctx, `DELETE FROM contact_attributes WHERE contact_id = $1`, id); err != nil {
		return err
	}
	return q.setAttributes(ctx, id, attrs, 0)
}

// setAttributes stores named facts of a contact whose scope the caller has checked; an empty value removes
// the fact. batch is the import that sets them, 0 for anyone else.
func (q *Q) setAttributes(ctx context.Context, contactID int64, attrs map[string]string, batch int64) error {
	for k, v := range attrs {
		if _, err := q.exec(ctx, `DELETE FROM contact_attributes WHERE contact_id = $1 AND name = $2`, contactID, k); err != nil {
			return err
		}
		if v == "" {
			continue
		}
		if _, err := q.exec(ctx, `INSERT INTO contact_attributes (contact_id, name, value, import_batch_id)
			VALUES ($1, $2, $3, $4)`, contactID, k, v, nullInt(batch)); err != nil {
			return err
		}
	}
	return nil
}

// eachRow calls fn for every row and closes rows.
func eachRow(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// InsertContact writes a new contact with its lists and reach rows, if its home unit lies in the write scope
// of s (otherwise a field error on home_unit_id: nobody saves a record they then cannot see), and returns it
// scoped for further writes in the same transaction.
func (q *Q) InsertContact(ctx context.Context, s access.Scope, c *domain.Contact, actor int64) (*ScopedContact, error) {
	if err := q.homeUnitInScope(ctx, s, c.HomeUnit.ID); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt, c.Version = q.now, q.now, 1
	err := q.db.QueryRowContext(ctx, `INSERT INTO contacts (kind, home_unit_id, given_name, middle_name, family_name,
		honorific_prefix, honorific_suffix, organization_name, display_name, sort_key, gender, birth_date,
		deceased_on, language, member_number, created_at, created_by, updated_at, updated_by, version, given_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $17, 1, $18)
		RETURNING id`,
		c.Kind, c.HomeUnit.ID, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificPrefix, c.HonorificSuffix,
		c.OrgName, c.DisplayName, c.SortKey, c.Gender, c.BirthDate, c.DeceasedOn, c.Language,
		nullStr(c.MemberNumber), ts(q.now), nullInt(actor), givenKey(c.GivenName)).Scan(&c.ID)
	if err != nil {
		return nil, q.wrap(err, "INSERT INTO contacts")
	}
	if err := q.writeContactLists(ctx, c, false); err != nil {
		return nil, err
	}
	if err := q.rebuildReach(ctx, oneContact, c.ID); err != nil {
		return nil, err
	}
	if c.MemberNumber != "" {
		if err := q.advanceMemberNumbers(ctx, []HomeNumber{{c.HomeUnit.ID, c.MemberNumber}}); err != nil {
			return nil, err
		}
	}
	return &ScopedContact{q: q, id: c.ID, cap: access.WriteContacts, scope: s, c: c}, nil
}

// homeUnitInScope fails with a field error unless unit lies in the write scope of s.
func (q *Q) homeUnitInScope(ctx context.Context, s access.Scope, unit int64) error {
	ok, err := q.IsUnder(ctx, unit, s.Roots(access.WriteContacts))
	if err != nil {
		return err
	}
	if !ok {
		return domain.Invalid("home_unit_id", "unit_out_of_scope")
	}
	return nil
}

// UpdateContact writes the changed fields and lists of the contact sc as c and bumps its version; sc then
// holds c. A new home unit must lie in the write scope too. When the stored version is no longer the one sc
// read, it returns ErrConflict.
func (q *Q) UpdateContact(ctx context.Context, sc *ScopedContact, c *domain.Contact, actor int64) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	if c.ID != id {
		return errUnscoped
	}
	prev := sc.c
	if c.HomeUnit.ID != prev.HomeUnit.ID {
		if err := q.homeUnitInScope(ctx, sc.scope, c.HomeUnit.ID); err != nil {
			return err
		}
	}
	if err := q.updateContactRow(ctx, sc.scope, c, prev, actor); err != nil {
		return err
	}
	if err := q.advanceMemberNumbers(ctx, newMemberNumber(c, prev)); err != nil {
		return err
	}
	if err := q.writeContactLists(ctx, c, true); err != nil {
		return err
	}
	sc.c = c
	if c.HomeUnit.ID != prev.HomeUnit.ID || !sameUnits(c.Affiliations, prev.Affiliations) {
		return q.rebuildReach(ctx, oneContact, id)
	}
	if c.SortKey != prev.SortKey {
		return q.updateReachSortKey(ctx, id, c.SortKey)
	}
	return nil
}

// updateContactRow writes a contact's own fields and bumps its version, if the stored version is still prev's
// and the stored home unit lies in the write scope of s; otherwise ErrConflict: the contact changed, or moved
// out of reach, since it was read.
func (q *Q) updateContactRow(ctx context.Context, s access.Scope, c *domain.Contact, prev *domain.Contact, actor int64) error {
	a := args{list: []any{c.ID, c.Kind, c.HomeUnit.ID, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificPrefix,
		c.HonorificSuffix, c.OrgName, c.DisplayName, c.SortKey, c.Gender, c.BirthDate, c.DeceasedOn, c.Language,
		nullStr(c.MemberNumber), ts(q.now), nullInt(actor), prev.Version, givenKey(c.GivenName)}}
	res, err := q.exec(ctx, `UPDATE contacts SET kind = $2, home_unit_id = $3, given_name = $4, middle_name = $5,
		family_name = $6, honorific_prefix = $7, honorific_suffix = $8, organization_name = $9, display_name = $10,
		sort_key = $11, gender = $12, birth_date = $13, deceased_on = $14, language = $15, member_number = $16,
		updated_at = $17, updated_by = $18, updated_by_name = NULL, version = version + 1, given_key = $20
		WHERE id = $1 AND version = $19 AND `+homeInScopeSQL(&a, "contacts", s, access.WriteContacts), a.list...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrConflict
	}
	c.Version, c.UpdatedAt = prev.Version+1, q.now
	return nil
}

// newMemberNumber returns the member number c has and prev had not, with c's home unit, for
// advanceMemberNumbers; nil when there is none.
func newMemberNumber(c, prev *domain.Contact) []HomeNumber {
	if c.MemberNumber == "" || c.MemberNumber == prev.MemberNumber && c.HomeUnit.ID == prev.HomeUnit.ID {
		return nil
	}
	return []HomeNumber{{c.HomeUnit.ID, c.MemberNumber}}
}

func sameUnits(a, b []domain.UnitRef) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int64]bool{}
	for _, u := range a {
		seen[u.ID] = true
	}
	for _, u := range b {
		if !seen[u.ID] {
			return false
		}
	}
	return true
}

// writeContactLists replaces the lists of a contact (after deleting the old ones when replace is set).
func (q *Q) writeContactLists(ctx context.Context, c *domain.Contact, replace bool) error {
	if replace {
		for _, t := range []string{"contact_emails", "contact_phones", "contact_addresses", "contact_external_ids",
			"contact_tags", "contact_affiliations"} {
			if _, err := q.exec(ctx, `DELETE FROM `+t+` WHERE contact_id = $1`, c.ID); err != nil {
				return err
			}
		}
	}
	for i, e := range c.Emails {
		if _, err := q.exec(ctx, `INSERT INTO contact_emails (contact_id, position, address, address_key, label,
			is_primary, do_not_contact) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			c.ID, i, e.Address, domain.Fold(e.Address), e.Label, e.Primary, e.DoNotContact); err != nil {
			return err
		}
	}
	for i, p := range c.Phones {
		if _, err := q.exec(ctx, `INSERT INTO contact_phones (contact_id, position, number, number_key, label,
			is_primary, do_not_contact) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			c.ID, i, p.Number, domain.PhoneKey(p.Number), p.Label, p.Primary, p.DoNotContact); err != nil {
			return err
		}
	}
	for i, ad := range c.Addresses {
		if _, err := q.exec(ctx, `INSERT INTO contact_addresses (contact_id, position, street, extra, postal_code,
			city, region, country, label, is_primary, do_not_contact)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			c.ID, i, ad.Street, ad.Extra, ad.PostalCode, ad.City, ad.Region, ad.Country, ad.Label, ad.Primary,
			ad.DoNotContact); err != nil {
			return err
		}
	}
	for _, x := range c.ExternalIDs {
		if _, err := q.exec(ctx, `INSERT INTO contact_external_ids (system, value, contact_id) VALUES ($1, $2, $3)`,
			x.System, x.Value, c.ID); err != nil {
			return err
		}
	}
	for _, name := range c.Tags {
		id, err := q.ensureTag(ctx, name)
		if err != nil {
			return err
		}
		if _, err := q.exec(ctx, `INSERT INTO contact_tags (contact_id, tag_id) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, c.ID, id); err != nil {
			return err
		}
	}
	for _, u := range c.Affiliations {
		if _, err := q.exec(ctx, `INSERT INTO contact_affiliations (contact_id, unit_id, created_at) VALUES ($1, $2, $3)`,
			c.ID, u.ID, ts(q.now)); err != nil {
			return err
		}
	}
	return nil
}

// ensureTag returns the id of the tag named name (case-insensitively), creating it when new.
func (q *Q) ensureTag(ctx context.Context, name string) (int64, error) {
	key := domain.Fold(name)
	var id int64
	err := q.db.QueryRowContext(ctx, `SELECT id FROM tags WHERE name_key = $1`, key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	err = q.db.QueryRowContext(ctx, `INSERT INTO tags (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id`,
		name, key, ts(q.now)).Scan(&id)
	return id, q.wrapNil(err, "INSERT INTO tags")
}

func (q *Q) wrapNil(err error, what string) error {
	if err == nil {
		return nil
	}
	return q.wrap(err, what)
}

// TrashContact moves a contact to the trash, or back out of it when restore is set.
func (q *Q) TrashContact(ctx context.Context, sc *ScopedContact, restore bool, actor int64) error {
	id, err := q.scoped(sc, access.WriteContacts)
	if err != nil {
		return err
	}
	var at, by any
	if !restore {
		at, by = ts(q.now), nullInt(actor)
	}
	_, err = q.exec(ctx, `UPDATE contacts SET deleted_at = $2, deleted_by = $3, deleted_by_name = NULL, updated_at = $4,
		updated_by = $5, updated_by_name = NULL, version = version + 1 WHERE id = $1`, id, at, by, ts(q.now), nullInt(actor))
	return err
}

// PurgeContact deletes a contact, read in scope for purging, and everything hanging off it, and strips the
// personal data from its audit entries, keeping who did what and when.
func (q *Q) PurgeContact(ctx context.Context, sc *ScopedContact) error {
	id, err := q.scoped(sc, access.PurgeContacts)
	if err != nil {
		return err
	}
	if _, err := q.exec(ctx, `UPDATE audit_log SET changes = NULL, redacted = TRUE WHERE contact_id = $1`, id); err != nil {
		return err
	}
	return q.deleteContacts(ctx, []int64{id})
}

// MemberNumberTaken reports whether another contact holds the member number.
func (q *Q) MemberNumberTaken(ctx context.Context, number string, except int64) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE member_number = $1 AND id <> $2`,
		number, except).Scan(&n)
	return n > 0, err
}

// ExternalIDOwner returns the contact holding an external id, 0 when none.
func (q *Q) ExternalIDOwner(ctx context.Context, x domain.ExternalID) (int64, error) {
	var id int64
	_, err := one(q.db.QueryRowContext(ctx, `SELECT contact_id FROM contact_external_ids WHERE system = $1 AND value = $2`,
		x.System, x.Value), &id)
	return id, err
}
