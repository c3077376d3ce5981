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

// PostalCodeInfo is what a postal code tells the form that adds a person: the units of the actor's write
// scope it maps to (to suggest a home unit), the places it names (to fill in the town), and the units of the
// write scope it lies in — those mapped and every unit above them — so that a home unit outside them can be
// questioned before saving. Places are geography, named whatever unit the code maps to.
type PostalCodeInfo struct {
	Units         []PostalMapping `json:"units"`
	Places        []string        `json:"places"`
	WithinUnitIDs []int64         `json:"within_unit_ids"`
}

// PostalMapping maps a postal code to a unit, used to suggest a home unit.
type PostalMapping struct {
	PostalCode string `json:"postal_code"`
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name,omitempty"`
	Place      string `json:"place,omitempty"`
}
