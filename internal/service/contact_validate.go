package service

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// Limits on contact fields; generous for real names, small enough to keep abuse out.
const (
	maxName       = 200
	maxShort      = 100
	maxListItems  = 20
	maxTags       = 50
	maxEmail      = 254
	maxNoteLength = 20000
)

var (
	reLanguage = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	reCountry  = regexp.MustCompile(`^[A-Z]{2}$`)
	rePhone    = regexp.MustCompile(`^\+?[0-9 ()./-]{4,31}( ?(?i:x|ext\.?|#) ?[0-9]{1,6})?$`) // an extension may follow
	rePostal   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$`)
	reSystem   = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)
	rePostal5  = regexp.MustCompile(`^[0-9]{5}$`)
	rePostal4  = regexp.MustCompile(`^[0-9]{4}$`)
	reZIP      = regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`)
)

// postalPattern returns the postal-code format of a country, or a loose one for countries not listed.
func postalPattern(country string) *regexp.Regexp {
	switch country {
	case "DE", "FR", "IT", "ES", "FI":
		return rePostal5
	case "AT", "CH", "BE", "DK", "NO":
		return rePostal4
	case "US":
		return reZIP
	}
	return rePostal
}

// text checks a free-text field: valid UTF-8, no control characters, at most max runes; returns it trimmed.
func text(p *domain.Problems, field, v string, max int, required bool) string {
	v = strings.TrimSpace(v)
	switch {
	case !domain.ValidText(v):
		p.Add(field, "invalid_text")
	case len([]rune(v)) > max:
		p.AddParam(field, "too_long", max)
	case required && v == "":
		p.Add(field, "required")
	}
	return v
}

// normalizeContact validates c in place and reports every problem at once. Lists get exactly one primary
// entry when they are not empty.
func normalizeContact(c *domain.Contact, explicitDisplay string, today domain.Date) (string, error) {
	var p domain.Problems
	if !slices.Contains([]string{domain.KindPerson, domain.KindHousehold, domain.KindOrganization}, c.Kind) {
		p.Add("kind", "invalid_choice")
	}
	c.GivenName = text(&p, "given_name", c.GivenName, maxName, false)
	c.MiddleName = text(&p, "middle_name", c.MiddleName, maxName, false)
	c.FamilyName = text(&p, "family_name", c.FamilyName, maxName, false)
	c.HonorificPrefix = text(&p, "honorific_prefix", c.HonorificPrefix, maxShort, false)
	c.HonorificSuffix = text(&p, "honorific_suffix", c.HonorificSuffix, maxShort, false)
	c.OrgName = text(&p, "organization_name", c.OrgName, maxName, c.Kind != domain.KindPerson)
	explicitDisplay = text(&p, "display_name", explicitDisplay, maxName, false)
	if c.Kind == domain.KindPerson && c.GivenName == "" && c.FamilyName == "" {
		p.Add("family_name", "name_required")
	}
	if c.Gender != "" && !slices.Contains(domain.Genders(), c.Gender) {
		p.Add("gender", "invalid_choice")
	}
	if !c.BirthDate.IsZero() && (c.BirthDate.After(today) || c.BirthDate.Year < 1880) {
		p.Add("birth_date", "implausible_date")
	}
	if !c.DeceasedOn.IsZero() && (c.DeceasedOn.After(today) || c.DeceasedOn.Before(c.BirthDate) || c.DeceasedOn.Year < 1880) {
		p.Add("deceased_on", "implausible_date")
	}
	if c.Language != "" && !reLanguage.MatchString(c.Language) {
		p.Add("language", "invalid_language")
	}
	c.MemberNumber = text(&p, "member_number", c.MemberNumber, 32, false)
	normalizeEmails(&p, c.Emails)
	normalizePhones(&p, c.Phones)
	normalizeAddresses(&p, c.Addresses)
	c.ExternalIDs = normalizeExternalIDs(&p, c.ExternalIDs)
	c.Tags = normalizeTags(&p, c.Tags)
	if len(c.Affiliations) > maxListItems {
		p.AddParam("affiliation_unit_ids", "too_many", maxListItems)
	}
	return explicitDisplay, p.Err()
}

func normalizeEmails(p *domain.Problems, list []domain.Email) {
	if len(list) > maxListItems {
		p.AddParam("emails", "too_many", maxListItems)
		return
	}
	seen := map[string]bool{}
	for i := range list {
		e := &list[i]
		f := fmt.Sprintf("emails.%d.", i)
		e.Address = strings.TrimSpace(e.Address)
		e.Label = text(p, f+"label", e.Label, maxShort, false)
		a, err := mail.ParseAddress(e.Address)
		switch {
		case !domain.ValidText(e.Address) || len(e.Address) > maxEmail || err != nil || a.Address != e.Address ||
			!strings.Contains(e.Address[strings.LastIndexByte(e.Address, '@')+1:], "."):
			p.Add(f+"address", "invalid_email")
		case seen[strings.ToLower(e.Address)]:
			p.Add(f+"address", "duplicate")
		}
		seen[strings.ToLower(e.Address)] = true
	}
	onePrimary(p, "emails", len(list), func(i int) *bool { return &list[i].Primary })
}

func normalizePhones(p *domain.Problems, list []domain.Phone) {
	if len(list) > maxListItems {
		p.AddParam("phones", "too_many", maxListItems)
		return
	}
	for i := range list {
		ph := &list[i]
		f := fmt.Sprintf("phones.%d.", i)
		ph.Number = strings.TrimSpace(ph.Number)
		ph.Label = text(p, f+"label", ph.Label, maxShort, false)
		if !rePhone.MatchString(ph.Number) || len(domain.PhoneKey(ph.Number)) < 4 {
			p.Add(f+"number", "invalid_phone")
		}
	}
	onePrimary(p, "phones", len(list), func(i int) *bool { return &list[i].Primary })
}

func normalizeAddresses(p *domain.Problems, list []domain.Address) {
	if len(list) > maxListItems {
		p.AddParam("addresses", "too_many", maxListItems)
		return
	}
	for i := range list {
		ad := &list[i]
		f := fmt.Sprintf("addresses.%d.", i)
		ad.Street = text(p, f+"street", ad.Street, maxName, false)
		ad.Extra = text(p, f+"extra", ad.Extra, maxName, false)
		ad.City = text(p, f+"city", ad.City, maxShort, false)
		ad.Region = text(p, f+"region", ad.Region, maxShort, false)
		ad.Label = text(p, f+"label", ad.Label, maxShort, false)
		ad.Country = strings.ToUpper(strings.TrimSpace(ad.Country))
		ad.PostalCode = strings.ToUpper(strings.TrimSpace(ad.PostalCode))
		if ad.Country != "" && !reCountry.MatchString(ad.Country) {
			p.Add(f+"country", "invalid_country")
		}
		if ad.PostalCode != "" {
			if !postalPattern(ad.Country).MatchString(ad.PostalCode) {
				p.Add(f+"postal_code", "invalid_postal_code")
			}
		}
		// A partial address is still an address: a country alone (a member abroad whose street is not
		// known yet) or a city alone is kept, never dropped.
		if ad.Street == "" && ad.Extra == "" && ad.PostalCode == "" && ad.City == "" && ad.Region == "" && ad.Country == "" {
			p.Add(f+"street", "empty_address")
		}
	}
	onePrimary(p, "addresses", len(list), func(i int) *bool { return &list[i].Primary })
}

// onePrimary makes the first entry primary when none is, and rejects several.
func onePrimary(p *domain.Problems, field string, n int, primary func(int) *bool) {
	count := 0
	for i := range n {
		if *primary(i) {
			count++
		}
	}
	switch {
	case count > 1:
		p.Add(field, "several_primary")
	case count == 0 && n > 0:
		*primary(0) = true
	}
}

func normalizeExternalIDs(p *domain.Problems, list []domain.ExternalID) []domain.ExternalID {
	if len(list) > maxListItems {
		p.AddParam("external_ids", "too_many", maxListItems)
		return list
	}
	seen := map[domain.ExternalID]bool{}
	for i := range list {
		x := &list[i]
		f := fmt.Sprintf("external_ids.%d.", i)
		x.System = strings.ToLower(strings.TrimSpace(x.System))
		if !reSystem.MatchString(x.System) {
			p.Add(f+"system", "invalid_system")
		}
		x.Value = text(p, f+"value", x.Value, 64, true)
		if seen[*x] {
			p.Add(f+"value", "duplicate")
		}
		seen[*x] = true
	}
	return list
}

func normalizeTags(p *domain.Problems, tags []string) []string {
	if len(tags) > maxTags {
		p.AddParam("tags", "too_many", maxTags)
		return tags
	}
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for i, t := range tags {
		t = text(p, fmt.Sprintf("tags.%d", i), t, 50, true)
		if k := domain.Fold(t); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}
