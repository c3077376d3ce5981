package ui

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// maxRows is the most rows of each list the edit form shows; the service accepts no more.
const maxRows = 20

type emailRow struct {
	Index          int
	Address, Label string
	DoNotContact   bool
}

type phoneRow struct {
	Index         int
	Number, Label string
	DoNotContact  bool
}

type addressRow struct {
	Index                                                   int
	Street, Extra, PostalCode, City, Region, Country, Label string
	DoNotContact                                            bool
}

// contactForm is the edit form as entered: every list as rows, the primary entry of each as a row index.
type contactForm struct {
	Version, Kind                                       string
	GivenName, MiddleName, FamilyName, OrgName, Gender  string
	BirthDate, Language, MemberNumber, HomeUnitID, Tags string
	Emails                                              []emailRow
	Phones                                              []phoneRow
	Addresses                                           []addressRow
	EmailPrimary, PhonePrimary, AddressPrimary          int
	NewCountry                                          string // country preset for a new address row
}

// contactFormOf fills the form from a stored contact.
func contactFormOf(c *domain.Contact) contactForm {
	f := contactForm{Version: strconv.Itoa(c.Version), Kind: c.Kind, GivenName: c.GivenName,
		MiddleName: c.MiddleName, FamilyName: c.FamilyName, OrgName: c.OrgName, Gender: c.Gender,
		BirthDate: c.BirthDate.String(), Language: c.Language, MemberNumber: c.MemberNumber,
		HomeUnitID: itoa(c.HomeUnit.ID), Tags: strings.Join(c.Tags, ", ")}
	for i, e := range c.Emails {
		f.Emails = append(f.Emails, emailRow{i, e.Address, e.Label, e.DoNotContact})
		if e.Primary {
			f.EmailPrimary = i
		}
	}
	for i, p := range c.Phones {
		f.Phones = append(f.Phones, phoneRow{i, p.Number, p.Label, p.DoNotContact})
		if p.Primary {
			f.PhonePrimary = i
		}
	}
	for i, a := range c.Addresses {
		f.Addresses = append(f.Addresses, addressRow{i, a.Street, a.Extra, a.PostalCode, a.City, a.Region, a.Country, a.Label, a.DoNotContact})
		if a.Primary {
			f.AddressPrimary = i
		}
	}
	f.addEmptyRows()
	return f
}

// addEmptyRows gives each list one empty row to add an entry, and at least two rows. A new address row
// takes the country of the first address, else DE.
func (f *contactForm) addEmptyRows() {
	f.NewCountry = "DE"
	if len(f.Addresses) > 0 && f.Addresses[0].Country != "" {
		f.NewCountry = f.Addresses[0].Country
	}
	for n := len(f.Emails); n < maxRows && (n < 2 || f.Emails[n-1].Address != ""); n++ {
		f.Emails = append(f.Emails, emailRow{Index: n})
	}
	for n := len(f.Phones); n < maxRows && (n < 2 || f.Phones[n-1].Number != ""); n++ {
		f.Phones = append(f.Phones, phoneRow{Index: n})
	}
	for n := len(f.Addresses); n < maxRows && (n < 2 || !f.Addresses[n-1].empty()); n++ {
		f.Addresses = append(f.Addresses, addressRow{Index: n, Country: f.NewCountry})
	}
}

// name is the contact's name as entered, for the page title.
func (f contactForm) name() string {
	if f.Kind != domain.KindPerson && f.OrgName != "" {
		return f.OrgName
	}
	return strings.TrimSpace(f.GivenName + " " + f.FamilyName)
}

func (a addressRow) empty() bool {
	return a.Street == "" && a.Extra == "" && a.PostalCode == "" && a.City == "" && a.Region == ""
}

// readContactForm reads the edit form; rows are read up to maxRows, and trailing empty rows are dropped
// (addEmptyRows puts one back for the page).
func readContactForm(v url.Values) contactForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := contactForm{Version: get("version"), Kind: get("kind"), GivenName: get("given_name"),
		MiddleName: get("middle_name"), FamilyName: get("family_name"), OrgName: get("organization_name"),
		Gender: get("gender"), BirthDate: get("birth_date"), Language: get("language"),
		MemberNumber: get("member_number"), HomeUnitID: get("home_unit_id"), Tags: get("tags")}
	f.EmailPrimary, _ = strconv.Atoi(get("emails.primary"))
	f.PhonePrimary, _ = strconv.Atoi(get("phones.primary"))
	f.AddressPrimary, _ = strconv.Atoi(get("addresses.primary"))
	for i := range maxRows {
		at := func(list, name string) string { return get(fmt.Sprintf("%s.%d.%s", list, i, name)) }
		f.Emails = append(f.Emails, emailRow{i, at("emails", "address"), at("emails", "label"), at("emails", "do_not_contact") != ""})
		f.Phones = append(f.Phones, phoneRow{i, at("phones", "number"), at("phones", "label"), at("phones", "do_not_contact") != ""})
		f.Addresses = append(f.Addresses, addressRow{i, at("addresses", "street"), at("addresses", "extra"),
			at("addresses", "postal_code"), at("addresses", "city"), at("addresses", "region"),
			at("addresses", "country"), at("addresses", "label"), at("addresses", "do_not_contact") != ""})
	}
	for len(f.Emails) > 0 && f.Emails[len(f.Emails)-1].Address == "" {
		f.Emails = f.Emails[:len(f.Emails)-1]
	}
	for len(f.Phones) > 0 && f.Phones[len(f.Phones)-1].Number == "" {
		f.Phones = f.Phones[:len(f.Phones)-1]
	}
	for len(f.Addresses) > 0 && f.Addresses[len(f.Addresses)-1].empty() {
		f.Addresses = f.Addresses[:len(f.Addresses)-1]
	}
	return f
}

// rowMap remembers which form row each list entry sent to the service came from, because empty rows in
// between are left out: the service's "emails.1" may be the form's row 2.
type rowMap map[string][]int

// input turns the form into a full update of the editable fields. Fields the form does not show (external
// ids, affiliations, display name) stay nil and so unchanged.
func (f contactForm) input(p *domain.Problems) (domain.ContactInput, rowMap) {
	rows := rowMap{}
	emails, phones, addresses := []domain.Email{}, []domain.Phone{}, []domain.Address{}
	for _, e := range f.Emails {
		if e.Address != "" {
			emails = append(emails, domain.Email{Address: e.Address, Label: e.Label, Primary: e.Index == f.EmailPrimary, DoNotContact: e.DoNotContact})
			rows["emails"] = append(rows["emails"], e.Index)
		}
	}
	for _, ph := range f.Phones {
		if ph.Number != "" {
			phones = append(phones, domain.Phone{Number: ph.Number, Label: ph.Label, Primary: ph.Index == f.PhonePrimary, DoNotContact: ph.DoNotContact})
			rows["phones"] = append(rows["phones"], ph.Index)
		}
	}
	for _, a := range f.Addresses {
		if !a.empty() {
			addresses = append(addresses, domain.Address{Street: a.Street, Extra: a.Extra, PostalCode: a.PostalCode, City: a.City,
				Region: a.Region, Country: a.Country, Label: a.Label, Primary: a.Index == f.AddressPrimary, DoNotContact: a.DoNotContact})
			rows["addresses"] = append(rows["addresses"], a.Index)
		}
	}
	tags := []string{}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	birth := domain.Date{}
	if d := formDate(p, "birth_date", f.BirthDate); d != nil {
		birth = *d
	}
	home := formID(p, "home_unit_id", f.HomeUnitID)
	version, err := strconv.Atoi(f.Version)
	if err != nil {
		p.Add("version", "invalid_number")
	}
	in := domain.ContactInput{GivenName: &f.GivenName, MiddleName: &f.MiddleName, FamilyName: &f.FamilyName,
		Gender: &f.Gender, BirthDate: &birth, Language: &f.Language, MemberNumber: &f.MemberNumber,
		HomeUnitID: &home, Emails: &emails, Phones: &phones, Addresses: &addresses, Tags: &tags, Version: &version}
	if f.Kind != domain.KindPerson {
		in.OrgName = &f.OrgName
	}
	return in, rows
}

// field maps a service field name to the form's: list entries to their form row, tags to the tags box;
// "" for fields the form does not show.
func (m rowMap) field(name string) string {
	parts := strings.SplitN(name, ".", 3)
	switch {
	case len(parts) == 1 && isEditField(name):
		return name
	case parts[0] == "tags":
		return "tags"
	case len(parts) == 3 && m[parts[0]] != nil:
		i, err := strconv.Atoi(parts[1])
		if err != nil || i >= len(m[parts[0]]) {
			return ""
		}
		return fmt.Sprintf("%s.%d.%s", parts[0], m[parts[0]][i], parts[2])
	}
	return ""
}

func isEditField(name string) bool {
	switch name {
	case "given_name", "middle_name", "family_name", "organization_name", "gender", "birth_date", "language",
		"member_number", "home_unit_id":
		return true
	}
	return false
}
