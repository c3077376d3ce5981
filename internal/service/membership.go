package service

import (
	"context"
	"fmt"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// MembershipTypes lists the organization's membership types.
func (s *Service) MembershipTypes(ctx context.Context) ([]domain.MembershipType, error) {
	l, err := s.st.Read().MembershipTypes(ctx)
	if l == nil {
		l = []domain.MembershipType{}
	}
	return l, err
}

// SaveMembershipType creates (id 0) or changes a membership type. Types are organization-wide settings, so
// only admins of a whole tree may change them. Changing the rules re-derives the dates of every period.
func (s *Service) SaveMembershipType(ctx context.Context, a *access.Actor, id int64, in domain.MembershipTypeInput) (domain.MembershipType, error) {
	var t domain.MembershipType
	err := s.st.Write(ctx, func(q *store.Q) error {
		whole, err := s.wholeTree(ctx, q, a, access.ManageUnits)
		if err != nil {
			return err
		}
		if !whole {
			return domain.ErrForbidden
		}
		t = domain.MembershipType{DurationMonths: 12, GraceDays: 60, NewDays: 90, Voting: true, Active: true}
		prev := t
		if id != 0 {
			if t, err = q.MembershipType(ctx, id); err != nil {
				return err
			}
			prev = t
		}
		applyTypeInput(&t, in)
		if err := validateType(&t); err != nil {
			return err
		}
		if err := q.SaveMembershipType(ctx, &t); err != nil {
			return uniqueToField(err, "name")
		}
		changes := map[string]domain.Change{}
		domain.Diff(changes, "name", prev.Name, t.Name)
		domain.Diff(changes, "duration_months", prev.DurationMonths, t.DurationMonths)
		domain.Diff(changes, "grace_days", prev.GraceDays, t.GraceDays)
		domain.Diff(changes, "new_days", prev.NewDays, t.NewDays)
		domain.Diff(changes, "voting", prev.Voting, t.Voting)
		domain.Diff(changes, "vote_after_days", prev.VoteAfterDays, t.VoteAfterDays)
		domain.Diff(changes, "requires_dues", prev.RequiresDues, t.RequiresDues)
		domain.Diff(changes, "active", prev.Active, t.Active)
		action := "membership_type.update"
		if id == 0 {
			action = "membership_type.create"
		} else if err := rederive(ctx, q, t); err != nil {
			return err
		}
		return audit(ctx, q, a, action, "membership_type", t.ID, 0, 0, changes)
	})
	return t, err
}

func applyTypeInput(t *domain.MembershipType, in domain.MembershipTypeInput) {
	if in.Name != nil {
		t.Name = *in.Name
	}
	for _, f := range []struct {
		dst *int
		src *int
	}{{&t.DurationMonths, in.DurationMonths}, {&t.GraceDays, in.GraceDays}, {&t.NewDays, in.NewDays}, {&t.VoteAfterDays, in.VoteAfterDays}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct {
		dst *bool
		src *bool
	}{{&t.Voting, in.Voting}, {&t.RequiresDues, in.RequiresDues}, {&t.Active, in.Active}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

func validateType(t *domain.MembershipType) error {
	var p domain.Problems
	t.Name = text(&p, "name", t.Name, maxShort, true)
	check := func(field string, v, max int) {
		if v < 0 || v > max {
			p.AddParam(field, "out_of_range", fmt.Sprintf("0–%d", max))
		}
	}
	check("duration_months", t.DurationMonths, 1200)
	check("grace_days", t.GraceDays, 3650)
	check("new_days", t.NewDays, 3650)
	check("vote_after_days", t.VoteAfterDays, 3650)
	return p.Err()
}

func rederive(ctx context.Context, q *store.Q, t domain.MembershipType) error {
	ms, err := q.MembershipsOfType(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		m.Derive(t)
		if err := q.UpdateDerivedDates(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// Memberships lists the membership periods of a visible contact with their status today.
func (s *Service) Memberships(ctx context.Context, a *access.Actor, contactID int64) ([]domain.Membership, error) {
	q := s.st.Read()
	c, err := q.Contact(ctx, a.Scope, access.ReadContacts, contactID)
	if err != nil {
		return nil, err
	}
	ms, err := q.Memberships(ctx, a.Scope, contactID)
	today := s.Today()
	for i := range ms {
		ms[i].Status = ms[i].StatusOn(today, !c.DeceasedOn.IsZero())
	}
	if ms == nil {
		ms = []domain.Membership{}
	}
	return ms, err
}

// AddMembership records a membership period for a contact the actor may edit. Without an end date, a type
// with a fixed duration ends the term after that many months. A contact without a member number gets the next
// one.
func (s *Service) AddMembership(ctx context.Context, a *access.Actor, contactID int64, in domain.MembershipInput) (domain.Membership, error) {
	var m domain.Membership
	err := s.st.Write(ctx, func(q *store.Q) error {
		sc, err := s.editable(ctx, q, a, contactID)
		if err != nil {
			return err
		}
		if sc.Contact().DeletedAt != nil {
			return domain.Invalid("contact", "in_trash")
		}
		m, err = s.addMembership(ctx, q, a, sc, in)
		return err
	})
	return m, err
}

// addMembership records a period for a contact read for writing.
func (s *Service) addMembership(ctx context.Context, q *store.Q, a *access.Actor, sc *store.ScopedContact, in domain.MembershipInput) (domain.Membership, error) {
	c := sc.Contact()
	m := domain.Membership{ContactID: c.ID, JoinMethod: "form"}
	t, err := s.prepareMembership(ctx, q, &m, in, true)
	if err != nil {
		return m, err
	}
	if err := q.SaveMembership(ctx, sc, &m, a.UserID); err != nil {
		return m, err
	}
	if c.MemberNumber == "" {
		if err := s.assignMemberNumber(ctx, q, a, sc); err != nil {
			return m, err
		}
	}
	m.Status = m.StatusOn(s.Today(), !c.DeceasedOn.IsZero())
	return m, audit(ctx, q, a, "membership.create", "membership", m.ID, c.ID, c.HomeUnit.ID,
		membershipChanges(domain.Membership{}, m, t.Name))
}

// UpdateMembership changes a period (renewal, cancellation, correction).
func (s *Service) UpdateMembership(ctx context.Context, a *access.Actor, id int64, in domain.MembershipInput) (domain.Membership, error) {
	var m domain.Membership
	err := s.st.Write(ctx, func(q *store.Q) error {
		prev, err := q.Membership(ctx, a.Scope, access.ReadContacts, id)
		if err != nil {
			return err
		}
		sc, err := s.editable(ctx, q, a, prev.ContactID)
		if err != nil {
			return err
		}
		m = prev
		t, err := s.prepareMembership(ctx, q, &m, in, false)
		if err != nil {
			return err
		}
		if err := q.SaveMembership(ctx, sc, &m, a.UserID); err != nil {
			return err
		}
		c := sc.Contact()
		m.Status = m.StatusOn(s.Today(), !c.DeceasedOn.IsZero())
		return audit(ctx, q, a, "membership.update", "membership", m.ID, m.ContactID, c.HomeUnit.ID,
			membershipChanges(prev, m, t.Name))
	})
	return m, err
}

// prepareMembership applies and validates input and derives the status dates.
func (s *Service) prepareMembership(ctx context.Context, q *store.Q, m *domain.Membership, in domain.MembershipInput, isNew bool) (domain.MembershipType, error) {
	if in.TypeID != nil {
		m.TypeID = *in.TypeID
	}
	if in.StartDate != nil {
		m.StartDate = *in.StartDate
	}
	if in.EndDate != nil {
		m.EndDate = *in.EndDate
	}
	if in.PaidUntil != nil {
		m.PaidUntil = *in.PaidUntil
	}
	if in.Pending != nil {
		m.Pending = *in.Pending
	}
	if in.JoinMethod != nil {
		m.JoinMethod = *in.JoinMethod
	}
	if in.EndReason != nil {
		m.EndReason = *in.EndReason
	}
	if in.Notes != nil {
		m.Notes = *in.Notes
	}
	var p domain.Problems
	t, err := q.MembershipType(ctx, m.TypeID)
	switch {
	case err == domain.ErrNotFound:
		p.Add("type_id", "unknown_type")
	case err != nil:
		return t, err
	case isNew && !t.Active:
		p.Add("type_id", "inactive_type")
	}
	m.TypeName = t.Name
	if m.StartDate.IsZero() {
		p.Add("start_date", "required")
	} else if m.StartDate.Year < 1900 || m.StartDate.After(s.Today().AddDays(3660)) {
		p.Add("start_date", "implausible_date")
	}
	if isNew && in.EndDate == nil && t.DurationMonths > 0 && !m.StartDate.IsZero() {
		m.EndDate = m.StartDate.AddMonths(t.DurationMonths).AddDays(-1)
	}
	if !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate) {
		p.Add("end_date", "before_start")
	}
	for _, d := range []struct {
		field string
		date  domain.Date
	}{{"end_date", m.EndDate}, {"paid_until", m.PaidUntil}} {
		if !d.date.IsZero() && (d.date.Year < 1900 || d.date.Year > s.Today().Year+100) {
			p.Add(d.field, "implausible_date")
		}
	}
	if m.JoinMethod != "" && !slices.Contains(domain.JoinMethods(), m.JoinMethod) {
		p.Add("join_method", "invalid_choice")
	}
	if m.EndReason != "" && !slices.Contains(domain.EndReasons(), m.EndReason) {
		p.Add("end_reason", "invalid_choice")
	}
	if m.EndReason != "" && m.EndDate.IsZero() {
		p.Add("end_date", "required")
	}
	m.Notes = text(&p, "notes", m.Notes, maxNoteLength, false)
	if err := p.Err(); err != nil {
		return t, err
	}
	m.Derive(t)
	return t, nil
}

// assignMemberNumber gives a contact the next number of its home unit's member-number series, in the
// transaction of q: a creation that fails gives the number back.
func (s *Service) assignMemberNumber(ctx context.Context, q *store.Q, a *access.Actor, sc *store.ScopedContact) error {
	c := sc.Contact()
	numbers, err := q.NextMemberNumbers(ctx, []int64{c.HomeUnit.ID})
	if err != nil {
		return err
	}
	upd := cloneContact(c)
	upd.MemberNumber = numbers[0]
	if err := q.UpdateContact(ctx, sc, upd, a.UserID); err != nil {
		return err
	}
	return audit(ctx, q, a, "contact.update", "contact", c.ID, c.ID, c.HomeUnit.ID,
		map[string]domain.Change{"member_number": {Old: "", New: numbers[0]}})
}

func membershipChanges(old, m domain.Membership, typeName string) map[string]domain.Change {
	ch := map[string]domain.Change{}
	oldType := old.TypeName
	if old.TypeID == 0 {
		oldType = ""
	}
	domain.Diff(ch, "type", oldType, typeName)
	domain.Diff(ch, "start_date", old.StartDate.String(), m.StartDate.String())
	domain.Diff(ch, "end_date", old.EndDate.String(), m.EndDate.String())
	domain.Diff(ch, "paid_until", old.PaidUntil.String(), m.PaidUntil.String())
	domain.Diff(ch, "pending", old.Pending, m.Pending)
	domain.Diff(ch, "join_method", old.JoinMethod, m.JoinMethod)
	domain.Diff(ch, "end_reason", old.EndReason, m.EndReason)
	domain.Diff(ch, "notes", old.Notes, m.Notes)
	return ch
}
