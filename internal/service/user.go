package service

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// UILanguages lists the languages the UI speaks.
func UILanguages() []string { return []string{"en", "de"} }

// MinPasswordLength is the password policy: long beats complicated.
const MinPasswordLength = 12

func checkPassword(p *domain.Problems, pw string, context ...string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		p.Add("password", "invalid_text")
	case n < MinPasswordLength:
		p.AddParam("password", "password_too_short", MinPasswordLength)
	case n > 1024:
		p.AddParam("password", "too_long", 1024)
	default:
		low := strings.ToLower(pw)
		for _, c := range context {
			if c = strings.ToLower(strings.TrimSpace(c)); len(c) >= 4 && strings.Contains(low, c) {
				p.Add("password", "password_contains_name")
				return
			}
		}
		if weakPassword(pw) {
			p.Add("password", "password_common")
		}
	}
}

func normalizeUser(p *domain.Problems, u *domain.User) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > maxEmail {
		p.Add("email", "invalid_email")
	}
	u.Name = text(p, "name", u.Name, maxName, true)
	if u.Language == "" {
		u.Language = "en"
	}
	if !slices.Contains(UILanguages(), u.Language) {
		p.Add("language", "invalid_choice")
	}
}

// Users lists the users an admin can see: those with a grant in the admin's scope and those the admin created.
func (s *Service) Users(ctx context.Context, a *access.Actor) ([]domain.User, error) {
	q := s.st.Read()
	if !a.IsSystem() && !a.Scope.Has(access.ManageUsers) {
		return nil, domain.ErrForbidden
	}
	whole, err := s.wholeTree(ctx, q, a, access.ManageUsers)
	if err != nil {
		return nil, err
	}
	l, err := q.Users(ctx, a.Scope, a.UserID, whole)
	if l == nil {
		l = []domain.User{}
	}
	return l, err
}

// User returns a user the admin can see, with all grants.
func (s *Service) User(ctx context.Context, a *access.Actor, id int64) (domain.User, error) {
	q := s.st.Read()
	u, err := s.visibleUser(ctx, q, a, id)
	if err != nil {
		return u, err
	}
	u.Grants, err = q.UserGrants(ctx, id)
	return u, err
}

func (s *Service) visibleUser(ctx context.Context, q *store.Q, a *access.Actor, id int64) (domain.User, error) {
	if a.UserID == id {
		return q.UserByID(ctx, id)
	}
	if !a.IsSystem() && !a.Scope.Has(access.ManageUsers) {
		return domain.User{}, domain.ErrNotFound
	}
	whole, err := s.wholeTree(ctx, q, a, access.ManageUsers)
	if err != nil {
		return domain.User{}, err
	}
	return q.User(ctx, a.Scope, a.UserID, whole, id)
}

// CreateUser adds a user account. Any admin may add users; access comes only with grants.
func (s *Service) CreateUser(ctx context.Context, a *access.Actor, in domain.UserInput) (domain.User, error) {
	var u domain.User
	if !a.IsSystem() && !a.Scope.Has(access.ManageUsers) {
		return u, domain.ErrForbidden
	}
	var p domain.Problems
	if in.Email != nil {
		u.Email = *in.Email
	}
	if in.Name != nil {
		u.Name = *in.Name
	}
	if in.Language != nil {
		u.Language = *in.Language
	}
	normalizeUser(&p, &u)
	hash := ""
	if in.Password != nil && *in.Password != "" {
		checkPassword(&p, *in.Password, u.Email, u.Name, strings.Split(u.Email, "@")[0])
		if p.Err() == nil {
			var err error
			if hash, err = auth.HashPassword(*in.Password, s.hash); err != nil {
				return u, err
			}
		}
	}
	if err := p.Err(); err != nil {
		return u, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		taken, err := q.EmailTaken(ctx, u.Email, 0)
		if err != nil {
			return err
		}
		if taken {
			return domain.Invalid("email", "taken")
		}
		if err := q.InsertUser(ctx, &u, hash, a.UserID); err != nil {
			return uniqueToField(err, "email")
		}
		return audit(ctx, q, a, "user.create", "user", u.ID, 0, 0, map[string]domain.Change{
			"email": {Old: "", New: u.Email}, "name": {Old: "", New: u.Name}})
	})
	return u, err
}

// UpdateUser changes a user's profile, password or active state. Users edit their own name, language and
// password; admins may change others only when their scope covers all of that user's live grants, so that a
// county admin cannot lock out a national officer.
func (s *Service) UpdateUser(ctx context.Context, a *access.Actor, id int64, in domain.UserInput) (domain.User, error) {
	var u domain.User
	err := s.st.Write(ctx, func(q *store.Q) error {
		prev, err := s.visibleUser(ctx, q, a, id)
		if err != nil {
			return err
		}
		self := a.UserID == id
		if !self || in.Active != nil || in.Email != nil {
			if err := s.checkOutranks(ctx, q, a, id); err != nil {
				return err
			}
		}
		u = prev
		if in.Email != nil {
			u.Email = *in.Email
		}
		if in.Name != nil {
			u.Name = *in.Name
		}
		if in.Language != nil {
			u.Language = *in.Language
		}
		var p domain.Problems
		normalizeUser(&p, &u)
		if in.Active != nil && *in.Active != prev.Active {
			if self {
				p.Add("active", "cannot_deactivate_self")
			}
			u.Active = *in.Active
			u.DeactivatedAt = nil
			if !u.Active {
				now := q.Now()
				u.DeactivatedAt = &now
			}
		}
		if in.Password != nil {
			checkPassword(&p, *in.Password, u.Email, u.Name, strings.Split(u.Email, "@")[0])
		}
		if err := p.Err(); err != nil {
			return err
		}
		if taken, err := q.EmailTaken(ctx, u.Email, id); err != nil {
			return err
		} else if taken {
			return domain.Invalid("email", "taken")
		}
		if err := q.UpdateUser(ctx, u); err != nil {
			return uniqueToField(err, "email")
		}
		changes := map[string]domain.Change{}
		domain.Diff(changes, "email", prev.Email, u.Email)
		domain.Diff(changes, "name", prev.Name, u.Name)
		domain.Diff(changes, "language", prev.Language, u.Language)
		domain.Diff(changes, "active", prev.Active, u.Active)
		if in.Password != nil {
			hash, err := auth.HashPassword(*in.Password, s.hash)
			if err != nil {
				return err
			}
			if err := q.SetPasswordHash(ctx, id, hash); err != nil {
				return err
			}
			changes["password"] = domain.Change{Old: "(set)", New: "(changed)"}
		}
		if !u.Active || in.Password != nil {
			// A deactivated user, or one whose password changed, is signed out everywhere.
			if err := q.DeleteUserSessions(ctx, id); err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return audit(ctx, q, a, "user.update", "user", id, 0, 0, changes)
	})
	return u, err
}

// checkOutranks allows an admin to act on another user only when the admin's ManageUsers scope covers every
// live grant of that user.
func (s *Service) checkOutranks(ctx context.Context, q *store.Q, a *access.Actor, id int64) error {
	if a.IsSystem() {
		return nil
	}
	grants, err := q.LiveGrants(ctx, id, q.Now())
	if err != nil {
		return err
	}
	for _, g := range grants {
		if !a.Scope.Covers(access.ManageUsers, g.UnitID, g.Ancestors) {
			return domain.ErrForbidden
		}
	}
	if len(grants) == 0 && !a.Scope.Has(access.ManageUsers) {
		return domain.ErrForbidden
	}
	return nil
}

// GrantRole gives a user a role on a unit. The admin's ManageUsers scope must cover the unit, and the admin must
// hold there every capability the role gives: nobody grants more than they have.
func (s *Service) GrantRole(ctx context.Context, a *access.Actor, in domain.GrantInput) (domain.Grant, error) {
	var g domain.Grant
	var p domain.Problems
	if !access.ValidRole(in.Role) {
		p.Add("role", "invalid_choice")
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
		p.Add("expires_at", "in_the_past")
	}
	if err := p.Err(); err != nil {
		return g, err
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		if _, err := s.visibleUser(ctx, q, a, in.UserID); err != nil {
			if err == domain.ErrNotFound {
				return domain.Invalid("user_id", "unknown_user")
			}
			return err
		}
		unit, err := q.Unit(ctx, in.UnitID)
		if err == domain.ErrNotFound {
			return domain.Invalid("unit_id", "unknown_unit")
		} else if err != nil {
			return err
		}
		anc, err := q.Ancestors(ctx, unit.ID)
		if err != nil {
			return err
		}
		if !a.Scope.Covers(access.ManageUsers, unit.ID, anc) {
			return domain.Invalid("unit_id", "unit_out_of_scope")
		}
		for _, c := range access.Capabilities(in.Role) {
			if !a.Scope.Covers(c, unit.ID, anc) {
				return domain.Invalid("role", "role_above_own")
			}
		}
		g = domain.Grant{UserID: in.UserID, Unit: domain.UnitRef{ID: unit.ID, Name: unit.Name}, Role: in.Role, ExpiresAt: in.ExpiresAt}
		if err := q.InsertGrant(ctx, &g, a.UserID); err != nil {
			return err
		}
		g.CreatedBy = a.Label()
		return audit(ctx, q, a, "grant.create", "grant", g.ID, 0, unit.ID, map[string]domain.Change{
			"user_id": {Old: nil, New: in.UserID}, "role": {Old: "", New: in.Role},
			"unit": {Old: "", New: unitLabel(g.Unit)}, "expires_at": {Old: nil, New: timeOrNil(in.ExpiresAt)}})
	})
	return g, err
}

func timeOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// RevokeGrant ends a grant at once. Any admin whose scope covers the grant's unit may revoke it.
func (s *Service) RevokeGrant(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		g, err := q.Grant(ctx, id)
		if err != nil {
			return err
		}
		anc, err := q.Ancestors(ctx, g.Unit.ID)
		if err != nil {
			return err
		}
		if !a.Scope.Covers(access.ManageUsers, g.Unit.ID, anc) {
			return domain.ErrNotFound
		}
		if g.RevokedAt != nil {
			return nil
		}
		if err := q.RevokeGrant(ctx, id, a.UserID); err != nil {
			return err
		}
		return audit(ctx, q, a, "grant.revoke", "grant", id, 0, g.Unit.ID, map[string]domain.Change{
			"user_id": {Old: g.UserID, New: g.UserID}, "role": {Old: g.Role, New: g.Role},
			"revoked": {Old: false, New: true}})
	})
}

// UnitAccess lists who has live access to a unit (grants on it or above), for admins of the unit.
func (s *Service) UnitAccess(ctx context.Context, a *access.Actor, unitID int64) ([]domain.Grant, error) {
	q := s.st.Read()
	anc, err := q.Ancestors(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !a.Scope.Covers(access.ManageUsers, unitID, anc) {
		return nil, domain.ErrNotFound
	}
	l, err := q.UnitGrants(ctx, unitID)
	if l == nil {
		l = []domain.Grant{}
	}
	return l, err
}

// AuditLog searches the audit trail of the actor's ReadAudit scope.
func (s *Service) AuditLog(ctx context.Context, a *access.Actor, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	if !a.Scope.Has(access.ReadAudit) {
		return nil, domain.ErrForbidden
	}
	q := s.st.Read()
	whole, err := s.wholeTree(ctx, q, a, access.ReadAudit)
	if err != nil {
		return nil, err
	}
	l, err := q.SearchAudit(ctx, a.Scope, whole, f)
	if l == nil {
		l = []domain.AuditEntry{}
	}
	return l, err
}
