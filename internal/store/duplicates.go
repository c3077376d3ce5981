package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// DuplicateProbe is what a new contact offers for finding existing ones: folded e-mail addresses, a member
// number, the folded family name, and postal codes.
type DuplicateProbe struct {
	EmailKeys    []string
	MemberNumber string
	FamilyKey    string
	PostalCodes  []string
	Except       int64 // the contact itself, when editing
}

// DuplicateCandidates returns visible live contacts that share an e-mail address or the member number with
// the probe, or whose family name matches at one of the probe's postal codes, with the reasons.
func (q *Q) DuplicateCandidates(ctx context.Context, s access.Scope, p DuplicateProbe, limit int, today domain.Date) ([]domain.Duplicate, error) {
	found := map[int64]*domain.Duplicate{}
	var order []int64
	add := func(reason string) func([]domain.ContactSummary, error) error {
		return func(list []domain.ContactSummary, err error) error {
			for _, c := range list {
				if c.ID == p.Except {
					continue
				}
				d, ok := found[c.ID]
				if !ok {
					d = &domain.Duplicate{ContactSummary: c}
					found[c.ID] = d
					order = append(order, c.ID)
				}
				d.Reasons = append(d.Reasons, reason)
			}
			return err
		}
	}
	for _, k := range p.EmailKeys {
		if err := add("email")(q.searchBy(ctx, s, "contact_emails se", "se.contact_id", "se.address_key", k, true, limit, today)); err != nil {
			return nil, err
		}
	}
	if p.MemberNumber != "" {
		if err := add("member_number")(q.searchBy(ctx, s, "", "", "c.member_number", p.MemberNumber, true, limit, today)); err != nil {
			return nil, err
		}
	}
	if p.FamilyKey != "" {
		for _, pc := range p.PostalCodes {
			list, err := q.searchBy(ctx, s, "contact_addresses sa", "sa.contact_id", "sa.postal_code", pc, true, 200, today)
			var same []domain.ContactSummary
			for _, c := range list {
				if c.SortKey == p.FamilyKey || len(c.SortKey) > len(p.FamilyKey) && c.SortKey[:len(p.FamilyKey)+1] == p.FamilyKey+" " {
					same = append(same, c)
				}
			}
			if err := add("name_postal_code")(same, err); err != nil {
				return nil, err
			}
		}
	}
	out := make([]domain.Duplicate, 0, len(order))
	for _, id := range order {
		out = append(out, *found[id])
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
