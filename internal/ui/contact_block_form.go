package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// A block is one part of the contact page that is edited on its own: the name and personal details, or
// the primary e-mail address, phone number and postal address. Each sends only its own fields to the
// service, with the version it was loaded at, so a change made by someone else in between is a conflict
// instead of being overwritten.
type block interface {
	input(c *domain.Contact, p *domain.Problems) (domain.ContactInput, func(field string) string)
}

// blockOf fills the form of the named block from a stored contact. The name is also in the contact page's
// ids ("block-name") and in the edit URL (?block=name).
func blockOf(name string, c *domain.Contact) (block, bool) {
	switch name {
	case "name":
		return nameForm{Kind: c.Kind, OrgName: c.OrgName, GivenName: c.GivenName, MiddleName: c.MiddleName,
			FamilyName: c.FamilyName, Gender: c.Gender, BirthDate: c.BirthDate.String(), Language: c.Language,
			MemberNumber: c.MemberNumber}, true
	case "channels":
		f := channelsForm{Country: "DE"}
		if e, ok := primaryOf(c.Emails, func(e domain.Email) bool { return e.Primary }); ok {
			f.Email, f.EmailDNC = e.Address, e.DoNotContact
		}
		if ph, ok := primaryOf(c.Phones, func(p domain.Phone) bool { return p.Primary }); ok {
			f.Phone, f.PhoneDNC = ph.Number, ph.DoNotContact
		}
		if a, ok := primaryOf(c.Addresses, func(a domain.Address) bool { return a.Primary }); ok {
			f.Street, f.Extra, f.PostalCode, f.City, f.Country, f.AddressDNC = a.Street, a.Extra, a.PostalCode, a.City, a.Country, a.DoNotContact
		}
		return f, true
	}
	return nil, false
}

// readBlock reads the named block's form as entered.
func readBlock(name string, v url.Values) (block, bool) {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	switch name {
	case "name":
		return nameForm{Kind: get("kind"), OrgName: get("organization_name"), GivenName: get("given_name"),
			MiddleName: get("middle_name"), FamilyName: get("family_name"), Gender: get("gender"),
			BirthDate: get("birth_date"), Language: get("language"), MemberNumber: get("member_number")}, true
	case "channels":
		return channelsForm{Email: get("email"), EmailDNC: get("email_dnc") != "", Phone: get("phone"),
			PhoneDNC: get("phone_dnc") != "", Street: get("street"), Extra: get("extra"), PostalCode: get("postal_code"),
			City: get("city"), Country: get("country"), AddressDNC: get("address_dnc") != ""}, true
	}
	return nil, false
}

// nameForm is the name and personal details block.
type nameForm struct {
	Kind, OrgName, GivenName, MiddleName, FamilyName string
	Gender, BirthDate, Language, MemberNumber        string
}

func (f nameForm) input(c *domain.Contact, p *domain.Problems) (domain.ContactInput, func(string) string) {
	birth := domain.Date{}
	if d := formDate(p, "birth_date", f.BirthDate); d != nil {
		birth = *d
	}
	in := domain.ContactInput{GivenName: &f.GivenName, MiddleName: &f.MiddleName, FamilyName: &f.FamilyName,
		Gender: &f.Gender, BirthDate: &birth, Language: &f.Language, MemberNumber: &f.MemberNumber}
	if c.Kind != domain.KindPerson {
		in.OrgName = &f.OrgName
	}
	return in, func(field string) string {
		if isEditField(field) && field != "home_unit_id" {
			return field
		}
		return ""
	}
}

// channelsForm is the block of the primary e-mail address, phone number and postal address. The other
// entries of each list stay as they are; emptying a primary entry removes it, and the next one becomes
// primary.
type channelsForm struct {
	Email, Phone                             string
	Street, Extra, PostalCode, City, Country string
	EmailDNC, PhoneDNC, AddressDNC           bool
}

func (f channelsForm) input(c *domain.Contact, _ *domain.Problems) (domain.ContactInput, func(string) string) {
	emails, ei := replacePrimary(c.Emails, func(e domain.Email) bool { return e.Primary }, f.Email == "",
		func(e domain.Email) domain.Email {
			e.Address, e.DoNotContact, e.Primary = f.Email, f.EmailDNC, true
			return e
		})
	phones, pi := replacePrimary(c.Phones, func(p domain.Phone) bool { return p.Primary }, f.Phone == "",
		func(p domain.Phone) domain.Phone {
			p.Number, p.DoNotContact, p.Primary = f.Phone, f.PhoneDNC, true
			return p
		})
	noAddress := f.Street == "" && f.Extra == "" && f.PostalCode == "" && f.City == ""
	addresses, ai := replacePrimary(c.Addresses, func(a domain.Address) bool { return a.Primary }, noAddress,
		func(a domain.Address) domain.Address {
			a.Street, a.Extra, a.PostalCode, a.City, a.Country = f.Street, f.Extra, f.PostalCode, f.City, f.Country
			a.DoNotContact, a.Primary = f.AddressDNC, true
			return a
		})
	in := domain.ContactInput{Emails: &emails, Phones: &phones, Addresses: &addresses}
	return in, func(field string) string {
		switch field {
		case "emails." + strconv.Itoa(ei) + ".address":
			return "email"
		case "phones." + strconv.Itoa(pi) + ".number":
			return "phone"
		}
		if rest, ok := strings.CutPrefix(field, "addresses."+strconv.Itoa(ai)+"."); ok {
			switch rest {
			case "street", "extra", "postal_code", "city", "country":
				return rest
			}
		}
		return ""
	}
}

// primaryOf returns the primary entry of a list.
func primaryOf[T any](list []T, primary func(T) bool) (T, bool) {
	for _, x := range list {
		if primary(x) {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// replacePrimary returns a copy of list with its primary entry changed by edit, or removed when empty;
// with no primary entry, an edited new one is added. at is the entry's index in the result, -1 if none.
func replacePrimary[T any](list []T, primary func(T) bool, empty bool, edit func(T) T) (out []T, at int) {
	out, at = make([]T, 0, len(list)+1), -1
	found := false
	for _, x := range list {
		switch {
		case !primary(x) || found:
			out = append(out, x)
		case !empty:
			at = len(out)
			out = append(out, edit(x))
			found = true
		default:
			found = true
		}
	}
	if !found && !empty {
		var zero T
		at = len(out)
		out = append(out, edit(zero))
	}
	return out, at
}

// versionOf reads the version a block form was loaded at.
func versionOf(p *domain.Problems, s string) *int {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		p.Add("version", "invalid_number")
	}
	return &v
}
