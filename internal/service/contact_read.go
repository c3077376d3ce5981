package service

import (
	"context"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// GetContact returns a visible contact with its membership summary, or ErrNotFound.
func (s *Service) GetContact(ctx context.Context, a *access.Actor, id int64) (*domain.Contact, error) {
	q := s.st.Read()
	c, err := q.Contact(ctx, a.Scope, access.ReadContacts, id)
	if err != nil {
		return nil, err
	}
	ms, err := q.Memberships(ctx, a.Scope, id)
	if err != nil {
		return nil, err
	}
	c.Membership = domain.Summarize(ms, s.Today(), !c.DeceasedOn.IsZero())
	return c, nil
}

// CanEdit reports whether the actor may edit a contact it can see.
func (s *Service) CanEdit(ctx context.Context, a *access.Actor, c *domain.Contact) bool {
	ok, err := s.st.Read().IsUnder(ctx, c.HomeUnit.ID, a.Scope.Roots(access.WriteContacts))
	return err == nil && ok
}

// Page is one page of a contact list.
type Page struct {
	Contacts []domain.ContactSummary `json:"contacts"`
	Next     int64                   `json:"next,omitempty"` // pass as After for the next page; 0 on the last page
}

// MaxPageSize caps list pages.
const MaxPageSize = 200

// ListContacts returns the visible contacts matching f in name order, limit at a time, after the contact
// with id after (0: from the start). The cursor is a contact id, so no name ends up in a URL.
func (s *Service) ListContacts(ctx context.Context, a *access.Actor, f domain.ContactFilter, after int64, limit int) (Page, error) {
	if err := validateFilter(f); err != nil {
		return Page{}, err
	}
	limit = min(max(limit, 1), MaxPageSize)
	q := s.st.Read()
	var cur store.Cursor
	if after != 0 {
		var err error
		if cur, err = q.CursorOf(ctx, a.Scope, after); err != nil {
			return Page{}, domain.Invalid("after", "invalid_cursor")
		}
	}
	list, err := q.ListContacts(ctx, a.Scope, f, cur, limit+1, s.Today())
	if err != nil {
		return Page{}, err
	}
	p := Page{Contacts: list}
	if len(list) > limit {
		p.Contacts = list[:limit]
		p.Next = list[limit-1].ID
	}
	if p.Contacts == nil {
		p.Contacts = []domain.ContactSummary{}
	}
	return p, nil
}

func validateFilter(f domain.ContactFilter) error {
	var p domain.Problems
	for _, st := range f.Statuses {
		if st != "none" && !containsString(domain.Statuses(), st) {
			p.Add("status", "invalid_choice")
		}
	}
	if !domain.ValidText(f.Tag) || len(f.Tag) > 100 {
		p.Add("tag", "invalid_text")
	}
	if f.Sort != "" && !containsString(domain.Sorts(), f.Sort) {
		p.Add("sort", "invalid_choice")
	}
	for _, d := range []struct {
		field string
		date  domain.Date
	}{{"joined_from", f.JoinedFrom}, {"joined_to", f.JoinedTo}} {
		if !d.date.IsZero() && (d.date.Year < 1800 || d.date.Year > 2200) {
			p.Add(d.field, "implausible_date")
		}
	}
	if !f.JoinedFrom.IsZero() && !f.JoinedTo.IsZero() && f.JoinedTo.Before(f.JoinedFrom) {
		p.Add("joined_to", "before_start")
	}
	return p.Err()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CountContacts counts the visible contacts matching f; with cap > 0 it stops counting at cap.
func (s *Service) CountContacts(ctx context.Context, a *access.Actor, f domain.ContactFilter, cap int) (int, error) {
	if err := validateFilter(f); err != nil {
		return 0, err
	}
	return s.st.Read().CountContacts(ctx, a.Scope, f, cap, s.Today())
}

// MaxSearchResults caps the quick search, which has no further pages.
const MaxSearchResults = 50

// SearchContacts is the quick search over names, member numbers, e-mails and postal codes.
func (s *Service) SearchContacts(ctx context.Context, a *access.Actor, text string, limit int) ([]domain.ContactSummary, error) {
	if !domain.ValidText(text) || len(text) > 200 {
		return nil, domain.Invalid("q", "invalid_text")
	}
	limit = min(max(limit, 1), MaxSearchResults)
	list, err := s.st.Read().SearchContacts(ctx, a.Scope, text, limit, s.Today())
	if list == nil {
		list = []domain.ContactSummary{}
	}
	return list, err
}

// CountSearch counts the visible contacts that the quick search finds for text, of which SearchContacts
// returns the first by name.
func (s *Service) CountSearch(ctx context.Context, a *access.Actor, text string) (int, error) {
	if !domain.ValidText(text) || len(text) > 200 {
		return 0, domain.Invalid("q", "invalid_text")
	}
	return s.st.Read().CountSearch(ctx, a.Scope, text)
}

// ContactHistory returns the audit entries of a visible contact, newest first.
func (s *Service) ContactHistory(ctx context.Context, a *access.Actor, id int64) ([]domain.AuditEntry, error) {
	q := s.st.Read()
	if _, err := q.Contact(ctx, a.Scope, access.ReadContacts, id); err != nil {
		return nil, err
	}
	h, err := q.ContactHistory(ctx, a.Scope, id, 500)
	if h == nil {
		h = []domain.AuditEntry{}
	}
	return h, err
}

// PostalCodeInfo tells the add-person form what a postal code says: the units of the actor's write scope it
// maps to, the places it names, and the units of the write scope it lies in.
func (s *Service) PostalCodeInfo(ctx context.Context, a *access.Actor, postalCode string) (domain.PostalCodeInfo, error) {
	info := domain.PostalCodeInfo{Units: []domain.PostalMapping{}, Places: []string{}, WithinUnitIDs: []int64{}}
	units, err := s.SuggestUnits(ctx, a, postalCode)
	if err != nil {
		return info, err
	}
	info.Units = units
	q := s.st.Read()
	code := strings.ToUpper(strings.TrimSpace(postalCode))
	places, err := q.PostalCodePlaces(ctx, code)
	if err != nil {
		return info, err
	}
	within, err := q.PostalCodeWithin(ctx, code, a.Scope.Roots(access.WriteContacts))
	info.Places = append(info.Places, places...)
	info.WithinUnitIDs = append(info.WithinUnitIDs, within...)
	return info, err
}

// PostalCodeFit says whether a postal code fits a home unit the actor may write to: in when it maps to the unit
// or one below it, known when it maps to any unit at all, and the places it names. A code that maps nowhere
// fits every unit.
func (s *Service) PostalCodeFit(ctx context.Context, a *access.Actor, postalCode string, unit int64) (in, known bool, places []string, err error) {
	code := strings.ToUpper(strings.TrimSpace(postalCode))
	if code == "" || !domain.ValidText(code) || len(code) > 16 || !a.Scope.Has(access.WriteContacts) {
		return true, false, nil, nil
	}
	q := s.st.Read()
	if in, known, err = q.PostalCodeIn(ctx, code, unit); err != nil {
		return
	}
	places, err = q.PostalCodePlaces(ctx, code)
	return
}

// SuggestUnits returns the units in the actor's write scope that a postal code maps to.
func (s *Service) SuggestUnits(ctx context.Context, a *access.Actor, postalCode string) ([]domain.PostalMapping, error) {
	if !domain.ValidText(postalCode) || len(postalCode) > 16 {
		return nil, domain.Invalid("postal_code", "invalid_postal_code")
	}
	list, err := s.st.Read().PostalCodeUnits(ctx, postalCode, a.Scope.Roots(access.WriteContacts))
	if list == nil {
		list = []domain.PostalMapping{}
	}
	return list, err
}
