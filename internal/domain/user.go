package domain

import "time"

// User is a person who signs in to Roster.
type User struct {
	ID            int64      `json:"id"`
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	Language      string     `json:"language"`
	Active        bool       `json:"active"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
	Grants        []Grant    `json:"grants,omitempty"`
}

// UserInput holds the editable fields of a user.
type UserInput struct {
	Email    *string `json:"email"`
	Name     *string `json:"name"`
	Language *string `json:"language"`
	Password *string `json:"password"`
	Active   *bool   `json:"active"`
}

// Grant gives a user a role on a unit and everything below it, until it expires or is revoked.
type Grant struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	UserName  string     `json:"user_name,omitempty"`
	Unit      UnitRef    `json:"unit"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Live reports whether the grant works at time now.
func (g Grant) Live(now time.Time) bool {
	return g.RevokedAt == nil && (g.ExpiresAt == nil || g.ExpiresAt.After(now))
}

// GrantInput is a request to grant a role.
type GrantInput struct {
	UserID    int64      `json:"user_id"`
	UnitID    int64      `json:"unit_id"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// APIToken is a personal access token; the secret is shown once at creation and stored only as a hash.
type APIToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Secret     string     `json:"token,omitempty"` // only in the response that creates it
}
