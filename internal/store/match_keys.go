package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// MatchRecord is what duplicate matching compares of a stored contact: its name parts, birth date and member
// number. Lists come separately (see EachMatchList).
type MatchRecord struct {
	ID           int64
	GivenName    string
	FamilyName   string
	BirthDate    domain.Date
	MemberNumber string
	OrgName      string // organizations and households only
}

// EachMatchRecord streams the live contacts visible to the scope to fn in id order, for building a duplicate
// index.
func (q *Q) EachMatchRecord(ctx context.Context, s access.Scope, fn func(MatchRecord) error) error {
	var a args
	rows, err := q.query(ctx, `SELECT c.id, c.given_name, c.family_name, c.birth_date, COALESCE(c.member_number, ''),
		CASE WHEN c.kind = 'person' THEN '' ELSE c.organization_name END
		FROM contacts c WHERE c.deleted_at IS NULL AND `+visibleSQL(&a, "c", s, access.ReadContacts)+` ORDER BY c.id`, a.list...)
	if err != nil {
		return err
	}
	var r MatchRecord
	return eachRow(rows, func() error {
		if err := rows.Scan(&r.ID, &r.GivenName, &r.FamilyName, &r.BirthDate, &r.MemberNumber, &r.OrgName); err != nil {
			return err
		}
		return fn(r)
	})
}

// Lists that duplicate matching reads besides the contact row.
const (
	MatchListEmails      = "emails"       // value: the folded address
	MatchListAddresses   = "addresses"    // value: postal code, extra: street
	MatchListExternalIDs = "external_ids" // value: system, extra: the id
)

// EachMatchList streams one list of the live contacts visible to the scope to fn as (contact, value, extra).
func (q *Q) EachMatchList(ctx context.Context, s access.Scope, list string, fn func(id int64, value, extra string) error) error {
	var sel string
	switch list {
	case MatchListEmails:
		sel = `SELECT x.contact_id, x.address_key, '' FROM contact_emails x`
	case MatchListAddresses:
		sel = `SELECT x.contact_id, x.postal_code, x.street FROM contact_addresses x`
	case MatchListExternalIDs:
		sel = `SELECT x.contact_id, x.system, x.value FROM contact_external_ids x`
	default:
		panic("unknown match list " + list) // programming error
	}
	var a args
	rows, err := q.query(ctx, sel+` JOIN contacts c ON c.id = x.contact_id
		WHERE c.deleted_at IS NULL AND `+visibleSQL(&a, "c", s, access.ReadContacts), a.list...)
	if err != nil {
		return err
	}
	var (
		id           int64
		value, extra string
	)
	return eachRow(rows, func() error {
		if err := rows.Scan(&id, &value, &extra); err != nil {
			return err
		}
		return fn(id, value, extra)
	})
}

// SampledContact is a stored contact's name and primary e-mail address.
type SampledContact struct {
	GivenName, FamilyName, Email string
}

// SampleContacts returns up to n live persons with an e-mail address, spread over the table (every k-th by
// id), for generating benchmark files that match existing contacts.
func (q *Q) SampleContacts(ctx context.Context, n int) ([]SampledContact, error) {
	if n <= 0 {
		return nil, nil
	}
	var total int
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts`).Scan(&total); err != nil {
		return nil, err
	}
	step := max(1, total/n/2)
	rows, err := q.query(ctx, `SELECT c.given_name, c.family_name, e.address FROM contacts c
		JOIN contact_emails e ON e.contact_id = c.id AND e.is_primary
		WHERE c.deleted_at IS NULL AND c.kind = 'person' AND c.id % $1 = 0 ORDER BY c.id LIMIT $2`, step, n)
	if err != nil {
		return nil, err
	}
	var out []SampledContact
	err = eachRow(rows, func() error {
		var s SampledContact
		err := rows.Scan(&s.GivenName, &s.FamilyName, &s.Email)
		out = append(out, s)
		return err
	})
	return out, err
}

// ContactPlace is a contact's home unit and primary postal address, for enrichment.
type ContactPlace struct {
	ID         int64
	HomeUnit   int64
	Display    string
	PostalCode string
	Country    string
}

// EachContactPlace streams the live contacts whose home unit lies in the scope's write roots and that have a
// primary address with a postal code.
func (q *Q) EachContactPlace(ctx context.Context, s access.Scope, fn func(ContactPlace) error) error {
	var a args
	rows, err := q.query(ctx, `SELECT c.id, c.home_unit_id, c.display_name, ad.postal_code, ad.country FROM contacts c
		JOIN contact_addresses ad ON ad.contact_id = c.id AND ad.is_primary AND ad.postal_code <> ''
		WHERE c.deleted_at IS NULL AND `+homeInScopeSQL(&a, "c", s, access.WriteContacts)+` ORDER BY c.id`, a.list...)
	if err != nil {
		return err
	}
	var p ContactPlace
	return eachRow(rows, func() error {
		if err := rows.Scan(&p.ID, &p.HomeUnit, &p.Display, &p.PostalCode, &p.Country); err != nil {
			return err
		}
		return fn(p)
	})
}

// EachAttribute streams one named attribute of the live contacts whose home unit lies in the write scope.
func (q *Q) EachAttribute(ctx context.Context, s access.Scope, name string, fn func(id int64, value string) error) error {
	var a args
	n := a.add(name)
	rows, err := q.query(ctx, `SELECT x.contact_id, x.value FROM contact_attributes x JOIN contacts c ON c.id = x.contact_id
		WHERE x.name = `+n+` AND c.deleted_at IS NULL AND `+homeInScopeSQL(&a, "c", s, access.WriteContacts), a.list...)
	if err != nil {
		return err
	}
	var (
		id int64
		v  string
	)
	return eachRow(rows, func() error {
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		return fn(id, v)
	})
}
