package export

import (
	_ "embed"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu Sans Condensed covers Latin with all European diacritics, Greek, Cyrillic, Armenian and Georgian
// (licence in fonts/LICENSE, recorded in NOTICE.md). fpdf embeds only the glyphs a document uses.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	fontBold []byte
)

const (
	fontFamily = "dejavu"
	pageAlias  = "{pages}" // replaced by the page count when the document is written
	margin     = 15.0      // mm on every side of an A4 page
)

// newA4 returns an A4 portrait document in millimetres with the embedded fonts, a running header line and a
// footer with "page x of y".
func newA4(l labels, title, running string) *fpdf.Fpdf {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin+6, margin)
	p.SetAutoPageBreak(true, margin+4)
	p.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	p.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	p.AliasNbPages(pageAlias)
	p.SetTitle(title, true)
	p.SetCreator("Roster", true)
	p.SetFooterFunc(func() {
		p.SetY(-margin)
		p.SetFont(fontFamily, "", 7.5)
		p.SetTextColor(90, 90, 90)
		w := (210 - 2*margin) / 2
		p.CellFormat(w, 5, running, "T", 0, "L", false, 0, "")
		p.CellFormat(w, 5, l.t("export.page", "page", strconv.Itoa(p.PageNo()), "pages", pageAlias), "T", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	return p
}

// fit shortens s with an ellipsis until it is at most w wide in the current font.
func fit(p *fpdf.Fpdf, s string, w float64) string {
	w -= 2 * p.GetCellMargin()
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}
