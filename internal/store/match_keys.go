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
}

// EachMatchRecord streams the live contacts visible to the scope to fn, for building a duplicate index.
func (q *Q) EachMatchRecord(ctx context.Context, s access.Scope, fn func(MatchRecord) error) error {
	var a args
	rows, err := q.query(ctx, `SELECT c.id, c.given_name, c.family_name, c.birth_date, COALESCE(c.member_number, '')
		FROM contacts c WHERE c.deleted_at IS NULL AND `+visibleSQL(&a, "c", s, access.ReadContacts), a.list...)
	if err != nil {
		return err
	}
	var r MatchRecord
	return eachRow(rows, func() error {
		if err := rows.Scan(&r.ID, &r.GivenName, &r.FamilyName, &r.BirthDate, &r.MemberNumber); err != nil {
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
