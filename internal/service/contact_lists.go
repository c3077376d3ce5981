package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// LikelyDuplicates returns the visible contacts that a new or edited contact may duplicate: the same e-mail
// address, the same member number, or the same family name at the same postal code. except is the contact
// being edited (0 for a new one).
func (s *Service) LikelyDuplicates(ctx context.Context, a *access.Actor, in domain.ContactInput, except int64) ([]domain.Duplicate, error) {
	p := store.DuplicateProbe{Except: except}
	if in.Emails != nil {
		for _, e := range *in.Emails {
			if k := domain.Fold(strings.TrimSpace(e.Address)); strings.Contains(k, "@") {
				p.EmailKeys = append(p.EmailKeys, k)
			}
		}
	}
	if in.MemberNumber != nil {
		p.MemberNumber = strings.TrimSpace(*in.MemberNumber)
	}
	if in.FamilyName != nil {
		p.FamilyKey = domain.Fold(*in.FamilyName)
	}
	if in.Addresses != nil {
		for _, ad := range *in.Addresses {
			if pc := strings.ToUpper(strings.TrimSpace(ad.PostalCode)); pc != "" {
				p.PostalCodes = append(p.PostalCodes, pc)
			}
		}
	}
	for _, v := range append(append([]string{p.MemberNumber, p.FamilyKey}, p.EmailKeys...), p.PostalCodes...) {
		if !domain.ValidText(v) || len(v) > 254 {
			return nil, domain.Invalid("contact", "invalid_text")
		}
	}
	list, err := s.st.Read().DuplicateCandidates(ctx, a.Scope, p, 10, s.Today())
	if list == nil {
		list = []domain.Duplicate{}
	}
	return list, err
}

// TagContacts adds a tag to (on) or removes it from the given contacts. Contacts the actor may see but not
// edit are skipped and counted; one the actor cannot see makes the whole request fail with ErrNotFound.
// Every changed contact gets its own audit entry.
func (s *Service) TagContacts(ctx context.Context, a *access.Actor, ids []int64, tag string, on bool) (changed, skipped int, err error) {
	var p domain.Problems
	tag = text(&p, "tag", tag, 50, true)
	if len(ids) == 0 {
		p.Add("ids", "required")
	} else if len(ids) > 1000 {
		p.AddParam("ids", "too_many", 1000)
	}
	if err := p.Err(); err != nil {
		return 0, 0, err
	}
	action := "contact.tag"
	if !on {
		action = "contact.untag"
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		for _, id := range ids {
			sc, err := s.editable(ctx, q, a, id)
			if errors.Is(err, domain.ErrForbidden) || err == nil && sc.Contact().DeletedAt != nil {
				skipped++
				continue
			}
			if err != nil {
				return err
			}
			did, err := q.SetTag(ctx, sc, tag, on, a.UserID)
			if err != nil {
				return err
			}
			if !did {
				continue
			}
			changed++
			ch := domain.Change{Old: "", New: tag}
			if !on {
				ch = domain.Change{Old: tag, New: ""}
			}
			if err := audit(ctx, q, a, action, "contact", id, id, sc.Contact().HomeUnit.ID, map[string]domain.Change{"tag": ch}); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, skipped, err
}

// Tags lists the tag names that contacts visible to the actor carry, for suggestions.
func (s *Service) Tags(ctx context.Context, a *access.Actor) ([]string, error) {
	l, err := s.st.Read().Tags(ctx, a.Scope)
	if l == nil {
		l = []string{}
	}
	return l, err
}

// SavedLists lists the actor's own saved lists, then those that other officers shared with a unit in the
// actor's read scope.
func (s *Service) SavedLists(ctx context.Context, a *access.Actor) ([]domain.SavedList, error) {
	l, err := s.st.Read().SavedLists(ctx, a.UserID, a.Scope.Roots(access.ReadContacts))
	if l == nil {
		l = []domain.SavedList{}
	}
	return l, err
}

// SavedList returns one of the actor's lists or one shared with a unit in the actor's read scope; any other
// list is ErrNotFound, whether or not it exists.
func (s *Service) SavedList(ctx context.Context, a *access.Actor, id int64) (domain.SavedList, error) {
	return s.st.Read().SavedList(ctx, a.UserID, a.Scope.Roots(access.ReadContacts), id)
}

// SaveList stores the actor's filter under a name (replacing a list of the same name). The filter is applied
// with the scope of whoever opens the list, so it reveals nothing.
func (s *Service) SaveList(ctx context.Context, a *access.Actor, name string, f domain.ContactFilter) (domain.SavedList, error) {
	var p domain.Problems
	l := domain.SavedList{Name: text(&p, "name", name, maxShort, true), Filter: f, Owner: a.Name, Mine: true}
	if err := p.Err(); err != nil {
		return l, err
	}
	if err := validateFilter(f); err != nil {
		return l, err
	}
	if a.IsSystem() {
		return l, domain.ErrForbidden
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		if err := q.SaveList(ctx, a.UserID, &l); err != nil {
			return err
		}
		return audit(ctx, q, a, "list.save", "saved_list", l.ID, 0, 0, map[string]domain.Change{"name": {Old: nil, New: l.Name}})
	})
	if err != nil {
		return l, err
	}
	return s.SavedList(ctx, a, l.ID)
}

// ShareList shares one of the actor's lists with the officers of a unit in the actor's read scope — every user
// whose scope covers the unit sees the list, and sees in it only the contacts of their own scope — or, with
// unit 0, makes it personal again. A list filtered to a unit is shared with that unit or one above it, so
// that everyone who sees the list may open it. Someone else's list is ErrForbidden when shared with the actor,
// else ErrNotFound.
func (s *Service) ShareList(ctx context.Context, a *access.Actor, id, unitID int64) (domain.SavedList, error) {
	l, err := s.SavedList(ctx, a, id)
	if err != nil {
		return l, err
	}
	if !l.Mine {
		return l, domain.ErrForbidden
	}
	if unitID != 0 {
		rq := s.st.Read()
		if ok, err := rq.IsUnder(ctx, unitID, a.Scope.Roots(access.ReadContacts)); err != nil || !ok {
			return l, errOr(err, domain.Invalid("unit_id", "unit_out_of_scope"))
		}
		if l.Filter.UnitID != 0 {
			if ok, err := rq.IsUnder(ctx, l.Filter.UnitID, []int64{unitID}); err != nil || !ok {
				return l, errOr(err, domain.Invalid("unit_id", "not_above_filter_unit"))
			}
		}
	}
	var old any
	if l.SharedWith != nil {
		old = l.SharedWith.ID
	}
	var now any
	if unitID != 0 {
		now = unitID
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.ShareList(ctx, a.UserID, id, unitID)
		if err != nil || !ok {
			return errOr(err, domain.ErrNotFound)
		}
		return audit(ctx, q, a, "list.share", "saved_list", id, 0, unitID, map[string]domain.Change{
			"shared_unit_id": {Old: old, New: now}})
	})
	if err != nil {
		return l, err
	}
	return s.SavedList(ctx, a, id)
}

// DeleteSavedList removes one of the actor's lists; a list others shared with the actor is ErrForbidden.
func (s *Service) DeleteSavedList(ctx context.Context, a *access.Actor, id int64) error {
	l, err := s.SavedList(ctx, a, id)
	if err != nil {
		return err
	}
	if !l.Mine {
		return domain.ErrForbidden
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.DeleteSavedList(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "list.delete", "saved_list", id, 0, 0, nil)
	})
}

// RefreshUnitCounts recomputes the contact and member counts per unit; the server runs it in the background.
func (s *Service) RefreshUnitCounts(ctx context.Context) (int, error) {
	start := time.Now()
	n, err := s.st.RefreshUnitCounts(ctx, s.Today())
	if err == nil {
		s.countsTook.Store(int64(time.Since(start)))
	}
	return n, err
}

// RecountUnitsIfBehind recounts the units unless their counts are current — made today, after the last change
// of the data — and returns how many it counted (0 when they were current). The periodic recount and a
// server's start call it: at a million contacts a recount costs seconds of a core, not worth spending on
// counts that cannot have changed.
func (s *Service) RecountUnitsIfBehind(ctx context.Context) (int, error) {
	q := s.st.Read()
	made, err := q.UnitCountsAge(ctx)
	if err != nil {
		return 0, err
	}
	changed, err := q.LastChangeAt(ctx)
	if err != nil {
		return 0, err
	}
	if !made.IsZero() && !changed.After(made) && domain.DateOf(made.In(s.location)) == s.Today() {
		return 0, nil
	}
	return s.RefreshUnitCounts(ctx)
}

// UnitCounts returns the counts of the units in the actor's scope, keyed by unit id, each with the time it was
// made. Counts that are older than the last change are recounted in the background (see refreshStaleCounts).
func (s *Service) UnitCounts(ctx context.Context, a *access.Actor) (map[int64]domain.UnitCount, error) {
	return s.unitCounts(ctx, a.Scope.Roots(access.ReadContacts))
}

// UnitCount returns the count of one unit of the actor's scope, and false when it has not been counted yet.
// A unit outside the scope is ErrNotFound.
func (s *Service) UnitCount(ctx context.Context, a *access.Actor, id int64) (domain.UnitCount, bool, error) {
	if _, err := s.Unit(ctx, a, id); err != nil {
		return domain.UnitCount{}, false, err
	}
	counts, err := s.unitCounts(ctx, []int64{id})
	c, ok := counts[id]
	return c, ok, err
}

// countsRecheck is how often a server asks whether the unit counts are behind the data.
const countsRecheck = 30 * time.Second

// recountGap is how old counts must be before a look at them asks for a recount: countsRecheck, or twenty
// times as long as this server's last recount took, so that recounts of a large, busy organization take at
// most a twentieth of a core however often people look (about every 100 s at a million contacts on SQLite).
func (s *Service) recountGap() time.Duration {
	return max(countsRecheck, 20*time.Duration(s.countsTook.Load()))
}

func (s *Service) unitCounts(ctx context.Context, roots []int64) (map[int64]domain.UnitCount, error) {
	counts, err := s.st.Read().UnitCounts(ctx, roots)
	if err == nil {
		s.refreshStaleCounts(ctx, counts)
	}
	return counts, err
}

// refreshStaleCounts queues a recount when someone looks at counts that are older than the newest change, so
// that counts follow the data within about a minute rather than waiting for the periodic recount. Each
// server asks at most every countsRecheck, and the queue runs one recount for all servers; a failure to ask
// only leaves the counts to the periodic recount, and their age is shown with them either way.
func (s *Service) refreshStaleCounts(ctx context.Context, counts map[int64]domain.UnitCount) {
	now := s.now()
	last := s.countsAsked.Load()
	if s.jobs == nil || now.Unix()-last < int64(countsRecheck/time.Second) || !s.countsAsked.CompareAndSwap(last, now.Unix()) {
		return
	}
	var oldest time.Time
	for _, c := range counts {
		if oldest.IsZero() || c.ComputedAt.Before(oldest) {
			oldest = c.ComputedAt
		}
	}
	if len(counts) > 0 && now.Sub(oldest) < s.recountGap() {
		return
	}
	changed, err := s.st.Read().LastChangeAt(ctx)
	if err != nil || len(counts) > 0 && !changed.After(oldest) {
		return
	}
	if err := s.jobs.RefreshCounts(ctx); err != nil {
		s.log.Warn("queue a recount of the units", "err", err)
	}
}
