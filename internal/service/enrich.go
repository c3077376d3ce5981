package service

import (
	"context"
	"errors"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/geodata"
	"github.com/roster-crm/roster/internal/store"
)

// EnrichResult is what an enrichment did, or would do in a dry run.
type EnrichResult struct {
	Checked   int            `json:"checked"`   // contacts with a postal code looked at
	Changed   int            `json:"changed"`   // contacts changed (or to be changed)
	Ambiguous int            `json:"ambiguous"` // postal codes mapped to several units in scope: left alone
	Samples   []EnrichChange `json:"samples"`   // the first changes
}

// EnrichChange is one contact's change.
type EnrichChange struct {
	ContactID int64  `json:"contact_id"`
	Display   string `json:"display"`
	From      string `json:"from,omitempty"`
	To        string `json:"to"`
}

const enrichSamples = 50

// ReassignHomeUnits gives each contact the unit its primary postal code maps to, when that is exactly one
// active unit in the actor's write scope and not already the home unit. With dryRun it only reports. Each
// moved contact gets its own history entry.
func (s *Service) ReassignHomeUnits(ctx context.Context, a *access.Actor, dryRun bool) (EnrichResult, error) {
	res, moves, err := s.planHomeUnits(ctx, a)
	if err != nil || dryRun {
		return res, err
	}
	res.Changed, err = s.applyHomeUnits(ctx, a, moves)
	return res, err
}

// homeMove is one contact's new home unit, as an enrichment planned it.
type homeMove struct {
	id int64
	to domain.UnitRef
}

// planHomeUnits finds the contacts ReassignHomeUnits would move, reading outside any write transaction.
func (s *Service) planHomeUnits(ctx context.Context, a *access.Actor) (EnrichResult, []homeMove, error) {
	var res EnrichResult
	r := s.st.Read()
	postal, err := r.PostalCodesUnder(ctx, a.Scope.Roots(access.WriteContacts))
	if err != nil {
		return res, nil, err
	}
	names := map[int64]string{}
	units, err := r.UnitsUnder(ctx, a.Scope.Roots(access.WriteContacts), false)
	if err != nil {
		return res, nil, err
	}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	var moves []homeMove
	err = r.EachContactPlace(ctx, a.Scope, func(p store.ContactPlace) error {
		res.Checked++
		code := p.PostalCode
		if len(code) == 10 && code[5] == '-' {
			code = code[:5]
		}
		targets := postal[code]
		switch {
		case len(targets) == 0:
			return nil
		case len(targets) > 1:
			for _, t := range targets {
				if t == p.HomeUnit {
					return nil
				}
			}
			res.Ambiguous++
			return nil
		case targets[0] == p.HomeUnit:
			return nil
		}
		res.Changed++
		moves = append(moves, homeMove{p.ID, domain.UnitRef{ID: targets[0], Name: names[targets[0]]}})
		if len(res.Samples) < enrichSamples {
			res.Samples = append(res.Samples, EnrichChange{ContactID: p.ID, Display: p.Display, From: names[p.HomeUnit], To: names[targets[0]]})
		}
		return nil
	})
	return res, moves, err
}

// applyHomeUnits makes the planned moves, 500 to a transaction, and returns how many it made.
func (s *Service) applyHomeUnits(ctx context.Context, a *access.Actor, moves []homeMove) (int, error) {
	moved := 0
	for start := 0; start < len(moves); start += 500 {
		err := s.st.Write(ctx, func(q *store.Q) error {
			for _, m := range moves[start:min(start+500, len(moves))] {
				ok, err := s.moveHome(ctx, q, a, m.id, m.to)
				if err != nil {
					return err
				}
				if ok {
					moved++
				}
			}
			return nil
		})
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// moveHome gives a contact a new home unit, with a history entry, and reports whether it did. The scan that
// chose the move read outside this transaction, so the contact is read in scope again here: one that has
// moved out of the actor's write scope since, or whose new unit has, is left alone.
func (s *Service) moveHome(ctx context.Context, q *store.Q, a *access.Actor, id int64, to domain.UnitRef) (bool, error) {
	sc, err := q.ContactInScope(ctx, a.Scope, access.WriteContacts, id)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	prev := sc.Contact()
	c := cloneContact(prev)
	c.HomeUnit = to
	var ve *domain.ValidationError
	if err := q.UpdateContact(ctx, sc, c, a.UserID); errors.As(err, &ve) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, audit(ctx, q, a, "contact.update", "contact", id, id, to.ID, contactChanges(prev, c))
}

// SetElectoralDistricts stores, for each contact in the actor's write scope with a German primary address, the
// Bundestag constituency of its postal code as the attribute bundestag_wahlkreis_2025 (from the table that
// ships with Roster). With dryRun it only reports. The run is one audit entry.
func (s *Service) SetElectoralDistricts(ctx context.Context, a *access.Actor, dryRun bool) (EnrichResult, error) {
	d, ok, err := geodata.ElectoralDistricts("de")
	if err != nil || !ok {
		return EnrichResult{}, err
	}
	res, values, err := s.planDistricts(ctx, a, d)
	if err != nil || dryRun {
		return res, err
	}
	res.Changed, err = s.applyDistricts(ctx, a, d.Name, values)
	return res, err
}

// planDistricts finds the contacts SetElectoralDistricts would change and their new values, reading outside any
// write transaction.
func (s *Service) planDistricts(ctx context.Context, a *access.Actor, d *geodata.Districts) (EnrichResult, map[int64]string, error) {
	var res EnrichResult
	current := map[int64]string{}
	err := s.st.Read().EachAttribute(ctx, a.Scope, d.Name, func(id int64, v string) error {
		current[id] = v
		return nil
	})
	if err != nil {
		return res, nil, err
	}
	values := map[int64]string{}
	err = s.st.Read().EachContactPlace(ctx, a.Scope, func(p store.ContactPlace) error {
		if p.Country != "DE" && p.Country != "" {
			return nil
		}
		res.Checked++
		v, ok := d.ByPostal[p.PostalCode]
		if !ok || current[p.ID] == v {
			return nil
		}
		res.Changed++
		values[p.ID] = v
		if len(res.Samples) < enrichSamples {
			res.Samples = append(res.Samples, EnrichChange{ContactID: p.ID, Display: p.Display, From: current[p.ID], To: v})
		}
		return nil
	})
	return res, values, err
}

// applyDistricts stores the planned values of the attribute, 2,000 contacts to a transaction, and returns how
// many it stored. The plan read outside these transactions: contacts that have moved out of the actor's write
// scope since are left out. The last transaction writes the run's audit entry.
func (s *Service) applyDistricts(ctx context.Context, a *access.Actor, attr string, values map[int64]string) (int, error) {
	ids := make([]int64, 0, len(values))
	for id := range values {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	written := 0
	for start := 0; start < len(ids); start += 2000 {
		last := start+2000 >= len(ids)
		err := s.st.Write(ctx, func(q *store.Q) error {
			set, err := q.IDsInScope(ctx, a.Scope, access.WriteContacts, ids[start:min(start+2000, len(ids))])
			if err != nil {
				return err
			}
			n, err := q.SetAttribute(ctx, set, attr, values)
			if err != nil {
				return err
			}
			written += n
			if !last {
				return nil
			}
			return audit(ctx, q, a, "enrich.districts", "attribute", 0, 0, 0, map[string]domain.Change{
				"attribute": {New: attr}, "contacts": {New: written}})
		})
		if err != nil {
			return written, err
		}
	}
	return written, nil
}
