package export

import (
	"fmt"
	"io"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

// AccreditationFormats are the formats of an accreditation list.
func AccreditationFormats() []Format { return []Format{CSV, XLSX, PDF} }

// AccreditationInfo heads an accreditation list.
type AccreditationInfo struct {
	Unit        string      // the unit whose members are listed
	Date        domain.Date // the day the standings were taken on
	Meeting     string      // the meeting the list is for; "" for none
	MeetingDate domain.Date // the meeting's day; zero for none
}

// AccreditationRow is one member on an accreditation list.
type AccreditationRow struct {
	MemberNumber   string
	Name           string
	Unit           string // the member's home unit
	Status         string // the membership status, new or current
	EntitledToVote bool
}

// Accreditation writes an accreditation list — member number, name, unit, status, entitled to vote and an
// empty column to sign in — as CSV, XLSX or a print-ready PDF.
type Accreditation struct {
	l     labels
	table Table             // CSV and XLSX stream their rows
	pdf   *accreditationPDF // the PDF is laid out at Close, when the count for its title is known
	rows  int
}

// NewAccreditation starts an accreditation list in format f with column titles in lang.
func NewAccreditation(w io.Writer, f Format, cat *i18n.Catalog, lang string, info AccreditationInfo) (*Accreditation, error) {
	a := &Accreditation{l: labels{cat, lang}}
	switch f {
	case PDF:
		a.pdf = &accreditationPDF{w: w, l: a.l, info: info}
		return a, nil
	case CSV:
		t, err := NewCSV(w, a.columns(), true)
		if err != nil {
			return nil, err
		}
		a.table = t
		return a, nil
	case XLSX:
		t, err := NewXLSX(w, a.l.t("export.accreditation.sheet"), a.columns(), XLSXOptions{Print: true})
		if err != nil {
			return nil, err
		}
		a.table = t
		return a, nil
	}
	return nil, fmt.Errorf("accreditation list: unsupported format %q", f)
}

func (a *Accreditation) columns() []Column {
	return []Column{
		{a.l.t("export.col.member_number"), 14}, {a.l.t("export.col.name"), 34}, {a.l.t("export.col.unit"), 26},
		{a.l.t("export.col.status"), 12}, {a.l.t("export.accreditation.entitled"), 16},
		{a.l.t("export.accreditation.signature"), 34},
	}
}

// Add writes one member.
func (a *Accreditation) Add(r AccreditationRow) error {
	a.rows++
	if a.pdf != nil {
		a.pdf.rows = append(a.pdf.rows, r)
		return nil
	}
	return a.table.Row(r.MemberNumber, r.Name, r.Unit, a.l.enum("export.status", r.Status), a.l.yesNo(r.EntitledToVote), "")
}

// Rows is the number of members written so far.
func (a *Accreditation) Rows() int { return a.rows }

// Close finishes the file.
func (a *Accreditation) Close() error {
	if a.pdf != nil {
		return a.pdf.write()
	}
	return a.table.Close()
}

// Abort gives up on the list after an error, releasing temporary files without writing more.
func (a *Accreditation) Abort() {
	if a.table != nil {
		a.table.Abort()
	}
}
