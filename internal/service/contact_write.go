package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// applyContactInput copies the set fields of in onto c and returns the explicit display name, if any.
func applyContactInput(c *domain.Contact, in domain.ContactInput) string {
	for _, f := range domain.ContactTextFields() {
		if v := *f.Input(&in); v != nil {
			*f.Of(c) = *v
		}
	}
	if in.HomeUnitID != nil {
		c.HomeUnit = domain.UnitRef{ID: *in.HomeUnitID}
	}
	if in.BirthDate != nil {
		c.BirthDate = *in.BirthDate
	}
	if in.DeceasedOn != nil {
		c.DeceasedOn = *in.DeceasedOn
	}
	if in.Emails != nil {
		c.Emails = slices.Clone(*in.Emails)
	}
	if in.Phones != nil {
		c.Phones = slices.Clone(*in.Phones)
	}
	if in.Addresses != nil {
		c.Addresses = slices.Clone(*in.Addresses)
	}
	if in.ExternalIDs != nil {
		c.ExternalIDs = slices.Clone(*in.ExternalIDs)
	}
	if in.Tags != nil {
		c.Tags = slices.Clone(*in.Tags)
	}
	if in.AffiliationIDs != nil {
		c.Affiliations = nil
		for _, id := range *in.AffiliationIDs {
			if !slices.ContainsFunc(c.Affiliations, func(u domain.UnitRef) bool { return u.ID == id }) {
				c.Affiliations = append(c.Affiliations, domain.UnitRef{ID: id})
			}
		}
	}
	if in.DisplayName != nil {
		return *in.DisplayName
	}
	return ""
}

// checkContactRefs validates what needs the database: the home unit lies in the actor's write scope (so that
// nobody can save a record they then cannot see), affiliation units exist, member number and external ids are
// not taken by another contact.
func (s *Service) checkContactRefs(ctx context.Context, q *store.Q, a *access.Actor, c *domain.Contact) error {
	var p domain.Problems
	home, err := q.Unit(ctx, c.HomeUnit.ID)
	switch {
	case c.HomeUnit.ID == 0:
		p.Add("home_unit_id", "home_unit_required")
	case errors.Is(err, domain.ErrNotFound):
		p.Add("home_unit_id", "unknown_unit")
	case err != nil:
		return err
	case home.ArchivedAt != nil:
		p.Add("home_unit_id", "archived_unit")
	default:
		c.HomeUnit.Name = home.Name
		ok, err := q.IsUnder(ctx, home.ID, a.Scope.Roots(access.WriteContacts))
		if err != nil {
			return err
		}
		if !ok {
			p.Add("home_unit_id", "unit_out_of_scope")
		}
	}
	for i := range c.Affiliations {
		u, err := q.Unit(ctx, c.Affiliations[i].ID)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			p.Add(fmt.Sprintf("affiliation_unit_ids.%d", i), "unknown_unit")
		case err != nil:
			return err
		case u.ID == c.HomeUnit.ID:
			p.Add(fmt.Sprintf("affiliation_unit_ids.%d", i), "affiliation_is_home")
		default:
			c.Affiliations[i].Name = u.Name
		}
	}
	if err := addTakenKeys(ctx, q, c, &p); err != nil {
		return err
	}
	return p.Err()
}

// addTakenKeys adds a problem for c's member number and each of its external ids that another contact holds.
func addTakenKeys(ctx context.Context, q *store.Q, c *domain.Contact, p *domain.Problems) error {
	if c.MemberNumber != "" {
		taken, err := q.MemberNumberTaken(ctx, c.MemberNumber, c.ID)
		if err != nil {
			return err
		}
		if taken {
			p.Add("member_number", "taken")
		}
	}
	for i, x := range c.ExternalIDs {
		owner, err := q.ExternalIDOwner(ctx, x)
		if err != nil {
			return err
		}
		if owner != 0 && owner != c.ID {
			p.Add(fmt.Sprintf("external_ids.%d.value", i), "taken")
		}
	}
	return nil
}

// CreateContact adds a contact whose home unit lies in the actor's write scope.
func (s *Service) CreateContact(ctx context.Context, a *access.Actor, in domain.ContactInput) (*domain.Contact, error) {
	return s.CreateMember(ctx, a, in, nil)
}

// CreateMember adds a contact and, when first is not nil, its first membership period, in one transaction:
// either both are saved or neither. Field errors of the membership are reported with the prefix
// "membership.".
func (s *Service) CreateMember(ctx context.Context, a *access.Actor, in domain.ContactInput, first *domain.MembershipInput) (*domain.Contact, error) {
	c := &domain.Contact{Kind: domain.KindPerson}
	display := applyContactInput(c, in)
	display, err := normalizeContact(c, display, s.Today())
	if err != nil {
		return nil, err
	}
	c.DeriveNames(display)
	err = s.st.Write(ctx, func(q *store.Q) error {
		if err := s.checkContactRefs(ctx, q, a, c); err != nil {
			return err
		}
		sc, err := q.InsertContact(ctx, a.Scope, c, a.UserID)
		if err != nil {
			return uniqueToField(err, "member_number")
		}
		if err := audit(ctx, q, a, "contact.create", "contact", c.ID, c.ID, c.HomeUnit.ID, contactChanges(&domain.Contact{}, c)); err != nil {
			return err
		}
		if first == nil {
			return nil
		}
		_, err = s.addMembership(ctx, q, a, sc, *first)
		return prefixFields(err, "membership.")
	})
	if err != nil {
		return nil, err
	}
	return s.GetContact(ctx, a, c.ID)
}

// prefixFields renames the fields of a validation error, for errors of a nested object.
func prefixFields(err error, prefix string) error {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &domain.ValidationError{}
	for _, f := range ve.Fields {
		f.Field = prefix + f.Field
		out.Fields = append(out.Fields, f)
	}
	return out
}

// UpdateContact changes the fields set in in. The actor must be able to edit the contact (home unit in the
// write scope) and may only move it to a home unit in that scope. Out of sight: ErrNotFound; in sight but
// read-only: ErrForbidden; stale in.Version: ErrConflict.
func (s *Service) UpdateContact(ctx context.Context, a *access.Actor, id int64, in domain.ContactInput) (*domain.Contact, error) {
	err := s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.editable(ctx, q, a, id)
		if err != nil {
			return err
		}
		prev := sc.Contact()
		if prev.DeletedAt != nil {
			return domain.Invalid("contact", "in_trash")
		}
		if in.Version != nil && *in.Version != prev.Version {
			return domain.ErrConflict
		}
		c := cloneContact(prev)
		display := applyContactInput(c, in)
		if in.DisplayName == nil && c.DisplayName != derivedDisplay(prev) {
			display = prev.DisplayName // keep an explicit display name when the parts change
		}
		if display, err = normalizeContact(c, display, s.Today()); err != nil {
			return err
		}
		c.DeriveNames(display)
		if err := s.checkContactRefs(ctx, q, a, c); err != nil {
			return err
		}
		changes := contactChanges(prev, c)
		if len(changes) == 0 {
			return nil
		}
		if err := q.UpdateContact(ctx, sc, c, a.UserID); err != nil {
			return uniqueToField(err, "member_number")
		}
		return audit(ctx, q, a, "contact.update", "contact", c.ID, c.ID, c.HomeUnit.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return s.GetContact(ctx, a, id)
}

// editable reads a contact for a change in the transaction of q: ErrNotFound when the actor cannot see it,
// ErrForbidden when they can see it but not edit it.
func (s *Service) editable(ctx context.Context, q *store.Q, a *access.Actor, id int64) (*store.ScopedContact, error) {
	return s.inScope(ctx, q, a, access.WriteContacts, id)
}

// inScope reads a contact for an act of capability cap in the transaction of q, the only way to a write of
// its data: ErrNotFound when the actor cannot see it, ErrForbidden when they can see it but cap does not
// reach it.
func (s *Service) inScope(ctx context.Context, q *store.Q, a *access.Actor, cap access.Capability, id int64) (*store.ScopedContact, error) {
	sc, err := q.ContactInScope(ctx, a.Scope, cap, id)
	if errors.Is(err, domain.ErrNotFound) && cap != access.ReadContacts {
		if _, err2 := q.Contact(ctx, a.Scope, access.ReadContacts, id); err2 == nil {
			return nil, domain.ErrForbidden
		}
	}
	return sc, err
}

func derivedDisplay(c *domain.Contact) string {
	x := cloneContact(c)
	x.DeriveNames("")
	return x.DisplayName
}

func cloneContact(c *domain.Contact) *domain.Contact {
	x := *c
	x.Emails = slices.Clone(c.Emails)
	x.Phones = slices.Clone(c.Phones)
	x.Addresses = slices.Clone(c.Addresses)
	x.ExternalIDs = slices.Clone(c.ExternalIDs)
	x.Tags = slices.Clone(c.Tags)
	x.Affiliations = slices.Clone(c.Affiliations)
	return &x
}

// contactChanges lists what differs between two versions of a contact, for the audit trail.
func contactChanges(old, c *domain.Contact) map[string]domain.Change {
	m := map[string]domain.Change{}
	for _, f := range domain.ContactTextFields() {
		domain.Diff(m, f.Name, *f.Of(old), *f.Of(c))
	}
	domain.Diff(m, "home_unit", unitLabel(old.HomeUnit), unitLabel(c.HomeUnit))
	domain.Diff(m, "display_name", old.DisplayName, c.DisplayName)
	domain.Diff(m, "birth_date", old.BirthDate.String(), c.BirthDate.String())
	domain.Diff(m, "deceased_on", old.DeceasedOn.String(), c.DeceasedOn.String())
	domain.Diff(m, "emails", emailList(old.Emails), emailList(c.Emails))
	domain.Diff(m, "phones", phoneList(old.Phones), phoneList(c.Phones))
	domain.Diff(m, "addresses", addressList(old.Addresses), addressList(c.Addresses))
	domain.Diff(m, "external_ids", externalList(old.ExternalIDs), externalList(c.ExternalIDs))
	domain.Diff(m, "tags", nonNil(old.Tags), nonNil(c.Tags))
	domain.Diff(m, "affiliations", unitList(old.Affiliations), unitList(c.Affiliations))
	return m
}

func unitLabel(u domain.UnitRef) string {
	if u.ID == 0 {
		return ""
	}
	return u.Name + " #" + strconv.FormatInt(u.ID, 10)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func flags(primary, dnc bool) string {
	s := ""
	if primary {
		s += " (primary)"
	}
	if dnc {
		s += " (do not contact)"
	}
	return s
}

func emailList(l []domain.Email) []string {
	out := []string{}
	for _, e := range l {
		out = append(out, e.Address+labelSuffix(e.Label)+flags(e.Primary, e.DoNotContact))
	}
	return out
}

func phoneList(l []domain.Phone) []string {
	out := []string{}
	for _, p := range l {
		out = append(out, p.Number+labelSuffix(p.Label)+flags(p.Primary, p.DoNotContact))
	}
	return out
}

func addressList(l []domain.Address) []string {
	out := []string{}
	for _, a := range l {
		out = append(out, fmt.Sprintf("%s, %s, %s %s, %s %s", a.Street, a.Extra, a.PostalCode, a.City, a.Region, a.Country)+
			labelSuffix(a.Label)+flags(a.Primary, a.DoNotContact))
	}
	return out
}

func externalList(l []domain.ExternalID) []string {
	out := []string{}
	for _, x := range l {
		out = append(out, x.System+":"+x.Value)
	}
	return out
}

func unitList(l []domain.UnitRef) []string {
	out := []string{}
	for _, u := range l {
		out = append(out, unitLabel(u))
	}
	slices.Sort(out)
	return out
}

func labelSuffix(l string) string {
	if l == "" {
		return ""
	}
	return " [" + l + "]"
}

// uniqueToField turns a unique violation that slipped past the checks (a concurrent write) into a field error.
func uniqueToField(err error, field string) error {
	if errors.Is(err, store.ErrUnique) {
		return domain.Invalid(field, "taken")
	}
	return err
}
