package domain

import (
	"errors"
	"time"
)

// ErrSecondFactorRequired means the session's password step is done but its second factor is not yet.
var ErrSecondFactorRequired = errors.New("second factor required")

// ErrThrottled means too many failed sign-ins; the caller should wait.
var ErrThrottled = errors.New("too many attempts")

// Pledge is a version of the organization's data-protection undertaking.
type Pledge struct {
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	PublishedAt time.Time `json:"published_at"`
}

// Session is a signed-in browser, as its owner sees it in their list of sessions.
type Session struct {
	ID          string    `json:"id"` // a prefix of the stored hash: enough to name it, useless to steal it
	CreatedAt   time.Time `json:"created_at"`
	LastSeenAt  time.Time `json:"last_seen_at"`
	FromAddress string    `json:"from_address"`
	UserAgent   string    `json:"user_agent"`
	Current     bool      `json:"current"`
}

// InvitedGrant is a grant an invitation will give.
type InvitedGrant struct {
	UnitID    int64      `json:"unit_id"`
	UnitName  string     `json:"unit_name,omitempty"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// Invitation invites a person by e-mail to the given grants. The link's secret is stored only as a hash.
type Invitation struct {
	ID         int64          `json:"id"`
	Email      string         `json:"email"`
	Name       string         `json:"name"`
	Grants     []InvitedGrant `json:"grants"`
	InvitedBy  string         `json:"invited_by"`
	CreatedAt  time.Time      `json:"created_at"`
	ExpiresAt  time.Time      `json:"expires_at"`
	AcceptedAt *time.Time     `json:"accepted_at,omitempty"`
	RevokedAt  *time.Time     `json:"revoked_at,omitempty"`
	Link       string         `json:"link,omitempty"` // only when just created
	// Mail says, when just created, whether the invitation went out by e-mail: MailSent, MailNotConfigured
	// (no mail server: the link only reached the server log) or MailFailed.
	Mail string `json:"-"`
}

// What became of an invitation's e-mail.
const (
	MailSent          = "sent"
	MailNotConfigured = "not_configured"
	MailFailed        = "failed"
)

// AccessRequest asks for a role on a unit, backed by a board decision, for an admin of the unit to decide.
type AccessRequest struct {
	ID             int64      `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"name"`
	Unit           UnitRef    `json:"unit"`
	Role           string     `json:"role"`
	Until          Date       `json:"until"`
	DecisionText   string     `json:"decision_text"`
	DecisionLink   string     `json:"decision_link"`
	RequestedBy    string     `json:"requested_by"`
	RequestedAt    time.Time  `json:"requested_at"`
	Status         string     `json:"status"` // pending, approved, rejected
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	DecisionReason string     `json:"decision_reason,omitempty"`
	InvitationID   int64      `json:"invitation_id,omitempty"`
}

// SecondFactors summarizes what a user has enrolled.
type SecondFactors struct {
	TOTP          bool `json:"totp"`
	Passkeys      int  `json:"passkeys"`
	RecoveryCodes int  `json:"recovery_codes"` // unused ones left
}

// Any reports whether any second factor is enrolled.
func (f SecondFactors) Any() bool { return f.TOTP || f.Passkeys > 0 }
