package service

import (
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// Import fields: what a file column can be mapped to. Several columns may map to email, phone and mobile.
const (
	FieldGivenName       = "given_name"
	FieldMiddleName      = "middle_name"
	FieldFamilyName      = "family_name"
	FieldFullName        = "full_name"
	FieldOrgName         = "organization_name"
	FieldPrefix          = "honorific_prefix"
	FieldSuffix          = "honorific_suffix"
	FieldGender          = "gender"
	FieldBirthDate       = "birth_date"
	FieldLanguage        = "language"
	FieldMemberNumber    = "member_number"
	FieldExternalID      = "external_id"
	FieldEmail           = "email"
	FieldPhone           = "phone"
	FieldMobile          = "mobile"
	FieldStreet          = "street"
	FieldHouseNumber     = "house_number"
	FieldAddressExtra    = "address_extra"
	FieldPostalCode      = "postal_code"
	FieldCity            = "city"
	FieldRegion          = "region"
	FieldCountry         = "country"
	FieldUnit            = "unit" // a unit's code or name
	FieldTags            = "tags"
	FieldMembershipStart = "membership_start"
	FieldMembershipEnd   = "membership_end"
	FieldDoNotEmail      = "do_not_email"
	FieldDoNotPhone      = "do_not_phone"
	FieldDoNotMail       = "do_not_mail"
)

// ImportFields lists the fields a column can be mapped to.
func ImportFields() []string {
	return []string{FieldGivenName, FieldMiddleName, FieldFamilyName, FieldFullName, FieldOrgName, FieldPrefix,
		FieldSuffix, FieldGender, FieldBirthDate, FieldLanguage, FieldMemberNumber, FieldExternalID, FieldEmail,
		FieldPhone, FieldMobile, FieldStreet, FieldHouseNumber, FieldAddressExtra, FieldPostalCode, FieldCity,
		FieldRegion, FieldCountry, FieldUnit, FieldTags, FieldMembershipStart, FieldMembershipEnd, FieldDoNotEmail,
		FieldDoNotPhone, FieldDoNotMail}
}

// importRecord is one file record read through the column mapping, before validation.
type importRecord struct {
	c          domain.Contact
	display    string
	unit       string // the unit column's value
	start, end domain.Date
	problems   domain.Problems
}

// readRecord applies the column mapping to one record. Values are trimmed; empty cells are absent.
func readRecord(cols []string, rec []string, opts *domain.ImportOptions) *importRecord {
	r := &importRecord{c: domain.Contact{Kind: domain.KindPerson}}
	c := &r.c
	var street, number, extra, postal, city, region, country string
	var dnEmail, dnPhone, dnMail bool
	for i, v := range rec {
		if i >= len(cols) || cols[i] == "" {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		f := cols[i]
		switch f {
		case FieldGivenName:
			c.GivenName = joinSpace(c.GivenName, v)
		case FieldMiddleName:
			c.MiddleName = joinSpace(c.MiddleName, v)
		case FieldFamilyName:
			c.FamilyName = joinSpace(c.FamilyName, v)
		case FieldFullName:
			if i := strings.LastIndexByte(v, ' '); i > 0 {
				c.GivenName, c.FamilyName = strings.TrimSpace(v[:i]), v[i+1:]
			} else {
				c.FamilyName = v
			}
			if j := strings.IndexByte(v, ','); j > 0 { // "Family, Given"
				c.FamilyName, c.GivenName = strings.TrimSpace(v[:j]), strings.TrimSpace(v[j+1:])
			}
		case FieldOrgName:
			c.OrgName = v
		case FieldPrefix:
			c.HonorificPrefix = v
		case FieldSuffix:
			c.HonorificSuffix = v
		case FieldGender:
			if g, ok := parseGender(v); ok {
				c.Gender = g
			} else {
				r.problems.Add(f, "invalid_choice")
			}
		case FieldBirthDate:
			r.date(f, v, opts.DayFirst, &c.BirthDate)
		case FieldLanguage:
			c.Language = strings.ToLower(v)
		case FieldMemberNumber:
			c.MemberNumber = v
		case FieldExternalID:
			c.ExternalIDs = append(c.ExternalIDs, domain.ExternalID{System: opts.ExternalSystem, Value: v})
		case FieldEmail:
			for _, e := range splitList(v) {
				c.Emails = append(c.Emails, domain.Email{Address: e})
			}
		case FieldPhone, FieldMobile:
			label := ""
			if f == FieldMobile {
				label = "mobile"
			}
			c.Phones = append(c.Phones, domain.Phone{Number: v, Label: label})
		case FieldStreet:
			street = joinSpace(street, v)
		case FieldHouseNumber:
			number = v
		case FieldAddressExtra:
			extra = v
		case FieldPostalCode:
			postal = strings.ToUpper(v)
		case FieldCity:
			city = v
		case FieldRegion:
			region = v
		case FieldCountry:
			if cc, ok := countryCode(v); ok {
				country = cc
			} else {
				r.problems.Add(f, "invalid_country")
			}
		case FieldUnit:
			r.unit = v
		case FieldTags:
			c.Tags = append(c.Tags, splitList(v)...)
		case FieldMembershipStart:
			r.date(f, v, opts.DayFirst, &r.start)
		case FieldMembershipEnd:
			r.date(f, v, opts.DayFirst, &r.end)
		case FieldDoNotEmail, FieldDoNotPhone, FieldDoNotMail:
			b, ok := parseBool(v)
			if !ok {
				r.problems.Add(f, "invalid_boolean")
			}
			switch f {
			case FieldDoNotEmail:
				dnEmail = b
			case FieldDoNotPhone:
				dnPhone = b
			default:
				dnMail = b
			}
		}
	}
	if number != "" {
		street = joinSpace(street, number)
	}
	if street != "" || postal != "" || city != "" {
		if country == "" {
			country = opts.Country
		}
		c.Addresses = []domain.Address{{Street: street, Extra: extra, PostalCode: postal, City: city, Region: region,
			Country: country, DoNotContact: dnMail}}
	}
	for i := range c.Emails {
		c.Emails[i].DoNotContact = dnEmail
	}
	for i := range c.Phones {
		c.Phones[i].DoNotContact = dnPhone
	}
	c.Tags = append(c.Tags, opts.Tags...)
	if c.GivenName == "" && c.FamilyName == "" && c.OrgName != "" {
		c.Kind = domain.KindOrganization
	}
	return r
}

func (r *importRecord) date(field, v string, dayFirst bool, to *domain.Date) {
	d, ok := parseLooseDate(v, dayFirst)
	if !ok {
		r.problems.Add(field, "invalid_date")
		return
	}
	*to = d
}

func joinSpace(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// splitList splits a cell holding several values separated by commas, semicolons or line breaks.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseGender(v string) (string, bool) {
	switch domain.Fold(v) {
	case "f", "w", "female", "weiblich", "frau", "woman", "mrs", "ms", "fr", "fr.":
		return "female", true
	case "m", "male", "mannlich", "maennlich", "mann", "man", "herr", "mr", "hr", "hr.":
		return "male", true
	case "d", "diverse", "divers", "x", "nonbinary", "non-binary":
		return "diverse", true
	case "o", "other", "andere", "anderes":
		return "other", true
	case "u", "unknown", "unbekannt":
		return "", true
	}
	return "", false
}

func parseBool(v string) (bool, bool) {
	switch domain.Fold(v) {
	case "1", "yes", "y", "ja", "j", "x", "true", "wahr", "t":
		return true, true
	case "0", "no", "n", "nein", "false", "falsch", "f", "-":
		return false, true
	}
	return false, false
}

// countryCode turns an ISO code or a common English or German country name into the ISO code.
func countryCode(v string) (string, bool) {
	if len(v) == 2 && reCountry.MatchString(strings.ToUpper(v)) {
		return strings.ToUpper(v), true
	}
	names := map[string]string{
		"germany": "DE", "deutschland": "DE", "united states": "US", "usa": "US", "united states of america": "US",
		"austria": "AT", "osterreich": "AT", "oesterreich": "AT", "switzerland": "CH", "schweiz": "CH",
		"france": "FR", "frankreich": "FR", "italy": "IT", "italien": "IT", "spain": "ES", "spanien": "ES",
		"netherlands": "NL", "niederlande": "NL", "belgium": "BE", "belgien": "BE", "poland": "PL", "polen": "PL",
		"denmark": "DK", "danemark": "DK", "united kingdom": "GB", "uk": "GB", "great britain": "GB",
		"canada": "CA", "kanada": "CA", "mexico": "MX", "mexiko": "MX",
	}
	cc, ok := names[domain.Fold(v)]
	return cc, ok
}

// parseLooseDate reads the date formats spreadsheets and other systems write: 2024-03-01, 20240301,
// 01.03.2024, 1/3/2024 (day first or month first as told; unambiguous when a part exceeds 12), 2024/03/01,
// two-digit years (≤ 30 → 20xx), and English month names ("March 1, 2024", "1 Mar 2024").
func parseLooseDate(v string, dayFirst bool) (domain.Date, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "T "); i == 10 && v[4] == '-' { // 2024-03-01T00:00:00 or "2024-03-01 00:00"
		v = v[:10]
	}
	for _, layout := range []string{"January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006", "2-Jan-2006", "02-Jan-2006", "2-Jan-06"} {
		if t, err := time.Parse(layout, v); err == nil {
			return domain.DateOf(t), true
		}
	}
	if len(v) == 8 && allDigits(v) {
		v = v[:4] + "-" + v[4:6] + "-" + v[6:]
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '.' || r == '/' })
	if len(parts) != 3 {
		return domain.Date{}, false
	}
	n := make([]int, 3)
	for i, p := range parts {
		if !allDigits(p) || len(p) > 4 {
			return domain.Date{}, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4: // year first
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 || len(parts[2]) == 2:
		y = n[2]
		if len(parts[2]) == 2 {
			y += 1900
			if n[2] <= 30 {
				y += 100
			}
		}
		a, b := n[0], n[1]
		switch {
		case strings.Contains(v, "."), a > 12:
			d, m = a, b
		case b > 12:
			m, d = a, b
		case dayFirst:
			d, m = a, b
		default:
			m, d = a, b
		}
	default:
		return domain.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || y < 1800 || y > 2200 {
		return domain.Date{}, false
	}
	return domain.DateOf(t), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
