package importfile

// Field is a Roster import field a column can be mapped to. The string values are stable: saved mappings and
// presets store them.
type Field string

// The import fields. Ignore ("") means the column is not imported.
const (
	Ignore Field = ""

	GivenName        Field = "given_name"
	MiddleName       Field = "middle_name"
	FamilyName       Field = "family_name"
	FullName         Field = "full_name" // "Hans Müller" or "Müller, Hans"; see SplitName
	HonorificPrefix  Field = "honorific_prefix"
	HonorificSuffix  Field = "honorific_suffix"
	Salutation       Field = "salutation" // Herr/Frau, Mr/Ms: not stored, but ParseGender reads a gender from it
	OrganizationName Field = "organization_name"
	ContactKind      Field = "kind" // person, household, organization (CiviCRM's Individual/Household/Organization)
	Gender           Field = "gender"
	BirthDate        Field = "birth_date"
	BirthYear        Field = "birth_year" // only a year, as in voter files; not a birth date
	DeceasedOn       Field = "deceased_on"
	Language         Field = "language"

	Email        Field = "email"
	Phone        Field = "phone"
	Mobile       Field = "mobile"
	Street       Field = "street"       // street and house number, or the street alone when HouseNumber is mapped
	HouseNumber  Field = "house_number" // joined to the street with JoinStreet
	AddressExtra Field = "address_extra"
	PostalCode   Field = "postal_code"
	City         Field = "city"
	Region       Field = "region" // state, Bundesland
	Country      Field = "country"

	MemberNumber    Field = "member_number"
	ExternalID      Field = "external_id" // Key names the system ("us-nc-ncid"); several columns may map here
	UnitCode        Field = "unit_code"   // the home unit's code (or name)
	Tags            Field = "tags"        // one or more tags; see SplitList
	MembershipType  Field = "membership_type"
	MembershipStart Field = "membership_start"
	MembershipEnd   Field = "membership_end"
	Note            Field = "note"
	Attribute       Field = "attribute" // any other fact worth keeping (party, precinct); Key names it

	DoNotEmail Field = "do_not_email"
	DoNotPhone Field = "do_not_phone"
	DoNotMail  Field = "do_not_mail"
)

// FieldInfo describes how a field's values are read.
type FieldInfo struct {
	Field    Field
	Multi    bool // several columns may map to it (each value is added)
	Date     bool // values are dates: parse with ParseDate and the column's DateOrder
	Bool     bool // values are yes/no: parse with ParseBool
	NeedsKey bool // the column mapping must name a Key (external ID system, attribute name)
}

// Fields lists every import field in the order an import form offers them.
func Fields() []FieldInfo {
	return []FieldInfo{
		{Field: GivenName}, {Field: MiddleName}, {Field: FamilyName}, {Field: FullName},
		{Field: HonorificPrefix}, {Field: HonorificSuffix}, {Field: Salutation}, {Field: OrganizationName},
		{Field: ContactKind}, {Field: Gender}, {Field: BirthDate, Date: true}, {Field: BirthYear},
		{Field: DeceasedOn, Date: true}, {Field: Language},
		{Field: Email, Multi: true}, {Field: Phone, Multi: true}, {Field: Mobile, Multi: true},
		{Field: Street}, {Field: HouseNumber}, {Field: AddressExtra}, {Field: PostalCode}, {Field: City}, {Field: Region},
		{Field: Country},
		{Field: MemberNumber}, {Field: ExternalID, Multi: true, NeedsKey: true}, {Field: UnitCode},
		{Field: Tags, Multi: true}, {Field: MembershipType}, {Field: MembershipStart, Date: true},
		{Field: MembershipEnd, Date: true}, {Field: Note, Multi: true},
		{Field: Attribute, Multi: true, NeedsKey: true},
		{Field: DoNotEmail, Bool: true}, {Field: DoNotPhone, Bool: true}, {Field: DoNotMail, Bool: true},
	}
}

// Info returns the description of f, and false for an unknown field (and for Ignore).
func (f Field) Info() (FieldInfo, bool) {
	for _, fi := range Fields() {
		if fi.Field == f {
			return fi, true
		}
	}
	return FieldInfo{}, false
}
