package export

import (
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The accreditation table on A4 portrait, in millimetres. Rows are tall enough to sign in; page breaks are
// counted here rather than left to fpdf, so the page count of n members is known (and tested).
const (
	accrTop       = margin + 6       // first line below the top margin
	accrBottom    = 297 - margin - 4 // rows end above the footer
	accrTitleH    = 24               // unit name, title and date, count (first page only)
	accrHeaderH   = 10               // the table header, repeated on every page
	accrRowH      = 8
	accrFontSize  = 9
	accrHeadSize  = 9 // the column titles are as large as the rows they head
	accrHeadMin   = 8 // a title is set smaller only where a word of it would not fit its column otherwise
	accrTitleSize = 16
)

// accrWidths are the column widths: member number, name, unit, status, vote, signature (180 mm in all). The
// vote column is wide enough for its title, the longest single word of the header ("Stimmberechtigt"), at
// full size.
var accrWidths = [6]float64{22, 44, 38, 16, 30, 30}

// accreditationRowsPerPage is how many members fit on the first page and on each further page.
func accreditationRowsPerPage() (first, others int) {
	firstSpace, otherSpace := accrBottom-accrTop-accrTitleH-accrHeaderH, accrBottom-accrTop-accrHeaderH
	return int(firstSpace / accrRowH), int(otherSpace / accrRowH)
}

// AccreditationPages is the page count of a PDF accreditation list of n members.
func AccreditationPages(n int) int {
	first, others := accreditationRowsPerPage()
	if n <= first {
		return 1
	}
	return 1 + (n-first+others-1)/others
}

type accreditationPDF struct {
	w    io.Writer
	l    labels
	info AccreditationInfo
	rows []AccreditationRow
}

func (d *accreditationPDF) write() error {
	l := d.l
	asOf := l.date(d.info.Date)
	title := l.t("export.accreditation.title")
	heading, lines := d.heading()
	p := newA4(l, title+" "+heading, l.t("export.accreditation.footer", "unit", d.info.Unit, "date", asOf))
	p.SetAutoPageBreak(false, 0)
	p.AddPage()
	p.SetXY(margin, accrTop)
	p.SetFont(fontFamily, "B", accrTitleSize)
	p.CellFormat(0, 9, fit(p, heading, 180), "", 1, "L", false, 0, "")
	p.SetFont(fontFamily, "", 11)
	p.CellFormat(0, 6, fit(p, lines[0], 180), "", 1, "L", false, 0, "")
	p.SetFont(fontFamily, "", 10)
	p.CellFormat(0, 6, fit(p, lines[1], 180), "", 1, "L", false, 0, "")
	p.SetY(accrTop + accrTitleH)
	d.header(p)
	first, others := accreditationRowsPerPage()
	left := first
	for _, r := range d.rows {
		if left == 0 {
			p.AddPage()
			p.SetY(accrTop)
			d.header(p)
			left = others
		}
		left--
		d.row(p, r)
	}
	if err := p.Error(); err != nil {
		return err
	}
	return p.Output(d.w)
}

// heading is the large first line of the list — the meeting when one is given, else the unit — and the two
// lines below it: what the list is and for which day, then how many it lists and as of when.
func (d *accreditationPDF) heading() (string, [2]string) {
	l, info := d.l, d.info
	asOf := l.date(info.Date)
	title := l.t("export.accreditation.title")
	count := l.t("export.accreditation.count", "count", strconv.Itoa(len(d.rows)))
	if info.Meeting == "" && info.MeetingDate.IsZero() {
		return info.Unit, [2]string{title + " · " + asOf, count}
	}
	heading, second := info.Unit, title
	if info.Meeting != "" {
		heading, second = info.Meeting, title+" · "+info.Unit
	}
	if !info.MeetingDate.IsZero() {
		second += " · " + l.t("export.accreditation.meeting_on", "date", l.date(info.MeetingDate))
	}
	return heading, [2]string{second, count + " · " + l.t("export.accreditation.as_of", "date", asOf)}
}

// header draws the column titles in bold at the size of the rows, wrapped onto two lines where they are long,
// and a little smaller only where a single word would not fit its column at all.
func (d *accreditationPDF) header(p *fpdf.Fpdf) {
	l := d.l
	titles := []string{l.t("export.col.member_number"), l.t("export.col.name"), l.t("export.col.unit"),
		l.t("export.col.status"), l.t("export.accreditation.entitled"), l.t("export.accreditation.signature")}
	p.SetFillColor(230, 230, 230)
	x, y := margin, p.GetY()
	p.Rect(x, y, 180, accrHeaderH, "F")
	for i, t := range titles {
		room := accrWidths[i] - 2*p.GetCellMargin()
		size := float64(accrHeadSize)
		for p.SetFont(fontFamily, "B", size); size > accrHeadMin && widestWord(p, t) > room; p.SetFont(fontFamily, "B", size) {
			size -= 0.5
		}
		lines := p.SplitText(t, accrWidths[i]) // SplitText leaves the cell margins itself
		if len(lines) > 2 {
			lines = lines[:2]
		}
		top := y + (accrHeaderH-float64(len(lines))*4.2)/2
		for j, line := range lines {
			p.SetXY(x, top+float64(j)*4.2)
			p.CellFormat(accrWidths[i], 4.2, line, "", 0, "L", false, 0, "")
		}
		x += accrWidths[i]
	}
	p.SetLineWidth(0.3)
	p.Line(margin, y+accrHeaderH, margin+180, y+accrHeaderH)
	p.SetLineWidth(0.15)
	p.SetXY(margin, y+accrHeaderH)
}

func widestWord(p *fpdf.Fpdf, s string) float64 {
	w := 0.0
	for _, word := range strings.Fields(s) {
		w = max(w, p.GetStringWidth(word))
	}
	return w
}

func (d *accreditationPDF) row(p *fpdf.Fpdf, r AccreditationRow) {
	l := d.l
	p.SetFont(fontFamily, "", accrFontSize)
	cells := []string{r.MemberNumber, r.Name, r.Unit, l.enum("export.status", r.Status), l.yesNo(r.EntitledToVote), ""}
	for i, c := range cells {
		p.CellFormat(accrWidths[i], accrRowH, fit(p, c, accrWidths[i]), "B", 0, "L", false, 0, "")
	}
	p.Ln(accrRowH)
}
