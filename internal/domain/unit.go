package domain

import "time"

// Unit is a node of the organization tree (national, state, county, local ...).
type Unit struct {
	ID         int64      `json:"id"`
	ParentID   int64      `json:"parent_id,omitempty"` // 0 for a root
	Name       string     `json:"name"`
	Kind       string     `json:"kind"`           // the organization's own word: "state", "Landesverband" ...
	Code       string     `json:"code,omitempty"` // official code such as an AGS or FIPS code, unique when set
	Depth      int        `json:"depth"`          // 0 for a root
	ArchivedAt *time.Time `json:"archived_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// UnitInput holds the editable fields of a unit. Nil pointers leave a field unchanged on update.
type UnitInput struct {
	ParentID *int64  `json:"parent_id"`
	Name     *string `json:"name"`
	Kind     *string `json:"kind"`
	Code     *string `json:"code"`
}

// UnitRef is a unit as other records show it.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// PostalMapping maps a postal code to a unit, used to suggest a home unit.
type PostalMapping struct {
	PostalCode string `json:"postal_code"`
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name,omitempty"`
	Place      string `json:"place,omitempty"`
}
