package demo

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// ImportFileHeader is the header of WriteImportFile's files: fifteen columns in the words of a German
// membership spreadsheet, so that the import's header suggestion is part of what is measured.
func ImportFileHeader() []string {
	return []string{"Vorname", "Nachname", "E-Mail", "Telefon", "Straße", "PLZ", "Ort", "Land", "Geburtsdatum",
		"Geschlecht", "Mitgliedsnummer", "Eintrittsdatum", "Tags", "Sprache", "Bemerkung"}
}

// WriteImportFile writes a CSV file of n people for the demo organization, as an affiliate would send it:
// matchShare of the rows are contacts the database already holds (their e-mail address and name as stored,
// with a new phone number), the others are new people with postal codes of the organization's units. The file
// is the same for the same seed and database.
func WriteImportFile(ctx context.Context, svc *service.Service, w io.Writer, n int, matchShare float64, seed uint64) error {
	country, err := svc.Setting(ctx, "demo")
	if err != nil {
		return err
	}
	if country == "" {
		return fmt.Errorf("no demo organization in this database")
	}
	g, err := newGenerator(ctx, svc, country, seed)
	if err != nil {
		return err
	}
	sys, err := svc.SystemActor(ctx, "demo import file")
	if err != nil {
		return err
	}
	existing, err := svc.SampleContacts(ctx, sys, int(float64(n)*matchShare))
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ImportFileHeader()); err != nil {
		return err
	}
	date := func(d domain.Date) string {
		if d.IsZero() {
			return ""
		}
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
	}
	next := 0
	for range n {
		nc := g.contact()
		c := &nc.Contact
		row := make([]string, 15)
		if next < len(existing) && g.pick(matchShare) {
			e := existing[next]
			next++
			row[0], row[1], row[2] = e.GivenName, e.FamilyName, e.Email
		} else {
			row[0], row[1] = c.GivenName, c.FamilyName
			if len(c.Emails) > 0 {
				row[2] = c.Emails[0].Address
			}
			row[10] = c.MemberNumber
		}
		row[3] = g.phone()
		a := c.Addresses[0]
		row[4], row[5], row[6], row[7] = a.Street, a.PostalCode, a.City, a.Country
		row[8] = date(c.BirthDate)
		row[9] = map[string]string{"female": "w", "male": "m", "diverse": "d"}[c.Gender]
		if len(nc.Memberships) > 0 && row[10] != "" {
			row[11] = date(nc.Memberships[len(nc.Memberships)-1].StartDate)
		}
		row[12] = strings.Join(c.Tags, ", ")
		row[13] = c.Language
		if g.pick(0.05) {
			row[14] = "Kontakt über Infostand"
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
