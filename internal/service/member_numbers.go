package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// The organization's pattern of member numbers: series, set by admins of the whole tree like the membership
// types (store/member_numbers.go hands the numbers out).

// MemberNumberSeries lists the series, the organization's default first. Admins of the whole tree only.
func (s *Service) MemberNumberSeries(ctx context.Context, a *access.Actor) ([]domain.MemberNumberSeries, error) {
	q := s.st.Read()
	if err := s.orgSetting(ctx, q, a); err != nil {
		return nil, err
	}
	return q.MemberNumberSeries(ctx)
}

// SaveMemberNumberSeries sets the series of in.UnitID (0: the organization's default): prefix, next number,
// last number of the range (0: none) and width. Two series must not be able to make the same number.
func (s *Service) SaveMemberNumberSeries(ctx context.Context, a *access.Actor, in domain.MemberNumberSeries) (domain.MemberNumberSeries, error) {
	in.Prefix = strings.TrimSpace(in.Prefix)
	in.UnitName = ""
	if err := in.Validate(); err != nil {
		return in, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		if err := s.orgSetting(ctx, q, a); err != nil {
			return err
		}
		if in.UnitID != 0 {
			u, err := q.Unit(ctx, in.UnitID)
			if errors.Is(err, domain.ErrNotFound) {
				return domain.Invalid("unit_id", "unknown_unit")
			}
			if err != nil {
				return err
			}
			in.UnitName = u.Name
		}
		all, err := q.MemberNumberSeries(ctx)
		if err != nil {
			return err
		}
		var old domain.MemberNumberSeries
		for _, o := range all {
			switch {
			case o.UnitID == in.UnitID:
				old = o
			case o.Overlaps(in):
				name := o.UnitName
				if o.UnitID == 0 {
					name = "–"
				}
				var p domain.Problems
				p.AddParam("next", "member_numbers_overlap", name)
				return p.Err()
			}
		}
		if err := q.SaveMemberNumberSeries(ctx, in); err != nil {
			return err
		}
		return audit(ctx, q, a, "setting.update", "setting", 0, 0, in.UnitID, map[string]domain.Change{
			"member_numbers": {Old: seriesText(old), New: seriesText(in)}})
	})
	return in, err
}

// DeleteMemberNumberSeries removes a unit's series: its contacts take their numbers from the series above.
func (s *Service) DeleteMemberNumberSeries(ctx context.Context, a *access.Actor, unitID int64) error {
	if unitID == 0 {
		return domain.Invalid("unit_id", "required")
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		if err := s.orgSetting(ctx, q, a); err != nil {
			return err
		}
		all, err := q.MemberNumberSeries(ctx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.UnitID != unitID {
				continue
			}
			if _, err := q.DeleteMemberNumberSeries(ctx, unitID); err != nil {
				return err
			}
			return audit(ctx, q, a, "setting.update", "setting", 0, 0, unitID, map[string]domain.Change{
				"member_numbers": {Old: seriesText(o), New: ""}})
		}
		return domain.ErrNotFound
	})
}

// orgSetting allows organization-wide settings to admins of the whole tree (and the system actor).
func (s *Service) orgSetting(ctx context.Context, q *store.Q, a *access.Actor) error {
	whole, err := s.wholeTree(ctx, q, a, access.ManageUnits)
	if err == nil && !whole {
		err = domain.ErrForbidden
	}
	return err
}

// seriesText describes a series for the audit trail: "BY-0001 … BY-9999 (next BY-0001)".
func seriesText(x domain.MemberNumberSeries) string {
	if x.Next == 0 {
		return ""
	}
	end := "…"
	if x.Last != 0 {
		end = x.Format(x.Last)
	}
	return fmt.Sprintf("%s: next %s, to %s", cmp.Or(x.UnitName, "default"), x.Format(x.Next), end)
}
