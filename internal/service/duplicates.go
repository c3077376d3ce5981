package service

import (
	"context"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// DuplicatePair is two visible contacts that the duplicate rules take for the same person.
type DuplicatePair struct {
	A, B  int64    `json:"-"`
	Score int      `json:"score"`
	Agree []string `json:"agree"` // the match fields on which they agree
}

// FindDuplicates scans the contacts visible to the actor — within one unit's subtree unless unitID is 0 — for
// likely duplicates by the default rules, best first, leaving out pairs marked as not duplicates. It returns
// at most limit pairs and how many it found.
func (s *Service) FindDuplicates(ctx context.Context, a *access.Actor, unitID int64, limit int) ([]DuplicatePair, int, error) {
	scope, err := s.st.Read().ReadScopeWithin(ctx, a.Scope, unitID)
	if err != nil || !scope.Has(access.ReadContacts) {
		return nil, 0, err
	}
	rules := domain.DefaultDedupeRules()
	m, err := s.newMatcher(ctx, scope, rules, nil)
	if err != nil {
		return nil, 0, err
	}
	dismissed, err := s.st.Read().DuplicateDismissals(ctx)
	if err != nil {
		return nil, 0, err
	}
	kinds := map[[2]int32]uint8{}
	keys := &m.base
	for i := 0; i < keys.Len(); {
		j := i + 1
		for j < keys.Len() && keys.hashes[j] == keys.hashes[i] {
			j++
		}
		if n := j - i; n >= 2 && n <= maxBlock {
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					p, q := int32(keys.refs[x]>>3), int32(keys.refs[y]>>3)
					if p == q {
						continue
					}
					if p > q {
						p, q = q, p
					}
					kinds[[2]int32{p, q}] |= 1<<(keys.refs[x]&7) | 1<<(keys.refs[y]&7)
				}
			}
		}
		if i/65536 != j/65536 && ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		i = j
	}
	var out []DuplicatePair
	for p, k := range kinds {
		a, b := m.ids[p[0]], m.ids[p[1]]
		if dismissed[[2]int64{a, b}] {
			continue
		}
		agree := m.agreement(k, p[0], p[1])
		if score := rules.Score(agree); score >= rules.Threshold {
			out = append(out, DuplicatePair{A: a, B: b, Score: score, Agree: agree})
		}
	}
	slices.SortFunc(out, func(x, y DuplicatePair) int {
		if x.Score != y.Score {
			return y.Score - x.Score
		}
		if x.A != y.A {
			return int(x.A - y.A)
		}
		return int(x.B - y.B)
	})
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// DismissDuplicate marks two visible contacts as not duplicates, so that the finder leaves the pair out.
func (s *Service) DismissDuplicate(ctx context.Context, a *access.Actor, x, y int64) error {
	if x == y {
		if _, err := s.GetContact(ctx, a, x); err != nil {
			return err
		}
		return domain.Invalid("contact", "same_contact")
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		var pair [2]*store.ScopedContact
		for i, id := range []int64{x, y} {
			var err error
			if pair[i], err = q.ContactInScope(ctx, a.Scope, access.ReadContacts, id); err != nil {
				return err
			}
		}
		if err := q.DismissDuplicate(ctx, pair[0], pair[1], a.UserID); err != nil {
			return err
		}
		return audit(ctx, q, a, "contact.not_duplicate", "contact", x, x, 0, map[string]domain.Change{"other": {New: y}})
	})
}

// Merge choices: which contact a single-valued field comes from.
const (
	FromSurvivor = "survivor"
	FromOther    = "other"
)

// MergeFields lists the single-valued fields a merge chooses per field.
func MergeFields() []string {
	return []string{"kind", "home_unit", "given_name", "middle_name", "family_name", "honorific_prefix",
		"honorific_suffix", "organization_name", "display_name", "gender", "birth_date", "deceased_on", "language",
		"member_number"}
}

// MergeContacts merges other into survivor: the fields named in take come from other (the rest stay), lists
// are joined without repeats, and memberships, notes, relationships, affiliations and history move to the
// survivor. other is then deleted; the merge is audited with other's full record. Both contacts must be
// editable by the actor; the versions must be those the actor saw (ErrConflict otherwise).
func (s *Service) MergeContacts(ctx context.Context, a *access.Actor, survivorID, otherID int64, versions [2]int, take []string) (*domain.Contact, error) {
	if survivorID == otherID {
		return nil, domain.Invalid("contact", "same_contact")
	}
	for _, f := range take {
		if !slices.Contains(MergeFields(), f) {
			return nil, domain.Invalid("take", "invalid_choice")
		}
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		survSC, err := s.editable(ctx, q, a, survivorID)
		if err != nil {
			return err
		}
		otherSC, err := s.editable(ctx, q, a, otherID)
		if err != nil {
			return err
		}
		surv, other := survSC.Contact(), otherSC.Contact()
		if versions[0] != 0 && surv.Version != versions[0] || versions[1] != 0 && other.Version != versions[1] {
			return domain.ErrConflict
		}
		merged := cloneContact(surv)
		for _, f := range take {
			takeField(merged, other, f)
		}
		mergeContact(merged, other, false)
		for _, u := range other.Affiliations {
			if u.ID != merged.HomeUnit.ID && !slices.ContainsFunc(merged.Affiliations, func(x domain.UnitRef) bool { return x.ID == u.ID }) {
				merged.Affiliations = append(merged.Affiliations, u)
			}
		}
		merged.Affiliations = slices.DeleteFunc(merged.Affiliations, func(x domain.UnitRef) bool { return x.ID == merged.HomeUnit.ID })
		keep := ""
		if slices.Contains(take, "display_name") {
			keep = other.DisplayName
		} else if surv.DisplayName != derivedDisplay(surv) {
			keep = surv.DisplayName
		}
		display, err := normalizeContact(merged, keep, s.Today())
		if err != nil {
			return err
		}
		merged.DeriveNames(display)
		// The other contact goes first: its member number and external ids are unique, and the survivor may
		// take them over.
		if err := q.MoveContactRecords(ctx, otherSC, survSC); err != nil {
			return err
		}
		if err := q.DeleteContact(ctx, otherSC); err != nil {
			return err
		}
		if err := s.checkContactRefs(ctx, q, a, merged); err != nil {
			return err
		}
		if err := q.UpdateContact(ctx, survSC, merged, a.UserID); err != nil {
			return uniqueToField(err, "member_number")
		}
		changes := contactChanges(surv, merged)
		changes["merged_contact"] = domain.Change{Old: other, New: nil}
		return audit(ctx, q, a, "contact.merge", "contact", survivorID, survivorID, merged.HomeUnit.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return s.GetContact(ctx, a, survivorID)
}

// takeField copies one single-valued field from other into c.
func takeField(c, other *domain.Contact, f string) {
	for _, tf := range domain.ContactTextFields() {
		if tf.Name == f {
			*tf.Of(c) = *tf.Of(other)
			return
		}
	}
	switch f {
	case "home_unit":
		c.HomeUnit = other.HomeUnit
	case "birth_date":
		c.BirthDate = other.BirthDate
	case "deceased_on":
		c.DeceasedOn = other.DeceasedOn
	}
}
