package service

import (
	"context"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// CurrentPledge returns the organization's current data-protection pledge; ok is false when none is
// published (then nobody has to accept one).
func (s *Service) CurrentPledge(ctx context.Context) (domain.Pledge, bool, error) {
	return s.st.Read().CurrentPledge(ctx)
}

// PublishPledge publishes a new pledge version; every user must accept it at their next sign-in before
// seeing contact data again. Admins of the whole tree only.
func (s *Service) PublishPledge(ctx context.Context, a *access.Actor, title, body string) (domain.Pledge, error) {
	var p domain.Problems
	pl := domain.Pledge{Title: text(&p, "title", title, maxShort, true), Body: text(&p, "body", body, 50000, true)}
	if err := p.Err(); err != nil {
		return pl, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		whole, err := s.wholeTree(ctx, q, a, access.ManageUsers)
		if err != nil {
			return err
		}
		if !whole {
			return domain.ErrForbidden
		}
		if pl.Version, err = q.PublishPledge(ctx, pl.Title, pl.Body, a.UserID); err != nil {
			return err
		}
		pl.PublishedAt = q.Now()
		return audit(ctx, q, a, "pledge.publish", "pledge", int64(pl.Version), 0, 0, map[string]domain.Change{
			"title": {Old: nil, New: pl.Title}})
	})
	return pl, err
}

// AcceptPledge records that the actor accepted the given (current) pledge version, when and from where.
func (s *Service) AcceptPledge(ctx context.Context, a *access.Actor, version int, from string) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		cur, ok, err := q.CurrentPledge(ctx)
		if err != nil {
			return err
		}
		if !ok || cur.Version != version {
			return domain.Invalid("version", "pledge_outdated")
		}
		if err := q.AcceptPledge(ctx, a.UserID, version, from); err != nil {
			return err
		}
		return audit(ctx, q, a, "pledge.accept", "user", a.UserID, 0, 0, map[string]domain.Change{
			"version": {Old: nil, New: version}, "from": {Old: nil, New: from}})
	})
}

// SecondFactorPolicy returns which roles must use a second factor: "all", a comma-separated list of roles,
// or "" for none.
func (s *Service) SecondFactorPolicy(ctx context.Context) (string, error) {
	return s.st.Read().Setting(ctx, "second_factor_required")
}

// SetSecondFactorPolicy requires a second factor for some roles or for everyone. Admins of the whole tree.
func (s *Service) SetSecondFactorPolicy(ctx context.Context, a *access.Actor, policy string) error {
	policy = strings.TrimSpace(policy)
	if policy != "" && policy != "all" {
		for _, r := range strings.Split(policy, ",") {
			if !access.ValidRole(strings.TrimSpace(r)) {
				return domain.Invalid("policy", "invalid_choice")
			}
		}
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		whole, err := s.wholeTree(ctx, q, a, access.ManageUsers)
		if err != nil {
			return err
		}
		if !whole {
			return domain.ErrForbidden
		}
		old, err := q.Setting(ctx, "second_factor_required")
		if err != nil {
			return err
		}
		if err := q.SetSetting(ctx, "second_factor_required", policy); err != nil {
			return err
		}
		return audit(ctx, q, a, "setting.update", "setting", 0, 0, 0, map[string]domain.Change{
			"second_factor_required": {Old: old, New: policy}})
	})
}

// gate decides whether a user with live grants may work yet: the current pledge must be accepted and, where
// the organization requires it for one of the user's roles, a second factor enrolled.
func (s *Service) gate(ctx context.Context, q *store.Q, userID int64, grants []access.GrantedUnit) (pledge, enrol bool, err error) {
	cur, ok, err := q.CurrentPledge(ctx)
	if err != nil {
		return false, false, err
	}
	if ok {
		accepted, err := q.AcceptedPledge(ctx, userID)
		if err != nil {
			return false, false, err
		}
		pledge = accepted < cur.Version
	}
	policy, err := q.Setting(ctx, "second_factor_required")
	if err != nil || policy == "" {
		return pledge, false, err
	}
	required := policy == "all"
	for _, g := range grants {
		required = required || slices.Contains(strings.Split(policy, ","), g.Role)
	}
	if required {
		f, err := q.SecondFactors(ctx, userID)
		if err != nil {
			return false, false, err
		}
		enrol = !f.Any()
	}
	return pledge, enrol, nil
}
