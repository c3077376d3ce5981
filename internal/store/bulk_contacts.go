package store

import (
	"context"
	"fmt"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// NewContact is one contact of a bulk load with its membership periods. The caller has validated it; the
// load assigns the ids.
type NewContact struct {
	Contact     domain.Contact
	Memberships []domain.Membership
	Notes       []string          // added as notes by the load's actor
	Attributes  map[string]string // named facts
	Dropped     bool              // found unfit after all: not written
}

// BulkInsertContacts writes many new contacts with their lists, memberships and reach rows in one
// transaction, for demo data and benchmarks: explicit ids, reach rows computed in memory from the unit tree,
// and the database's fastest load path. One audit entry records the batch. It returns the ids assigned.
func (s *Store) BulkInsertContacts(ctx context.Context, batch []NewContact, audit domain.AuditEntry) ([]int64, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	tree, err := s.loadAncestry(ctx)
	if err != nil {
		return nil, err
	}
	tagIDs, err := s.bulkTags(ctx, batch)
	if err != nil {
		return nil, err
	}
	var ids []int64
	err = s.withBulk(ctx, func(bw bulkWriter) error {
		now := s.Now()
		var nextContact, nextMembership int64
		if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM contacts`).Scan(&nextContact); err != nil {
			return err
		}
		if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM memberships`).Scan(&nextMembership); err != nil {
			return err
		}
		r := newBulkRows(s.d, now)
		for i := range batch {
			nc := &batch[i]
			nc.Contact.ID = nextContact
			nextContact++
			ids = append(ids, nc.Contact.ID)
			var current int64
			for j := range nc.Memberships {
				nc.Memberships[j].ID = nextMembership
				nc.Memberships[j].ContactID = nc.Contact.ID
				nextMembership++
				if current == 0 || !nc.Memberships[j].StartDate.Before(latestStart(nc.Memberships, current)) {
					current = nc.Memberships[j].ID
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
		if err := s.d.syncSequences(ctx, bw.q(), "contacts", "memberships", "contact_emails", "contact_phones", "contact_addresses"); err != nil {
			return err
		}
		changes := fmt.Sprintf(`{"contacts": {"old": 0, "new": %d}, "first_id": {"old": null, "new": %d}}`, len(batch), ids[0])
		return bw.copy(ctx, "audit_log", []string{"at", "actor_label", "action", "entity_type", "entity_id", "changes"},
			[][]any{{r.now, audit.ActorName, audit.Action, audit.EntityType, ids[0], changes}})
	})
	if err != nil {
		return ids, err
	}
	// The bulk writer reads nothing (SQLite's writes rows only): the member-number series follow the numbers
	// the batch wrote in a transaction of their own.
	var numbers []HomeNumber
	for _, nc := range batch {
		if nc.Contact.MemberNumber != "" {
			numbers = append(numbers, HomeNumber{nc.Contact.HomeUnit.ID, nc.Contact.MemberNumber})
		}
	}
	return ids, s.Write(ctx, func(q *Q) error { return q.advanceMemberNumbers(ctx, numbers) })
}

func latestStart(ms []domain.Membership, id int64) domain.Date {
	for _, m := range ms {
		if m.ID == id {
			return m.StartDate
		}
	}
	return domain.Date{}
}

// loadAncestry maps each unit to itself and its ancestors.
func (s *Store) loadAncestry(ctx context.Context) (map[int64][]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT descendant_id, ancestor_id FROM unit_closure`)
	if err != nil {
		return nil, err
	}
	tree := map[int64][]int64{}
	err = eachRow(rows, func() error {
		var d, a int64
		err := rows.Scan(&d, &a)
		tree[d] = append(tree[d], a)
		return err
	})
	return tree, err
}

// bulkTags makes sure every tag of the batch exists and returns their ids by name.
func (s *Store) bulkTags(ctx context.Context, batch []NewContact) (map[string]int64, error) {
	ids := map[string]int64{}
	err := s.Write(ctx, func(q *Q) error {
		for _, nc := range batch {
			for _, t := range nc.Contact.Tags {
				if _, ok := ids[t]; ok {
					continue
				}
				id, err := q.ensureTag(ctx, t)
				if err != nil {
					return err
				}
				ids[t] = id
			}
		}
		return nil
	})
	return ids, err
}

type bulkTable struct {
	name string
	cols []string
	rows [][]any
}

type bulkRows struct {
	d     dialect
	now   any
	actor any // the user the rows are created by; nil for generated data
	batch any // the import batch that writes them, or nil
	t     map[string]*bulkTable
	list  []*bulkTable
}

func newBulkRows(d dialect, now time.Time) *bulkRows {
	r := &bulkRows{d: d, now: d.bulkTime(now), t: map[string]*bulkTable{}}
	for _, t := range []bulkTable{
		{name: "contacts", cols: []string{"id", "kind", "home_unit_id", "given_name", "middle_name", "family_name",
			"honorific_prefix", "honorific_suffix", "organization_name", "display_name", "sort_key", "gender",
			"birth_date", "deceased_on", "language", "member_number", "current_membership_id", "created_at",
			"created_by", "updated_at", "updated_by", "version", "given_key"}},
		{name: "contact_emails", cols: []string{"contact_id", "position", "address", "address_key", "label", "is_primary", "do_not_contact"}},
		{name: "contact_phones", cols: []string{"contact_id", "position", "number", "number_key", "label", "is_primary", "do_not_contact"}},
		{name: "contact_addresses", cols: []string{"contact_id", "position", "street", "extra", "postal_code", "city",
			"region", "country", "label", "is_primary", "do_not_contact"}},
		{name: "contact_tags", cols: []string{"contact_id", "tag_id"}},
		{name: "contact_external_ids", cols: []string{"system", "value", "contact_id"}},
		{name: "contact_attributes", cols: []string{"contact_id", "name", "value", "import_batch_id"}},
		{name: "contact_notes", cols: []string{"contact_id", "body", "created_at", "created_by", "import_batch_id"}},
		{name: "contact_affiliations", cols: []string{"contact_id", "unit_id", "created_at"}},
		{name: "memberships", cols: []string{"id", "contact_id", "type_id", "start_date", "end_date", "paid_until",
			"pending", "join_method", "end_reason", "notes", "valid_until", "grace_until", "new_until", "vote_from",
			"created_at", "updated_at"}},
		{name: "contact_reach", cols: []string{"contact_id", "unit_id", "sort_key"}},
	} {
		tt := t
		r.t[t.name] = &tt
		r.list = append(r.list, &tt)
	}
	return r
}

func (r *bulkRows) tables() []*bulkTable { return r.list }

func (r *bulkRows) row(table string, vals ...any) { r.t[table].rows = append(r.t[table].rows, vals) }

func (r *bulkRows) add(nc *NewContact, current int64, tree map[int64][]int64, tags map[string]int64) error {
	c := &nc.Contact
	var cur any
	if current != 0 {
		cur = current
	}
	r.row("contacts", c.ID, c.Kind, c.HomeUnit.ID, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificPrefix,
		c.HonorificSuffix, c.OrgName, c.DisplayName, c.SortKey, c.Gender, r.d.bulkDate(c.BirthDate),
		r.d.bulkDate(c.DeceasedOn), c.Language, nullStr(c.MemberNumber), cur, r.now, r.actor, r.now, r.actor, 1,
		givenKey(c.GivenName))
	r.addLists(c, tags)
	for k, v := range nc.Attributes {
		r.row("contact_attributes", c.ID, k, v, r.batch)
	}
	for _, n := range nc.Notes {
		r.row("contact_notes", c.ID, n, r.now, r.actor, r.batch)
	}
	reach := map[int64]bool{}
	units := []int64{c.HomeUnit.ID}
	for _, a := range c.Affiliations {
		r.row("contact_affiliations", c.ID, a.ID, r.now)
		units = append(units, a.ID)
	}
	for _, u := range units {
		anc, ok := tree[u]
		if !ok {
			return fmt.Errorf("contact %q: unknown unit %d", c.DisplayName, u)
		}
		for _, a := range anc {
			if !reach[a] {
				reach[a] = true
				r.row("contact_reach", c.ID, a, c.SortKey)
			}
		}
	}
	for _, m := range nc.Memberships {
		r.row("memberships", m.ID, m.ContactID, m.TypeID, r.d.bulkDate(m.StartDate), r.d.bulkDate(m.EndDate),
			r.d.bulkDate(m.PaidUntil), m.Pending, m.JoinMethod, m.EndReason, m.Notes, r.d.bulkDate(m.ValidUntil),
			r.d.bulkDate(m.GraceUntil), r.d.bulkDate(m.NewUntil), r.d.bulkDate(m.VoteFrom), r.now, r.now)
	}
	return nil
}

// addLists adds the rows of a contact's lists: e-mails, phones, addresses, tags and external ids.
func (r *bulkRows) addLists(c *domain.Contact, tags map[string]int64) {
	for i, e := range c.Emails {
		r.row("contact_emails", c.ID, i, e.Address, domain.Fold(e.Address), e.Label, e.Primary, e.DoNotContact)
	}
	for i, p := range c.Phones {
		r.row("contact_phones", c.ID, i, p.Number, domain.PhoneKey(p.Number), p.Label, p.Primary, p.DoNotContact)
	}
	for i, a := range c.Addresses {
		r.row("contact_addresses", c.ID, i, a.Street, a.Extra, a.PostalCode, a.City, a.Region, a.Country, a.Label,
			a.Primary, a.DoNotContact)
	}
	for _, t := range c.Tags {
		r.row("contact_tags", c.ID, tags[t])
	}
	for _, x := range c.ExternalIDs {
		r.row("contact_external_ids", x.System, x.Value, c.ID)
	}
}
