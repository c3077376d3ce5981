package export

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/roster-crm/roster/internal/domain"
)

// personDoc lays out a personal data report: a title, then one section per kind of data, each a list of
// label–value lines.
type personDoc struct {
	p *fpdf.Fpdf
	l labels
}

const (
	personLabelW = 48.0
	personValueW = 180 - personLabelW
	personLineH  = 5.0
)

func writePersonPDF(w io.Writer, l labels, r *Person) error {
	c := r.Contact
	title := l.t("export.person.title")
	d := personDoc{p: newA4(l, title+" "+c.DisplayName, title+" · "+c.DisplayName), l: l}
	p := d.p
	p.AddPage()
	p.SetFont(fontFamily, "B", 16)
	p.MultiCell(0, 8, c.DisplayName, "", "L", false)
	p.SetFont(fontFamily, "", 11)
	p.CellFormat(0, 6, title, "", 1, "L", false, 0, "")
	p.SetFont(fontFamily, "", 8.5)
	p.SetTextColor(90, 90, 90)
	p.CellFormat(0, 5, l.t("export.person.generated", "date", l.dateTime(r.GeneratedAt), "actor", r.GeneratedFor), "", 1, "L", false, 0, "")
	p.MultiCell(0, 4.5, l.t("export.person.intro"), "", "L", false)
	p.SetTextColor(0, 0, 0)
	d.contact(c)
	d.lists(c)
	d.memberships(r.Memberships)
	d.notes(r.Notes)
	d.relationships(r.Relationships)
	d.history(r.History)
	if err := p.Error(); err != nil {
		return err
	}
	return p.Output(w)
}

func (d personDoc) section(key string) {
	p := d.p
	p.Ln(4)
	if p.GetY() > 297-margin-30 { // keep a heading together with its first lines
		p.AddPage()
	}
	p.SetFont(fontFamily, "B", 11.5)
	p.CellFormat(0, 7, d.l.t(key), "B", 1, "L", false, 0, "")
	p.Ln(1.5)
}

// line writes a label and its value; the value wraps within its column.
func (d personDoc) line(label, value string) {
	p := d.p
	if strings.TrimSpace(value) == "" {
		return
	}
	y := p.GetY()
	if y > 297-margin-4-2*personLineH {
		p.AddPage()
		y = p.GetY()
	}
	p.SetFont(fontFamily, "B", 8.5)
	p.SetTextColor(70, 70, 70)
	p.MultiCell(personLabelW, personLineH, label, "", "L", false)
	below := p.GetY()
	p.SetTextColor(0, 0, 0)
	p.SetFont(fontFamily, "", 9)
	p.SetXY(margin+personLabelW, y)
	p.MultiCell(personValueW, personLineH, value, "", "L", false)
	if p.GetY() < below {
		p.SetY(below)
	}
}

func (d personDoc) none() {
	d.p.SetFont(fontFamily, "", 9)
	d.p.CellFormat(0, personLineH, d.l.t("export.person.none"), "", 1, "L", false, 0, "")
}

func (d personDoc) contact(c *domain.Contact) {
	l := d.l
	d.section("export.person.contact")
	d.line(l.t("export.person.field.name"), c.DisplayName)
	parts := slices.DeleteFunc([]string{c.HonorificPrefix, c.GivenName, c.MiddleName, c.FamilyName, c.HonorificSuffix,
		c.OrgName}, func(s string) bool { return s == "" })
	if strings.Join(parts, " ") != c.DisplayName { // the name parts, where the display name was chosen freely
		d.line("", strings.Join(parts, " · "))
	}
	d.line(l.t("export.person.field.kind"), l.enum("ui.kind", c.Kind))
	d.line(l.t("export.person.field.member_number"), c.MemberNumber)
	d.line(l.t("export.person.field.home_unit"), c.HomeUnit.Name)
	d.line(l.t("export.person.field.gender"), l.enum("ui.gender", c.Gender))
	d.line(l.t("export.person.field.birth_date"), l.date(c.BirthDate))
	d.line(l.t("export.person.field.deceased_on"), l.date(c.DeceasedOn))
	d.line(l.t("export.person.field.language"), c.Language)
	d.line(l.t("export.person.field.created"), joinDot(l.dateTime(c.CreatedAt), c.CreatedBy))
	d.line(l.t("export.person.field.updated"), joinDot(l.dateTime(c.UpdatedAt), c.UpdatedBy))
	if c.DeletedAt != nil {
		d.line(l.t("export.person.field.trashed"), l.dateTime(*c.DeletedAt))
	}
}

func (d personDoc) lists(c *domain.Contact) {
	flags := func(primary, dnc bool, label string) string {
		var f []string
		if label != "" {
			f = append(f, label)
		}
		if primary {
			f = append(f, d.l.t("export.person.primary"))
		}
		if dnc {
			f = append(f, d.l.t("export.person.do_not_contact"))
		}
		return strings.Join(f, ", ")
	}
	d.section("export.person.emails")
	for _, e := range c.Emails {
		d.line(flags(e.Primary, e.DoNotContact, e.Label), e.Address)
	}
	d.section("export.person.phones")
	for _, ph := range c.Phones {
		d.line(flags(ph.Primary, ph.DoNotContact, ph.Label), ph.Number)
	}
	d.section("export.person.addresses")
	for _, a := range c.Addresses {
		text := strings.Join(slices.DeleteFunc([]string{a.Street, a.Extra, strings.TrimSpace(a.PostalCode + " " + a.City),
			a.Region, a.Country}, func(s string) bool { return s == "" }), "\n")
		d.line(flags(a.Primary, a.DoNotContact, a.Label), text)
	}
	d.section("export.person.external_ids")
	for _, x := range c.ExternalIDs {
		d.line(x.System, x.Value)
	}
	d.section("export.person.tags")
	d.line("", strings.Join(c.Tags, ", "))
	d.section("export.person.affiliations")
	for _, u := range c.Affiliations {
		d.line("", u.Name)
	}
	d.section("export.person.attributes")
	for _, k := range slices.Sorted(maps.Keys(c.Attributes)) {
		d.line(k, c.Attributes[k])
	}
}

func (d personDoc) memberships(ms []domain.Membership) {
	l := d.l
	d.section("export.person.memberships")
	if len(ms) == 0 {
		d.none()
	}
	for _, m := range ms {
		period := l.date(m.StartDate) + " – " + l.date(m.EndDate)
		var facts []string
		for _, f := range []string{l.enum("export.status", m.Status), l.enum("ui.join_method", m.JoinMethod),
			l.enum("ui.end_reason", m.EndReason)} {
			if f != "" {
				facts = append(facts, f)
			}
		}
		if !m.PaidUntil.IsZero() {
			facts = append(facts, l.t("export.person.paid_until", "date", l.date(m.PaidUntil)))
		}
		text := strings.Join(facts, " · ")
		if m.Notes != "" {
			text += "\n" + m.Notes
		}
		d.line(m.TypeName+"\n"+period, text)
	}
}

func (d personDoc) notes(ns []domain.Note) {
	d.section("export.person.notes")
	if len(ns) == 0 {
		d.none()
	}
	for _, n := range ns {
		d.line(d.l.dateTime(n.CreatedAt)+"\n"+n.CreatedBy, n.Body)
	}
}

func (d personDoc) relationships(rs []domain.Relationship) {
	d.section("export.person.relationships")
	if len(rs) == 0 {
		d.none()
	}
	for _, r := range rs {
		d.line(d.l.enum("ui.relkind", r.Kind), r.Other.Name)
	}
}

func (d personDoc) history(h []domain.AuditEntry) {
	d.section("export.person.history")
	if len(h) == 0 {
		d.none()
	}
	for _, e := range h {
		var changes []string
		for _, k := range slices.Sorted(maps.Keys(e.Changes)) {
			ch := e.Changes[k]
			changes = append(changes, k+": "+value(ch.Old)+" → "+value(ch.New))
		}
		text := d.l.enum("ui.action", e.Action)
		if len(changes) > 0 {
			text += "\n" + strings.Join(changes, "\n")
		}
		d.line(d.l.dateTime(e.At)+"\n"+e.ActorName, text)
	}
}

// value renders an audit value: text as it is, anything else as compact JSON.
func value(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func joinDot(parts ...string) string {
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " · ")
}
