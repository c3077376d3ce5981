package domain

// ContactTextField is one single-valued text field of a contact, by its name in the API, the audit trail and
// the merge form: where it lives in a Contact and in a ContactInput.
type ContactTextField struct {
	Name  string
	Of    func(*Contact) *string
	Input func(*ContactInput) **string
}

// ContactTextFields lists the contact's single-valued text fields: the one list that the contact writer, the
// audit trail's diff, the import's merge and the duplicate merge go through, so that a new field is added
// once.
func ContactTextFields() []ContactTextField {
	return []ContactTextField{
		{"kind", func(c *Contact) *string { return &c.Kind }, func(in *ContactInput) **string { return &in.Kind }},
		{"given_name", func(c *Contact) *string { return &c.GivenName }, func(in *ContactInput) **string { return &in.GivenName }},
		{"middle_name", func(c *Contact) *string { return &c.MiddleName }, func(in *ContactInput) **string { return &in.MiddleName }},
		{"family_name", func(c *Contact) *string { return &c.FamilyName }, func(in *ContactInput) **string { return &in.FamilyName }},
		{"honorific_prefix", func(c *Contact) *string { return &c.HonorificPrefix },
			func(in *ContactInput) **string { return &in.HonorificPrefix }},
		{"honorific_suffix", func(c *Contact) *string { return &c.HonorificSuffix },
			func(in *ContactInput) **string { return &in.HonorificSuffix }},
		{"organization_name", func(c *Contact) *string { return &c.OrgName }, func(in *ContactInput) **string { return &in.OrgName }},
		{"gender", func(c *Contact) *string { return &c.Gender }, func(in *ContactInput) **string { return &in.Gender }},
		{"language", func(c *Contact) *string { return &c.Language }, func(in *ContactInput) **string { return &in.Language }},
		{"member_number", func(c *Contact) *string { return &c.MemberNumber },
			func(in *ContactInput) **string { return &in.MemberNumber }},
	}
}
