package export

import (
	"fmt"
	"io"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

// ContactListFormats are the formats of a contact list export.
func ContactListFormats() []Format { return []Format{CSV, XLSX} }

// ContactColumns are the columns of a contact list export, by their machine names: the header of the
// machine variant, and the catalogue keys (export.col.<name>) of the header people read.
func ContactColumns() []string {
	return []string{"id", "display_name", "member_number", "status", "home_unit", "email", "phone", "street",
		"postal_code", "city", "paid_up_until"}
}

// contactWidths are the spreadsheet column widths, in the order of ContactColumns.
var contactWidths = []float64{8, 30, 14, 14, 24, 30, 18, 30, 10, 20, 14}

// ContactRow is one contact on a list export.
type ContactRow struct {
	ID           int64
	Name         string
	MemberNumber string
	Status       string // membership status code; "" for contacts without a membership
	HomeUnit     string
	Email        string
	Phone        string
	Street       string
	PostalCode   string
	City         string
	PaidUpUntil  domain.Date // zero when no payment is recorded
}

// ContactList writes a contact list in one of two variants. The machine variant (no language) has the
// column names of ContactColumns, status codes ("grace") and ISO dates, and stays the same from release to
// release for programs that read it. The variant for people (a catalogue language) has translated column
// titles and statuses and dates in the language's format: what an officer opens in a spreadsheet or merges
// into letters.
type ContactList struct {
	l     labels
	human bool
	table Table
	cells []string
}

// NewContactList starts a contact list in format f (CSV or XLSX): for people in lang, or the machine variant
// when lang is "". A CSV file for people starts with a byte order mark, so that spreadsheet programs read
// umlauts right; the machine variant has none.
func NewContactList(w io.Writer, f Format, cat *i18n.Catalog, lang string) (*ContactList, error) {
	c := &ContactList{l: labels{cat, lang}, human: lang != ""}
	cols := make([]Column, len(ContactColumns()))
	for i, name := range ContactColumns() {
		cols[i] = Column{Title: name, Width: contactWidths[i]}
		if c.human {
			cols[i].Title = c.l.t("export.col." + name)
		}
	}
	var err error
	switch f {
	case CSV:
		c.table, err = NewCSV(w, cols, c.human)
	case XLSX:
		sheet := "contacts"
		if c.human {
			sheet = c.l.t("export.contacts.sheet")
		}
		c.table, err = NewXLSX(w, sheet, cols, XLSXOptions{})
	default:
		err = fmt.Errorf("contact list: unsupported format %q", f)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Add writes one contact.
func (c *ContactList) Add(r ContactRow) error {
	status, paid := r.Status, r.PaidUpUntil.String()
	if r.PaidUpUntil.IsZero() {
		paid = ""
	}
	if c.human {
		status, paid = c.l.enum("export.status", r.Status), c.l.date(r.PaidUpUntil)
	}
	c.cells = append(c.cells[:0], strconv.FormatInt(r.ID, 10), r.Name, r.MemberNumber, status, r.HomeUnit, r.Email,
		r.Phone, r.Street, r.PostalCode, r.City, paid)
	return c.table.Row(c.cells...)
}

// Close finishes the file.
func (c *ContactList) Close() error { return c.table.Close() }

// Abort gives up on the file after an error.
func (c *ContactList) Abort() { c.table.Abort() }
