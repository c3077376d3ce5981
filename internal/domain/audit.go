package domain

import (
	"reflect"
	"time"
)

// Change is one field's value before and after an action.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// AuditEntry records who did what to which record, and what changed.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"`
	ActorName  string    `json:"actor"`
	Action     string    `json:"action"` // e.g. "contact.update"
	EntityType string    `json:"entity_type"`
	EntityID   int64     `json:"entity_id"`
	ContactID  int64     `json:"contact_id,omitempty"`
	// ContactName is the contact's name now, for pages; only when the reader can see the contact.
	ContactName string            `json:"-"`
	UnitID      int64             `json:"unit_id,omitempty"`
	Changes     map[string]Change `json:"changes,omitempty"`
	Redacted    bool              `json:"redacted,omitempty"` // personal data removed when the contact was purged
	// Withheld: the entry is about a contact the reader cannot see now (it moved out of their scope), so its
	// changes, which hold the contact's personal data, are left out.
	Withheld bool `json:"withheld,omitempty"`
}

// AuditFilter narrows an audit search.
type AuditFilter struct {
	Action     string
	EntityType string
	EntityID   int64
	ActorID    int64
	ContactID  int64
	Since      time.Time
	Until      time.Time
	BeforeID   int64 // cursor: entries with a smaller id
	Limit      int
}

// Diff adds a Change to m when old and new differ.
func Diff(m map[string]Change, field string, old, new any) {
	if !reflect.DeepEqual(old, new) {
		m[field] = Change{Old: old, New: new}
	}
}
