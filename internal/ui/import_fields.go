package ui

import (
	"github.com/roster-crm/roster/internal/importfile"
)

// fieldGroup is an <optgroup> of the field select of the mapping table.
type fieldGroup struct {
	Label  string
	Fields []fieldChoice
}

// fieldChoice is one import field: Key and Date tell the page's script which extra control the field needs.
type fieldChoice struct {
	Value, Label string
	Key, Date    bool
}

// importFieldGroups orders the import fields as a person looks for them. A field that importfile adds later
// and that is not listed here still appears, in the last group.
var importFieldGroups = []struct {
	key    string
	fields []importfile.Field
}{
	{"ui.import.group.name", []importfile.Field{importfile.GivenName, importfile.MiddleName, importfile.FamilyName,
		importfile.FullName, importfile.HonorificPrefix, importfile.HonorificSuffix, importfile.Salutation,
		importfile.OrganizationName, importfile.ContactKind}},
	{"ui.import.group.person", []importfile.Field{importfile.Gender, importfile.BirthDate, importfile.BirthYear,
		importfile.DeceasedOn, importfile.Language}},
	{"ui.import.group.reach", []importfile.Field{importfile.Email, importfile.Phone, importfile.Mobile, importfile.Street,
		importfile.HouseNumber, importfile.AddressExtra, importfile.PostalCode, importfile.City, importfile.Region,
		importfile.Country}},
	{"ui.import.group.membership", []importfile.Field{importfile.MemberNumber, importfile.ExternalID,
		importfile.UnitCode, importfile.MembershipType, importfile.MembershipStart, importfile.MembershipEnd}},
	{"ui.import.group.more", []importfile.Field{importfile.Tags, importfile.Note, importfile.Attribute,
		importfile.DoNotEmail, importfile.DoNotPhone, importfile.DoNotMail}},
}

// fieldGroups lists every import field, grouped, with translated labels.
func fieldGroups(v *view) []fieldGroup {
	out := make([]fieldGroup, len(importFieldGroups))
	listed := map[importfile.Field]bool{}
	for i, g := range importFieldGroups {
		out[i].Label = v.T(g.key)
		for _, f := range g.fields {
			if info, ok := f.Info(); ok {
				out[i].Fields = append(out[i].Fields, fieldChoice{Value: string(f), Label: v.T("ui.import.field." + string(f)),
					Key: info.NeedsKey, Date: info.Date})
				listed[f] = true
			}
		}
	}
	last := &out[len(out)-1]
	for _, info := range importfile.Fields() {
		if !listed[info.Field] {
			last.Fields = append(last.Fields, fieldChoice{Value: string(info.Field), Label: v.Enum("ui.import.field", string(info.Field)),
				Key: info.NeedsKey, Date: info.Date})
		}
	}
	return out
}
