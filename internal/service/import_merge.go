package service

import (
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// checkUniqueKeys reports a member number or external id that another contact holds.
func (s *Service) checkUniqueKeys(ctx context.Context, c *domain.Contact) error {
	var p domain.Problems
	if err := addTakenKeys(ctx, s.st.Read(), c, &p); err != nil {
		return err
	}
	return p.Err()
}

// matchedRow is a record that matched a stored contact it will update or fill, waiting for its chunk to load
// all such contacts at once.
type matchedRow struct {
	row   domain.ImportRow
	r     *importRecord
	cells []string // the record as the file held it
}

// updates loads the contacts the chunk's matched records update, in one go, and merges each record.
func (run *importRun) updates(ctx context.Context) error {
	if len(run.matched) == 0 {
		return nil
	}
	ids := make([]int64, len(run.matched))
	for i, m := range run.matched {
		ids[i] = m.row.ContactID
	}
	stored, err := run.s.st.Read().Contacts(ctx, run.a.Scope, access.WriteContacts, ids)
	if err != nil {
		return err
	}
	for _, m := range run.matched {
		if err := run.update(ctx, m, stored[m.row.ContactID]); err != nil {
			return err
		}
	}
	run.matched = run.matched[:0]
	return nil
}

// update merges a record into the contact it matched, prev: "update" lets the file's values win, "fill" only
// fills what is empty; lists gain the entries they lack. A contact the actor can see but not edit (prev nil)
// is skipped.
func (run *importRun) update(ctx context.Context, m matchedRow, prev *domain.Contact) error {
	row, r := m.row, m.r
	in := &r.c
	if prev == nil {
		row.Outcome = domain.RowSkip
		row.Problems = []domain.FieldError{{Field: "row", Code: "match_not_editable"}}
		run.report(store.ImportRowRecord{ImportRow: row})
		return nil
	}
	c := cloneContact(prev)
	mergeContact(c, in, run.opts.OnMatch == domain.OnMatchUpdate)
	keepDisplay := ""
	if prev.DisplayName != derivedDisplay(prev) {
		keepDisplay = prev.DisplayName
	}
	display, err := normalizeContact(c, keepDisplay, run.today)
	if err != nil {
		row.Outcome, row.Problems = domain.RowInvalid, problemsOf(err)
		run.report(store.ImportRowRecord{ImportRow: row, Cells: m.cells})
		return nil
	}
	c.DeriveNames(display)
	fresh := &domain.Contact{}
	if prev.MemberNumber == "" {
		fresh.MemberNumber = c.MemberNumber
	}
	for _, x := range c.ExternalIDs {
		if !slices.Contains(prev.ExternalIDs, x) {
			fresh.ExternalIDs = append(fresh.ExternalIDs, x)
		}
	}
	if err := run.s.checkUniqueKeys(ctx, fresh); err != nil {
		row.Outcome, row.Problems = domain.RowInvalid, problemsOf(err)
		run.report(store.ImportRowRecord{ImportRow: row, Cells: m.cells})
		return nil
	}
	if len(contactChanges(prev, c)) == 0 && len(r.notes) == 0 && !newAttributes(prev.Attributes, r.attrs) {
		row.Outcome = domain.RowSkip
		run.report(store.ImportRowRecord{ImportRow: row})
		return nil
	}
	row.Outcome = domain.RowUpdate
	run.chunk.Updates = append(run.chunk.Updates, store.ContactUpdate{Contact: c, Prev: prev, Row: len(run.chunk.Rows),
		Notes: r.notes, Attributes: r.attrs})
	run.report(store.ImportRowRecord{ImportRow: row, Before: prev})
	return nil
}

// newAttributes reports whether set holds a value that stored lacks or has differently.
func newAttributes(stored, set map[string]string) bool {
	for k, v := range set {
		if stored[k] != v {
			return true
		}
	}
	return false
}

// mergeContact brings the record's values into c: with overwrite every non-empty value wins, else only empty
// fields are filled. Entries of the lists that c lacks are added.
func mergeContact(c, in *domain.Contact, overwrite bool) {
	set := func(to *string, v string) {
		if v != "" && (overwrite || *to == "") {
			*to = v
		}
	}
	for _, f := range domain.ContactTextFields() {
		to, v := f.Of(c), *f.Of(in)
		switch {
		case f.Name == "kind": // a stored contact stays what it is
		case f.Name == "member_number": // an identity: filled, never overwritten
			if *to == "" {
				*to = v
			}
		default:
			set(to, v)
		}
	}
	if !in.BirthDate.IsZero() && (overwrite || c.BirthDate.IsZero()) {
		c.BirthDate = in.BirthDate
	}
	for _, e := range in.Emails {
		if !slices.ContainsFunc(c.Emails, func(x domain.Email) bool { return domain.Fold(x.Address) == domain.Fold(e.Address) }) {
			e.Primary = len(c.Emails) == 0
			c.Emails = append(c.Emails, e)
		}
	}
	for _, p := range in.Phones {
		if !slices.ContainsFunc(c.Phones, func(x domain.Phone) bool { return domain.PhoneKey(x.Number) == domain.PhoneKey(p.Number) }) {
			p.Primary = len(c.Phones) == 0
			c.Phones = append(c.Phones, p)
		}
	}
	for _, a := range in.Addresses {
		// The same address (or one without street and postal code, which can only complete another) merges
		// into the stored one; a different address is added.
		i := slices.IndexFunc(c.Addresses, func(x domain.Address) bool {
			return x.PostalCode == a.PostalCode && domain.Fold(x.Street) == domain.Fold(a.Street)
		})
		if i < 0 && a.Street == "" && a.PostalCode == "" {
			i = slices.IndexFunc(c.Addresses, func(x domain.Address) bool { return x.Primary })
		}
		if i < 0 {
			a.Primary = len(c.Addresses) == 0
			c.Addresses = append(c.Addresses, a)
			continue
		}
		x := &c.Addresses[i]
		set(&x.Extra, a.Extra)
		set(&x.City, a.City)
		set(&x.Region, a.Region)
		set(&x.Country, a.Country)
	}
	for _, x := range in.ExternalIDs {
		if !slices.Contains(c.ExternalIDs, x) {
			c.ExternalIDs = append(c.ExternalIDs, x)
		}
	}
	for _, t := range in.Tags {
		if !slices.ContainsFunc(c.Tags, func(x string) bool { return domain.Fold(x) == domain.Fold(t) }) {
			c.Tags = append(c.Tags, t)
		}
	}
}
