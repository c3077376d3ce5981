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
	parts      recordParts
}

// recordParts are the values of a record that become parts of something else: the address, the do-not-contact
// flags of the lists, the kind of contact.
type recordParts struct {
	street, number, extra, postal, city, region, country, kind string
	dnEmail, dnPhone, dnMail                                   bool
}

// readRecord applies the column mapping to one record. Values are trimmed; empty cells are absent. A value
// the contact has no place for is a problem of the record, never silently dropped: whatever is not stored is
// reported.
func readRecord(m importfile.Mapping, rec []string, opts *domain.ImportOptions, countries func(string) (string, bool)) *importRecord {
	r := &importRecord{c: domain.Contact{Kind: domain.KindPerson}}
	for i, col := range m.Columns {
		if importfile.Field(col.Field) == importfile.Ignore {
			continue
		}
		v := m.Value(rec, i)
		if v == "" && col.Qualifier != "" && i < len(rec) && strings.TrimSpace(rec[i]) != "" {
			r.problems.AddParam(col.Field, "qualifier_empty", col.Qualifier)
		}
		if v != "" {
			r.read(col, v, countries)
		}
	}
	r.finish(opts)
	return r
}

// read takes one non-empty value of column col into the record.
func (r *importRecord) read(col domain.ImportColumn, v string, countries func(string) (string, bool)) {
	c, p := &r.c, &r.parts
	f := importfile.Field(col.Field)
	switch f {
	case importfile.GivenName:
		c.GivenName = joinSpace(c.GivenName, v)
	case importfile.MiddleName:
		c.MiddleName = joinSpace(c.MiddleName, v)
	case importfile.FamilyName:
		c.FamilyName = joinSpace(c.FamilyName, v)
	case importfile.FullName:
		given, family := importfile.SplitName(v)
		title, given := importfile.SplitTitle(given) // "Dr. Hans Müller", "Müller, Dr. Hans"
		r.title(title)
		c.GivenName, c.FamilyName = given, family
	case importfile.OrganizationName:
		c.OrgName = v
	case importfile.HonorificPrefix:
		r.title(v)
	case importfile.HonorificSuffix:
		c.HonorificSuffix = v
	case importfile.ContactKind:
		p.kind = v
	case importfile.Gender:
		if g, ok := importfile.ParseGender(v); !ok {
			r.problems.Add(col.Field, "invalid_choice")
		} else if g != "" {
			c.Gender = g // a gender column wins over a salutation
		}
	case importfile.Salutation: // "Herr Dr.": a gender, a title, and whatever else it says
		g, title, rest := importfile.ParseSalutation(v)
		if c.Gender == "" {
			c.Gender = g
		}
		r.title(title)
		if rest != "" {
			r.attr("salutation", rest)
		}
	case importfile.BirthDate:
		r.date(col, v, &c.BirthDate)
	case importfile.BirthYear:
		r.attr("birth_year", v)
	case importfile.DeceasedOn:
		r.date(col, v, &c.DeceasedOn)
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
	case importfile.Phone:
		c.Phones = append(c.Phones, domain.Phone{Number: v})
	case importfile.Mobile:
		c.Phones = append(c.Phones, domain.Phone{Number: v, Label: "mobile"})
	case importfile.Tags:
		c.Tags = append(c.Tags, importfile.SplitList(v)...)
	case importfile.Note:
		r.notes = append(r.notes, v)
	case importfile.Attribute:
		r.attribute(col, v)
	default:
		r.readMore(col, v, countries)
	}
}

// readMore takes the values of the columns that read does not: address parts, units, memberships and flags.
func (r *importRecord) readMore(col domain.ImportColumn, v string, countries func(string) (string, bool)) {
	p := &r.parts
	flag := func(to *bool) {
		b, err := importfile.ParseBool(v)
		if err != nil {
			r.problems.Add(col.Field, "invalid_boolean")
		}
		*to = b
	}
	switch importfile.Field(col.Field) {
	case importfile.Street:
		p.street = joinSpace(p.street, v)
	case importfile.HouseNumber:
		p.number = v
	case importfile.AddressExtra:
		p.extra = v
	case importfile.PostalCode:
		p.postal = strings.ToUpper(v)
	case importfile.City:
		p.city = v
	case importfile.Region:
		p.region = v
	case importfile.Country:
		if cc, ok := countries(v); ok {
			p.country = cc
		} else {
			r.problems.AddParam(col.Field, "invalid_country", v)
		}
	case importfile.UnitCode:
		r.unit = v
	case importfile.MembershipType:
		r.mtype = v
	case importfile.MembershipStart:
		r.date(col, v, &r.start)
	case importfile.MembershipEnd:
		r.date(col, v, &r.end)
	case importfile.DoNotEmail:
		flag(&p.dnEmail)
	case importfile.DoNotPhone:
		flag(&p.dnPhone)
	case importfile.DoNotMail:
		flag(&p.dnMail)
	}
}

// finish assembles the parts of a record that came from several columns: the address (any part of one is an
// address: a country alone, a city alone), the do-not-contact flags, which need something to mark, and the
// kind of contact.
func (r *importRecord) finish(opts *domain.ImportOptions) {
	c, p := &r.c, &r.parts
	street := importfile.JoinStreet(p.street, p.number)
	if street != "" || p.extra != "" || p.postal != "" || p.city != "" || p.region != "" || p.country != "" {
		country := p.country
		if country == "" {
			country = opts.Country
		}
		postal := p.postal
		if len(postal) == 9 && allDigits(postal) && (country == "US" || country == "") { // ZIP+4 written without its hyphen
			postal = postal[:5] + "-" + postal[5:]
		}
		c.Addresses = []domain.Address{{Street: street, Extra: p.extra, PostalCode: postal, City: p.city,
			Region: p.region, Country: country, DoNotContact: p.dnMail}}
	}
	for _, flag := range []struct {
		set, none bool
		field     importfile.Field
		code      string
	}{{p.dnEmail, len(c.Emails) == 0, importfile.DoNotEmail, "no_email_to_flag"},
		{p.dnPhone, len(c.Phones) == 0, importfile.DoNotPhone, "no_phone_to_flag"},
		{p.dnMail, len(c.Addresses) == 0, importfile.DoNotMail, "no_address_to_flag"}} {
		if flag.set && flag.none {
			r.problems.Add(string(flag.field), flag.code)
		}
	}
	for i := range c.Emails {
		c.Emails[i].DoNotContact = p.dnEmail
	}
	for i := range c.Phones {
		c.Phones[i].DoNotContact = p.dnPhone
	}
	c.Tags = append(c.Tags, opts.Tags...)
	switch k := domain.Fold(p.kind); {
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
		r.problems.AddParam(string(importfile.ContactKind), "invalid_choice", p.kind)
	}
}

// date reads a date value of column col into to; a value that is no date, or a day the calendar lacks
// ("31.02.1980"), is a problem that shows the value.
func (r *importRecord) date(col domain.ImportColumn, v string, to *domain.Date) {
	if d, ok := r.parseDate(col.Field, v, col.DateOrder); ok {
		*to = d
	}
}

func (r *importRecord) parseDate(field, v, order string) (domain.Date, bool) {
	d, err := importfile.ParseDate(v, importfile.DateOrder(order))
	switch {
	case errors.Is(err, importfile.ErrAmbiguousDate):
		r.problems.AddParam(field, "ambiguous_date", v)
	case errors.Is(err, importfile.ErrNoSuchDate):
		r.problems.AddParam(field, "no_such_date", v)
	case err != nil:
		r.problems.AddParam(field, "unreadable_date", v)
	default:
		return d, true
	}
	return d, false
}

// attribute keeps a named fact. A column with a date order holds dates ("registr_dt" of a voter file, read
// month-first): they are stored as YYYY-MM-DD, so that they sort and compare as dates.
func (r *importRecord) attribute(col domain.ImportColumn, v string) {
	if col.DateOrder == "" {
		r.attr(col.Key, v)
		return
	}
	if d, ok := r.parseDate("attributes."+col.Key, v, col.DateOrder); ok {
		r.attr(col.Key, d.String())
	}
}

// title adds a title before the name ("Dr.") unless the contact has it already: a salutation column and a
// title column often say it twice.
func (r *importRecord) title(t string) {
	switch c := &r.c; {
	case t == "" || strings.Contains(" "+c.HonorificPrefix+" ", " "+t+" "):
	case c.HonorificPrefix == "":
		c.HonorificPrefix = t
	default:
		c.HonorificPrefix += " " + t
	}
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
		if !r.end.IsZero() || r.mtype != "" { // a period is stored with its start, or not at all
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
