package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

const userCols = `u.id, u.email, u.name, u.language, u.active, u.created_at, u.updated_at, u.deactivated_at`

func scanUser(sc interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Language, &u.Active, reqTime{&u.CreatedAt}, reqTime{&u.UpdatedAt},
		timeScan{&u.DeactivatedAt})
	return u, err
}

// UserByID reads a user without scope: for sign-in and actor resolution only.
func (q *Q) UserByID(ctx context.Context, id int64) (domain.User, error) {
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.ErrNotFound
	}
	return u, err
}

// UserCredentials finds a user and password hash by e-mail, for sign-in.
func (q *Q) UserCredentials(ctx context.Context, email string) (domain.User, string, error) {
	var hash string
	row := q.db.QueryRowContext(ctx, `SELECT `+userCols+`, u.password_hash FROM users u WHERE u.email = $1`, email)
	var u domain.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Language, &u.Active, reqTime{&u.CreatedAt}, reqTime{&u.UpdatedAt},
		timeScan{&u.DeactivatedAt}, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", domain.ErrNotFound
	}
	return u, hash, err
}

// userVisibleSQL: a user is visible to an admin when one of the user's grants (live or not) lies in the
// admin's ManageUsers scope, when the admin created the user, or, for admins of a whole tree, always.
func userVisibleSQL(a *args, s access.Scope, actor int64, wholeTree bool) string {
	if wholeTree {
		return "1 = 1"
	}
	roots := s.Roots(access.ManageUsers)
	if len(roots) == 0 {
		return "u.id = " + a.add(actor)
	}
	return `(u.id = ` + a.add(actor) + ` OR u.created_by = ` + a.add(actor) + ` OR EXISTS (SELECT 1 FROM grants vg
		JOIN unit_closure vc ON vc.descendant_id = vg.unit_id
		WHERE vg.user_id = u.id AND vc.ancestor_id IN ` + a.in(roots) + `))`
}

// Users lists the users visible to an admin, by name.
func (q *Q) Users(ctx context.Context, s access.Scope, actor int64, wholeTree bool) ([]domain.User, error) {
	var a args
	rows, err := q.query(ctx, `SELECT `+userCols+` FROM users u WHERE `+userVisibleSQL(&a, s, actor, wholeTree)+
		` ORDER BY u.name, u.id`, a.list...)
	if err != nil {
		return nil, err
	}
	var out []domain.User
	err = eachRow(rows, func() error {
		u, err := scanUser(rows)
		out = append(out, u)
		return err
	})
	return out, err
}

// User reads one user visible to an admin.
func (q *Q) User(ctx context.Context, s access.Scope, actor int64, wholeTree bool, id int64) (domain.User, error) {
	var a args
	idp := a.add(id)
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = `+idp+` AND `+
		userVisibleSQL(&a, s, actor, wholeTree), a.list...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.ErrNotFound
	}
	return u, err
}

// EmailTaken reports whether another user has the e-mail address.
func (q *Q) EmailTaken(ctx context.Context, email string, except int64) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1 AND id <> $2`, email, except).Scan(&n)
	return n > 0, err
}

// InsertUser creates a user.
func (q *Q) InsertUser(ctx context.Context, u *domain.User, passwordHash string, actor int64) error {
	u.CreatedAt, u.UpdatedAt, u.Active = q.now, q.now, true
	err := q.db.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, language, active, created_at,
		created_by, updated_at) VALUES ($1, $2, $3, $4, TRUE, $5, $6, $5) RETURNING id`,
		u.Email, u.Name, passwordHash, u.Language, ts(q.now), nullInt(actor)).Scan(&u.ID)
	return q.wrapNil(err, "INSERT INTO users")
}

// UpdateUser writes e-mail, name, language and active state.
func (q *Q) UpdateUser(ctx context.Context, u domain.User) error {
	_, err := q.exec(ctx, `UPDATE users SET email = $2, name = $3, language = $4, active = $5, deactivated_at = $6,
		updated_at = $7 WHERE id = $1`, u.ID, u.Email, u.Name, u.Language, u.Active, tsOrNil(u.DeactivatedAt), ts(q.now))
	return err
}

// SetPasswordHash replaces a user's password hash.
func (q *Q) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	_, err := q.exec(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, id, hash, ts(q.now))
	return err
}

const grantCols = `g.id, g.user_id, gu.name, g.unit_id, un.name, g.role, g.expires_at, g.created_at,
	COALESCE(cb.email, ''), g.revoked_at`

const grantFrom = ` FROM grants g JOIN users gu ON gu.id = g.user_id JOIN units un ON un.id = g.unit_id
	LEFT JOIN users cb ON cb.id = g.created_by`

func scanGrants(rows *sql.Rows) ([]domain.Grant, error) {
	var out []domain.Grant
	err := eachRow(rows, func() error {
		var g domain.Grant
		err := rows.Scan(&g.ID, &g.UserID, &g.UserName, &g.Unit.ID, &g.Unit.Name, &g.Role, timeScan{&g.ExpiresAt},
			reqTime{&g.CreatedAt}, &g.CreatedBy, timeScan{&g.RevokedAt})
		out = append(out, g)
		return err
	})
	return out, err
}

// UserGrants lists all grants of a user, newest first, including expired and revoked ones.
func (q *Q) UserGrants(ctx context.Context, userID int64) ([]domain.Grant, error) {
	rows, err := q.query(ctx, `SELECT `+grantCols+grantFrom+` WHERE g.user_id = $1 ORDER BY g.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return scanGrants(rows)
}

// UnitGrants lists the live grants that give access to a unit: on the unit or any unit above it.
func (q *Q) UnitGrants(ctx context.Context, unitID int64) ([]domain.Grant, error) {
	rows, err := q.query(ctx, `SELECT `+grantCols+grantFrom+`
		WHERE g.unit_id IN (SELECT ancestor_id FROM unit_closure WHERE descendant_id = $1)
		AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $2) AND gu.active
		ORDER BY un.depth, gu.name`, unitID, ts(q.now))
	if err != nil {
		return nil, err
	}
	return scanGrants(rows)
}

// Grant reads one grant.
func (q *Q) Grant(ctx context.Context, id int64) (domain.Grant, error) {
	rows, err := q.query(ctx, `SELECT `+grantCols+grantFrom+` WHERE g.id = $1`, id)
	if err != nil {
		return domain.Grant{}, err
	}
	gs, err := scanGrants(rows)
	if err == nil && len(gs) == 0 {
		err = domain.ErrNotFound
	}
	if err != nil {
		return domain.Grant{}, err
	}
	return gs[0], nil
}

// InsertGrant stores a grant.
func (q *Q) InsertGrant(ctx context.Context, g *domain.Grant, actor int64) error {
	g.CreatedAt = q.now
	err := q.db.QueryRowContext(ctx, `INSERT INTO grants (user_id, unit_id, role, expires_at, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, g.UserID, g.Unit.ID, g.Role, tsOrNil(g.ExpiresAt), ts(q.now),
		nullInt(actor)).Scan(&g.ID)
	return q.wrapNil(err, "INSERT INTO grants")
}

// RevokeGrant ends a grant now.
func (q *Q) RevokeGrant(ctx context.Context, id, actor int64) error {
	_, err := q.exec(ctx, `UPDATE grants SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL`,
		id, ts(q.now), nullInt(actor))
	return err
}

// LiveGrants returns the grants of an active user that work at time now, with each unit's ancestors: the
// input of scope resolution. An inactive user has none.
func (q *Q) LiveGrants(ctx context.Context, userID int64, now time.Time) ([]access.GrantedUnit, error) {
	rows, err := q.query(ctx, `SELECT g.role, g.unit_id, un.name, COALESCE(uc.ancestor_id, 0)
		FROM grants g JOIN users u ON u.id = g.user_id JOIN units un ON un.id = g.unit_id
		LEFT JOIN unit_closure uc ON uc.descendant_id = g.unit_id AND uc.depth > 0
		WHERE g.user_id = $1 AND u.active AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $2)
		ORDER BY g.id`, userID, ts(now))
	if err != nil {
		return nil, err
	}
	var out []access.GrantedUnit
	err = eachRow(rows, func() error {
		var role, name string
		var unit, anc int64
		if err := rows.Scan(&role, &unit, &name, &anc); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].UnitID == unit && out[n-1].Role == role {
			if anc != 0 {
				out[n-1].Ancestors = append(out[n-1].Ancestors, anc)
			}
			return nil
		}
		g := access.GrantedUnit{Role: role, UnitID: unit, UnitName: name}
		if anc != 0 {
			g.Ancestors = []int64{anc}
		}
		out = append(out, g)
		return nil
	})
	return out, err
}

// ExpiringGrants lists live grants expiring before `before`: the user's own and those on units in the
// subtrees of roots.
func (q *Q) ExpiringGrants(ctx context.Context, userID int64, roots []int64, before time.Time) ([]domain.Grant, error) {
	var a args
	now, until, user := a.add(ts(q.now)), a.add(ts(before)), a.add(userID)
	scope := "g.user_id = " + user
	if len(roots) > 0 {
		scope = "(" + scope + " OR g.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id IN " + a.in(roots) + "))"
	}
	rows, err := q.query(ctx, `SELECT `+grantCols+grantFrom+` WHERE g.revoked_at IS NULL AND g.expires_at > `+now+
		` AND g.expires_at <= `+until+` AND `+scope+` ORDER BY g.expires_at`, a.list...)
	if err != nil {
		return nil, err
	}
	return scanGrants(rows)
}
