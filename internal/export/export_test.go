package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

// names from the demo's scripts: umlauts and ß, Polish, Greek, Cyrillic, Armenian.
var sampleNames = []string{"Müller, Jürgen", "Strauß, Gisela", "Łukasiewicz, Zofia", "Παπαδόπουλος, Γεώργιος",
	"Смирнова, Мария", "Петровић, Јелена", "Գևորգյան, Արմեն", "=cmd|' /C calc'!A0"}

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func accreditation(t *testing.T, f Format, lang string, n int) []byte {
	t.Helper()
	return accreditationFor(t, f, lang, n, AccreditationInfo{Unit: "Kreisverband Görlitz", Date: domain.Date{Year: 2026, Month: 6, Day: 15}})
}

func accreditationFor(t *testing.T, f Format, lang string, n int, info AccreditationInfo) []byte {
	t.Helper()
	var buf bytes.Buffer
	a, err := NewAccreditation(&buf, f, catalog(t), lang, info)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		status := domain.StatusCurrent
		if i%3 == 0 {
			status = domain.StatusNew
		}
		if err := a.Add(AccreditationRow{MemberNumber: fmt.Sprintf("%06d", i+1), Name: sampleNames[i%len(sampleNames)],
			Unit: "Ortsverband Weißwasser", Status: status, EntitledToVote: i%3 != 0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAccreditationCSV(t *testing.T) {
	out := accreditation(t, CSV, "de", 9)
	body, ok := bytes.CutPrefix(out, []byte(utf8BOM))
	if !ok {
		t.Fatal("no byte order mark: spreadsheets would garble the umlauts")
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Mitgliedsnr.", "Name", "Gliederung", "Status", "Stimmberechtigt", "Unterschrift"}
	if len(recs) != 10 || !slices.Equal(recs[0], want) {
		t.Fatalf("header %q, %d records", recs[0], len(recs))
	}
	if got := recs[1]; !slices.Equal(got, []string{"000001", "Müller, Jürgen", "Ortsverband Weißwasser", "Neu", "nein", ""}) {
		t.Errorf("first row %q", got)
	}
	if got := recs[8][1]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula not defused: %q", got)
	}
	if got := recs[2][3:5]; !slices.Equal(got, []string{"Aktiv", "ja"}) {
		t.Errorf("status and vote %q", got)
	}
}

func TestAccreditationXLSX(t *testing.T) {
	out := accreditation(t, XLSX, "en", 250)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "Accreditation" {
		t.Errorf("sheet %q", sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 251 || !slices.Equal(rows[0], []string{"Member no.", "Name", "Unit", "Status", "Entitled to vote", "Signature"}) {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	if !slices.Equal(rows[4][:5], []string{"000004", "Παπαδόπουλος, Γεώργιος", "Ortsverband Weißwasser", "New", "no"}) {
		t.Errorf("row 4: %q", rows[4])
	}
	style, _ := f.GetCellStyle(sheet, "B1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Error("the header row is not bold")
	}
	if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	if w, _ := f.GetColWidth(sheet, "B"); w < 30 {
		t.Errorf("name column width %v", w)
	}
	if v, _ := f.GetCellValue(sheet, "F2"); v != "" {
		t.Errorf("signature cell holds %q", v)
	}
}

var pageObject = regexp.MustCompile(`/Type /Page\b[^s]`)

func TestAccreditationPDFPages(t *testing.T) {
	first, others := accreditationRowsPerPage()
	if first < 20 || others < first {
		t.Fatalf("rows per page: %d, then %d", first, others)
	}
	for _, n := range []int{0, 1, first, first + 1, first + others, first + others + 1, 500} {
		out := accreditation(t, PDF, "en", n)
		if !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Fatalf("%d rows: not a PDF", n)
		}
		if got, want := len(pageObject.FindAll(out, -1)), AccreditationPages(n); got != want {
			t.Errorf("%d rows: %d pages, want %d", n, got, want)
		}
	}
}

// pdfText extracts the text of a PDF with poppler's pdftotext, skipping the test where it is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the text of the PDF is not checked")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestAccreditationPDFText(t *testing.T) {
	first, _ := accreditationRowsPerPage()
	text := pdfText(t, accreditation(t, PDF, "de", first+5))
	pages := AccreditationPages(first + 5)
	for _, want := range append(sampleNames[:7], "Kreisverband Görlitz", "Akkreditierungsliste · 15.06.2026",
		fmt.Sprintf("%d Mitglieder", first+5), "Unterschrift", fmt.Sprintf("Seite 2 von %d", pages)) {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	// The table header is repeated on the second page.
	if n := strings.Count(text, "Mitgliedsnr."); n != pages {
		t.Errorf("table header on %d of %d pages", n, pages)
	}
}

// wordHeights are the heights in points of the words of a PDF's first page, by word, as poppler's pdftotext
// boxes them: the height of a word's box grows with its font size.
func wordHeights(t *testing.T, pdf []byte) map[string]float64 {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the layout of the PDF is not checked")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	words := regexp.MustCompile(`<word xMin="[0-9.]+" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
	heights := map[string]float64{}
	for _, m := range words.FindAllStringSubmatch(string(out), -1) {
		var top, bottom float64
		fmt.Sscan(m[1], &top)
		fmt.Sscan(m[2], &bottom)
		if _, seen := heights[m[3]]; !seen {
			heights[m[3]] = bottom - top
		}
	}
	return heights
}

// The column titles of the accreditation list are as large as the rows, "Stimmberechtigt" included, in
// either language.
func TestAccreditationPDFHeaderSize(t *testing.T) {
	for lang, titles := range map[string][]string{
		"de": {"Mitgliedsnr.", "Gliederung", "Stimmberechtigt", "Unterschrift"},
		"en": {"Member", "Unit", "Entitled", "vote", "Signature"},
	} {
		h := wordHeights(t, accreditation(t, PDF, lang, 3))
		row := h["000001"]
		if row == 0 {
			t.Fatalf("%s: no member number on the page: %v", lang, h)
		}
		for _, title := range titles {
			if h[title] < row*0.95 {
				t.Errorf("%s: the title %q is %.1f pt high, the rows %.1f pt", lang, title, h[title], row)
			}
		}
	}
}

func TestAccreditationPDFMeeting(t *testing.T) {
	info := AccreditationInfo{Unit: "Kreisverband Görlitz", Date: domain.Date{Year: 2026, Month: 6, Day: 15},
		Meeting: "Kreisparteitag Herbst 2026", MeetingDate: domain.Date{Year: 2026, Month: 9, Day: 19}}
	text := pdfText(t, accreditationFor(t, PDF, "de", 3, info))
	for _, want := range []string{"Kreisparteitag Herbst 2026", "Akkreditierungsliste · Kreisverband Görlitz · Versammlung am 19.09.2026",
		"Stand 15.06.2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q:\n%s", want, text)
		}
	}
	// The meeting's name is the largest line on the page.
	h := wordHeights(t, accreditationFor(t, PDF, "de", 3, info))
	if h["Kreisparteitag"] <= h["Akkreditierungsliste"] {
		t.Errorf("meeting name %.1f pt, list title %.1f pt", h["Kreisparteitag"], h["Akkreditierungsliste"])
	}
}

func samplePerson() *Person {
	at := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	return &Person{GeneratedAt: at, GeneratedFor: "officer@example.org",
		Contact: &domain.Contact{ID: 7, Kind: "person", GivenName: "Jürgen", FamilyName: "Łukasiewicz", DisplayName: "Jürgen Łukasiewicz",
			HomeUnit: domain.UnitRef{ID: 3, Name: "Kreis Görlitz"}, MemberNumber: "100042", BirthDate: domain.Date{Year: 1970, Month: 3, Day: 1},
			Emails:    []domain.Email{{Address: "juergen@example.org", Primary: true}},
			Phones:    []domain.Phone{{Number: "+49 30 123456", Label: "mobile"}},
			Addresses: []domain.Address{{Street: "Hauptstraße 1", PostalCode: "02826", City: "Görlitz", Country: "DE", Primary: true}},
			Tags:      []string{"Presse"}, ExternalIDs: []domain.ExternalID{{System: "voter", Value: "NC-1"}},
			Affiliations: []domain.UnitRef{{ID: 4, Name: "Kreis Bautzen"}}, Attributes: map[string]string{"bundestag_wahlkreis_2025": "157"},
			CreatedAt: at, UpdatedAt: at},
		Memberships: []domain.Membership{{TypeName: "Vollmitglied", StartDate: domain.Date{Year: 2020, Month: 1, Day: 1}, Status: "current", JoinMethod: "form"}},
		Notes:       []domain.Note{{Body: "Ruft lieber abends an. Γειά σου.", CreatedAt: at, CreatedBy: "officer@example.org"}},
		History: []domain.AuditEntry{{At: at, ActorName: "officer@example.org", Action: "contact.update",
			Changes: map[string]domain.Change{"family_name": {Old: "Lukasiewicz", New: "Łukasiewicz"}}}},
	}
}

func TestPersonJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePerson(&buf, JSON, catalog(t), "en", samplePerson()); err != nil {
		t.Fatal(err)
	}
	var back Person
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != PersonSchema || back.Contact.Emails[0].Address != "juergen@example.org" || back.Notes[0].Body == "" ||
		back.History[0].Changes["family_name"].New != "Łukasiewicz" {
		t.Fatalf("round trip: %+v", back)
	}
}

func TestPersonPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePerson(&buf, PDF, catalog(t), "de", samplePerson()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Jürgen Łukasiewicz", "Auskunft über gespeicherte Daten", "juergen@example.org", "+49 30 123456",
		"Hauptstraße 1", "02826 Görlitz", "Presse", "NC-1", "Kreis Bautzen", "Vollmitglied", "Ruft lieber abends an. Γειά σου.",
		"Lukasiewicz → Łukasiewicz", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat("xlsx", AccreditationFormats()...); err != nil || f != XLSX {
		t.Fatalf("xlsx: %v %v", f, err)
	}
	if _, err := ParseFormat("json", AccreditationFormats()...); err == nil {
		t.Fatal("json accepted for an accreditation list")
	}
}
