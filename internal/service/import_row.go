package service

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
)

// mappingOf is the file mapping of a batch's stored columns: the same columns.
func mappingOf(cols []domain.ImportColumn) importfile.Mapping {
	return importfile.Mapping{Columns: cols}
}

// importRecord is one file record read through the column mapping, before validation.
type importRecord struct {
	c          domain.Contact
	unit       string // the unit column's value
	mtype      string // the membership type column's value
	start, end domain.Date
	notes      []string
	attrs      map[string]string
	problems   domain.Problems
}

// readRecord applies the column mapping to one record. Values are trimmed; empty cells are absent.
func readRecord(m importfile.Mapping, rec []string, opts *domain.ImportOptions, countries func(string) (string, bool)) *importRecord {
	r := &importRecord{c: domain.Contact{Kind: domain.KindPerson}}
	c := &r.c
	var street, number, extra, postal, city, region, country, kind string
	var dnEmail, dnPhone, dnMail bool
	for i, col := range m.Columns {
		v := m.Value(rec, i)
		if v == "" || importfile.Field(col.Field) == importfile.Ignore {
			continue
		}
		f := string(col.Field)
		date := func(to *domain.Date) {
			d, err := importfile.ParseDate(v, importfile.DateOrder(col.DateOrder))
			switch {
			case errors.Is(err, importfile.ErrAmbiguousDate):
				r.problems.Add(f, "ambiguous_date")
			case err != nil:
				r.problems.Add(f, "invalid_date")
			default:
				*to = d
			}
		}
		flag := func(to *bool) {
			b, err := importfile.ParseBool(v)
			if err != nil {
				r.problems.Add(f, "invalid_boolean")
			}
			*to = b
		}
		switch importfile.Field(col.Field) {
		case importfile.GivenName:
			c.GivenName = joinSpace(c.GivenName, v)
		case importfile.MiddleName:
			c.MiddleName = joinSpace(c.MiddleName, v)
		case importfile.FamilyName:
			c.FamilyName = joinSpace(c.FamilyName, v)
		case importfile.FullName:
			c.GivenName, c.FamilyName = importfile.SplitName(v)
		case importfile.OrganizationName:
			c.OrgName = v
		case importfile.HonorificPrefix:
			c.HonorificPrefix = v
		case importfile.HonorificSuffix:
			c.HonorificSuffix = v
		case importfile.ContactKind:
			kind = v
		case importfile.Gender, importfile.Salutation:
			g, ok := importfile.ParseGender(v)
			switch {
			case !ok && importfile.Field(col.Field) == importfile.Gender:
				r.problems.Add(f, "invalid_choice")
			case g != "" && (c.Gender == "" || importfile.Field(col.Field) == importfile.Gender):
				c.Gender = g
			}
		case importfile.BirthDate:
			date(&c.BirthDate)
		case importfile.BirthYear:
			r.attr("birth_year", v)
		case importfile.DeceasedOn:
			date(&c.DeceasedOn)
		case importfile.Language:
			c.Language = strings.ToLower(v)
		case importfile.MemberNumber:
			c.MemberNumber = v
		case importfile.ExternalID:
			c.ExternalIDs = append(c.ExternalIDs, domain.ExternalID{System: col.Key, Value: v})
		case importfile.Email:
			for _, e := range importfile.SplitList(v) {
				c.Emails = append(c.Emails, domain.Email{Address: e})
			}
		case importfile.Phone, importfile.Mobile:
			label := ""
			if importfile.Field(col.Field) == importfile.Mobile {
				label = "mobile"
			}
			c.Phones = append(c.Phones, domain.Phone{Number: v, Label: label})
		case importfile.Street:
			street = joinSpace(street, v)
		case importfile.HouseNumber:
			number = v
		case importfile.AddressExtra:
			extra = v
		case importfile.PostalCode:
			postal = strings.ToUpper(v)
		case importfile.City:
			city = v
		case importfile.Region:
			region = v
		case importfile.Country:
			if cc, ok := countries(v); ok {
				country = cc
			} else {
				r.problems.Add(f, "invalid_country")
			}
		case importfile.UnitCode:
			r.unit = v
		case importfile.Tags:
			c.Tags = append(c.Tags, importfile.SplitList(v)...)
		case importfile.MembershipType:
			r.mtype = v
		case importfile.MembershipStart:
			date(&r.start)
		case importfile.MembershipEnd:
			date(&r.end)
		case importfile.Note:
			r.notes = append(r.notes, v)
		case importfile.Attribute:
			r.attr(col.Key, v)
		case importfile.DoNotEmail:
			flag(&dnEmail)
		case importfile.DoNotPhone:
			flag(&dnPhone)
		case importfile.DoNotMail:
			flag(&dnMail)
		}
	}
	street = importfile.JoinStreet(street, number)
	if street != "" || postal != "" || city != "" {
		if country == "" {
			country = opts.Country
		}
		if len(postal) == 9 && allDigits(postal) && (country == "US" || country == "") { // ZIP+4 written without its hyphen
			postal = postal[:5] + "-" + postal[5:]
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
	switch k := domain.Fold(kind); {
	case k == "":
		if c.GivenName == "" && c.FamilyName == "" && c.OrgName != "" {
			c.Kind = domain.KindOrganization
		}
	case k == "individual" || k == "person" || k == "person (individual)":
		c.Kind = domain.KindPerson
	case k == "household" || k == "haushalt":
		c.Kind = domain.KindHousehold
	case k == "organization" || k == "organisation":
		c.Kind = domain.KindOrganization
	default:
		r.problems.Add(string(importfile.ContactKind), "invalid_choice")
	}
	return r
}

func (r *importRecord) attr(name, v string) {
	if r.attrs == nil {
		r.attrs = map[string]string{}
	}
	r.attrs[name] = v
}

func joinSpace(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// countryNames maps the folded English and German names of every ISO 3166 region (from CLDR, through
// golang.org/x/text), plus a few everyday forms, to its code.
func countryNames() map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"usa": "US", "uk": "GB", "great britain": "GB", "england": "GB",
		"holland": "NL", "united states of america": "US", "ivory coast": "CI"} {
		out[countryKey(k)] = v
	}
	en, de := display.Regions(language.English), display.Regions(language.German)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code {
				continue
			}
			for _, n := range []string{en.Name(r), de.Name(r)} {
				if n != "" {
					out[countryKey(n)] = code
				}
			}
		}
	}
	return out
}

// countryCode turns an ISO code or a country's English or German name into the ISO code.
func (run *importRun) countryCode(v string) (string, bool) {
	if len(v) == 2 && reCountry.MatchString(strings.ToUpper(v)) {
		return strings.ToUpper(v), true
	}
	cc, ok := run.countries[countryKey(v)]
	return cc, ok
}

// countryKey folds a country name to its letters: files spell apostrophes, dots, hyphens and spaces every way.
func countryKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, domain.Fold(s))
}

// membershipFor builds the membership a record starts, with the type named in the row or the import's.
func (run *importRun) membershipFor(r *importRecord) (*domain.Membership, error) {
	if r.start.IsZero() {
		if !r.end.IsZero() {
			return nil, domain.Invalid(string(importfile.MembershipStart), "required")
		}
		return nil, nil
	}
	typeID := run.opts.MembershipType
	if r.mtype != "" {
		id, ok := run.typeNames[domain.Fold(r.mtype)]
		if !ok {
			return nil, domain.Invalid(string(importfile.MembershipType), "unknown_type")
		}
		typeID = id
	}
	t, ok := run.types[typeID]
	if !ok {
		return nil, domain.Invalid(string(importfile.MembershipType), "required")
	}
	m := domain.Membership{TypeID: typeID, StartDate: r.start, EndDate: r.end, JoinMethod: "import"}
	if m.EndDate.IsZero() && t.DurationMonths > 0 {
		m.EndDate = m.StartDate.AddMonths(t.DurationMonths).AddDays(-1)
	}
	if !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate) {
		return nil, domain.Invalid(string(importfile.MembershipEnd), "before_start")
	}
	if m.StartDate.Year < 1900 || m.StartDate.After(run.today.AddDays(3660)) {
		return nil, domain.Invalid(string(importfile.MembershipStart), "implausible_date")
	}
	m.Derive(t)
	return &m, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
