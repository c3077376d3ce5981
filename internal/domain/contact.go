package domain

import (
	"strings"
	"time"
)

// Contact kinds.
const (
	KindPerson       = "person"
	KindHousehold    = "household"
	KindOrganization = "organization"
)

// Genders lists the values of the one gender field; empty means unknown.
func Genders() []string { return []string{"female", "male", "diverse", "other"} }

// Contact is a person, household or organization.
type Contact struct {
	ID              int64             `json:"id"`
	Kind            string            `json:"kind"`
	HomeUnit        UnitRef           `json:"home_unit"`
	GivenName       string            `json:"given_name"`
	MiddleName      string            `json:"middle_name"`
	FamilyName      string            `json:"family_name"`
	HonorificPrefix string            `json:"honorific_prefix"`
	HonorificSuffix string            `json:"honorific_suffix"`
	OrgName         string            `json:"organization_name"`
	DisplayName     string            `json:"display_name"`
	Gender          string            `json:"gender"`
	BirthDate       Date              `json:"birth_date"`
	DeceasedOn      Date              `json:"deceased_on"`
	Language        string            `json:"language"`
	MemberNumber    string            `json:"member_number"`
	Emails          []Email           `json:"emails"`
	Phones          []Phone           `json:"phones"`
	Addresses       []Address         `json:"addresses"`
	ExternalIDs     []ExternalID      `json:"external_ids"`
	Tags            []string          `json:"tags"`
	Affiliations    []UnitRef         `json:"affiliations"`
	Attributes      map[string]string `json:"attributes"` // named facts such as an electoral district
	Membership      *MemberSummary    `json:"membership"`
	CreatedAt       time.Time         `json:"created_at"`
	CreatedBy       string            `json:"created_by"`
	UpdatedAt       time.Time         `json:"updated_at"`
	UpdatedBy       string            `json:"updated_by"`
	DeletedAt       *time.Time        `json:"deleted_at,omitempty"`
	Version         int               `json:"version"`
	SortKey         string            `json:"-"`
}

// DeriveNames sets the display name (unless one was given) and the sort key from the name parts.
func (c *Contact) DeriveNames(explicitDisplay string) {
	var parts []string
	if c.Kind == KindPerson {
		parts = []string{c.HonorificPrefix, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificSuffix}
	} else {
		parts = []string{c.OrgName}
	}
	c.DisplayName = strings.TrimSpace(explicitDisplay)
	if c.DisplayName == "" {
		c.DisplayName = joinNonEmpty(parts)
	}
	if c.Kind == KindPerson && (c.FamilyName != "" || c.GivenName != "") {
		c.SortKey = Fold(joinNonEmpty([]string{c.FamilyName, c.GivenName, c.MiddleName}))
	} else {
		c.SortKey = Fold(c.DisplayName)
	}
}

func joinNonEmpty(parts []string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// Email is one e-mail address of a contact.
type Email struct {
	Address      string `json:"address"`
	Label        string `json:"label"`
	Primary      bool   `json:"primary"`
	DoNotContact bool   `json:"do_not_contact"`
}

// Phone is one phone number of a contact.
type Phone struct {
	Number       string `json:"number"`
	Label        string `json:"label"`
	Primary      bool   `json:"primary"`
	DoNotContact bool   `json:"do_not_contact"`
}

// Address is one postal address of a contact. Country is an ISO 3166-1 alpha-2 code.
type Address struct {
	Street       string `json:"street"`
	Extra        string `json:"extra"`
	PostalCode   string `json:"postal_code"`
	City         string `json:"city"`
	Region       string `json:"region"`
	Country      string `json:"country"`
	Label        string `json:"label"`
	Primary      bool   `json:"primary"`
	DoNotContact bool   `json:"do_not_contact"`
}

// ExternalID identifies a contact in another system: a voter file, a legacy CRM.
type ExternalID struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// ContactInput holds the editable fields of a contact. On update, nil fields stay unchanged and non-nil slices
// replace the whole list.
type ContactInput struct {
	Kind            *string       `json:"kind"`
	HomeUnitID      *int64        `json:"home_unit_id"`
	GivenName       *string       `json:"given_name"`
	MiddleName      *string       `json:"middle_name"`
	FamilyName      *string       `json:"family_name"`
	HonorificPrefix *string       `json:"honorific_prefix"`
	HonorificSuffix *string       `json:"honorific_suffix"`
	OrgName         *string       `json:"organization_name"`
	DisplayName     *string       `json:"display_name"`
	Gender          *string       `json:"gender"`
	BirthDate       *Date         `json:"birth_date"`
	DeceasedOn      *Date         `json:"deceased_on"`
	Language        *string       `json:"language"`
	MemberNumber    *string       `json:"member_number"`
	Emails          *[]Email      `json:"emails"`
	Phones          *[]Phone      `json:"phones"`
	Addresses       *[]Address    `json:"addresses"`
	ExternalIDs     *[]ExternalID `json:"external_ids"`
	Tags            *[]string     `json:"tags"`
	AffiliationIDs  *[]int64      `json:"affiliation_unit_ids"`
	Version         *int          `json:"version"` // when set, the update fails with ErrConflict if the record moved on
}

// ContactSummary is a contact as lists and search results show it.
type ContactSummary struct {
	ID           int64      `json:"id"`
	Kind         string     `json:"kind"`
	DisplayName  string     `json:"display_name"`
	MemberNumber string     `json:"member_number"`
	HomeUnit     UnitRef    `json:"home_unit"`
	Email        string     `json:"email"`
	Phone        string     `json:"phone"`
	PostalCode   string     `json:"postal_code"`
	City         string     `json:"city"`
	Status       string     `json:"status"` // membership status, "" for non-members
	DeletedAt    *time.Time `json:"deleted_at,omitempty"`
	SortKey      string     `json:"-"`
}

// ContactFilter narrows a contact list. Zero values mean "any".
type ContactFilter struct {
	UnitID     int64    `json:"unit_id,omitempty"`    // the unit and everything below it
	Tag        string   `json:"tag,omitempty"`        // tag name
	Statuses   []string `json:"statuses,omitempty"`   // membership statuses; "none" for contacts without membership
	TypeID     int64    `json:"type_id,omitempty"`    // membership type of the current membership
	JoinedFrom Date     `json:"joined_from,omitzero"` // current membership started on or after
	JoinedTo   Date     `json:"joined_to,omitzero"`   // current membership started on or before
	HasEmail   bool     `json:"has_email,omitempty"`  // has at least one e-mail address
	HasPhone   bool     `json:"has_phone,omitempty"`  // has at least one phone number
	Trashed    bool     `json:"trashed,omitempty"`    // list the trash instead of live contacts
	Sort       string   `json:"sort,omitempty"`       // one of Sorts(); "" is by name
}

// Plain reports a filter that asks only for the live contacts of a subtree: such lists are counted from
// the index alone, exactly and fast.
func (f ContactFilter) Plain() bool {
	return f.Tag == "" && len(f.Statuses) == 0 && f.TypeID == 0 && f.JoinedFrom.IsZero() && f.JoinedTo.IsZero() &&
		!f.HasEmail && !f.HasPhone && !f.Trashed
}

// Sorts lists the orders a contact list can have.
func Sorts() []string { return []string{"name", "-name", "newest"} }

// Duplicate is an existing contact that a new one may duplicate, with the reasons.
type Duplicate struct {
	ContactSummary
	Reasons []string `json:"reasons"` // "email", "member_number", "name_postal_code"
}

// SavedList is a user's named contact filter, the owner's alone or shared with the officers of a unit. Whoever
// opens it applies the filter with their own scope.
type SavedList struct {
	ID         int64         `json:"id"`
	Name       string        `json:"name"`
	Filter     ContactFilter `json:"filter"`
	Owner      string        `json:"owner"`       // the owner's name
	Mine       bool          `json:"mine"`        // the reader owns the list (and may rename, share, delete it)
	SharedWith *UnitRef      `json:"shared_with"` // the unit whose officers see the list; nil when it is personal
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// UnitCount is the number of contacts and of members in good standing homed in a unit's subtree, as counted
// in the background at ComputedAt. Contacts merely affiliated with the subtree are not counted: these are the
// unit's own people, the ones its accreditation list holds, while a contact list filtered to the unit also
// shows the affiliated ones.
type UnitCount struct {
	UnitID     int64     `json:"unit_id"`
	Contacts   int       `json:"contacts"`
	Members    int       `json:"members"`
	Includes   string    `json:"includes"` // always CountsHome
	ComputedAt time.Time `json:"computed_at"`
}

// What a count counts: contacts whose home unit lies in the subtree, or also those affiliated with it.
const (
	CountsHome              = "home"
	CountsHomeAndAffiliated = "home_and_affiliated"
)

// Note is a dated remark on a contact.
type Note struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// Relationship kinds, read "contact <kind> other".
func RelationshipKinds() []string {
	return []string{"household_member", "employee", "partner", "parent", "child", "related"}
}

// Relationship links two contacts.
type Relationship struct {
	ID        int64      `json:"id"`
	ContactID int64      `json:"contact_id"`
	Kind      string     `json:"kind"`
	Other     ContactRef `json:"other"`
	CreatedAt time.Time  `json:"created_at"`
}

// ContactRef is a contact as other records show it.
type ContactRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ReverseRelationship names a relationship read from the other side: if A is B's parent, B is A's child.
func ReverseRelationship(kind string) string {
	switch kind {
	case "parent":
		return "child"
	case "child":
		return "parent"
	case "household_member":
		return "household_of"
	case "employee":
		return "employer_of"
	}
	return kind
}
