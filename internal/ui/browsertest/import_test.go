package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/charmap"

	"github.com/roster-crm/roster/internal/domain"
)

// memberListCSV is a member list as a German spreadsheet program exports it: Windows-1252, semicolons,
// German headers, CRLF. Jürgen is in Roster already (same e-mail); Hans lives in Berlin, outside Bayern;
// Renée's e-mail is broken; Françoise appears twice.
const memberListCSV = "Anrede;Vorname;Nachname;E-Mail;Straße;PLZ;Ort;Geburtsdatum;Funktion\r\n" +
	"Herr;Jürgen;Öztürk;juergen@example.org;Marienplatz 8;80331;München;;Kassenwart\r\n" +
	"Frau;Françoise;Dupré;f.dupre@example.org;Maximilianstraße 3;86150;Augsburg;12.05.1971;Beisitzerin\r\n" +
	"Frau;Gisela;Weißmüller;gisela@example.org;Hauptstraße 1;80331;München;24.12.1958;Schatzmeisterin\r\n" +
	"Herr;Søren;Kierkegård;soren@example.org;;80331;München;01.02.1965;\r\n" +
	"Frau;Renée;Müller-Lüdenscheidt;renee@;Domplatz 2;86150;Augsburg;;\r\n" +
	"Herr;Hans;Berliner;hans@example.org;Unter den Linden 1;10115;Berlin;;\r\n" +
	"Herr;Björn;Æbelø;bjoern@example.org;;86150;Augsburg;30.06.1990;Kassenprüfer\r\n" +
	"Frau;Françoise;Dupré;f.dupre@example.org;Maximilianstraße 3;86150;Augsburg;12.05.1971;Beisitzerin\r\n"

// A state officer imports a messy member list in the browser: uploads it, checks the suggested columns,
// maps the one column Roster did not know, looks at a dry run that changes nothing, imports, and reads the
// report with a link to each new member.
func TestImportInTheBrowser(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // large workbooks spill to temporary files while they are read
	eachSite(t, func(t *testing.T, s *site) {
		s.postalCodes(t, s.berlin.ID, "10115", "Berlin")
		file := filepath.Join(t.TempDir(), "Mitglieder Bayern.csv")
		latin1 := must(charmap.Windows1252.NewEncoder().Bytes([]byte(memberListCSV)))(t)
		if err := os.WriteFile(file, latin1, 0o644); err != nil {
			t.Fatal(err)
		}
		before := s.count(t)
		tb := s.newTab(t)
		tb.signIn(stateEmail, password)
		tb.follow(chromedp.Click(link(s.en("ui.nav.imports"))))
		tb.do(chromedp.SetUploadFiles(field(s.en("ui.import.file")), []string{file}))
		tb.follow(chromedp.Click(button(s.en("ui.import.upload_submit"))))
		if got := tb.heading(); got != s.en("ui.import.file_title", "name", "Mitglieder Bayern.csv") {
			t.Fatalf("after the upload the page is %q: %s", got, tb.mainText())
		}

		importAs := func(column string) string { return s.en("ui.import.import_column_as", "column", column) }
		for column, want := range map[string]string{"Vorname": "given_name", "Nachname": "family_name", "E-Mail": "email",
			"Straße": "street", "PLZ": "postal_code", "Ort": "city", "Geburtsdatum": "birth_date", "Anrede": "salutation", "Funktion": ""} {
			if got := valueOf(tb, field(importAs(column))); got != want {
				t.Errorf("column %s is suggested as %q, want %q", column, got, want)
			}
		}
		if text := tb.mainText(); !strings.Contains(text, "Weißmüller") || !strings.Contains(text, "Kierkegård") {
			t.Errorf("the first values do not show the umlauts right: %s", text)
		}
		keyField := chromedp.Search(`//*[@id=//label[normalize-space()=` + xq(importAs("Funktion")) + `]/@for]` +
			`/ancestor::td//input[starts-with(@name, "key.")]`)
		if visible := eval[bool](tb, `document.getElementById("key-8").checkVisibility()`); visible {
			t.Error("the name field shows before the column is mapped to a field that needs a name")
		}
		tb.choose(importAs("Funktion"), s.en("ui.import.field.attribute"))
		waitVisible(tb, keyField)
		tb.do(chromedp.Click(keyField), chromedp.KeyEvent("funktion"))
		tb.screenshotFor("import-mapping.png")

		tb.follow(chromedp.Click(button(s.en("ui.import.dry_run"))))
		waitVisible(tb, section(s.en("ui.import.report")))
		if got := tb.count(`table.report tbody tr`); got != 8 {
			t.Errorf("the dry run reports %d rows, want 8", got)
		}
		report := textOf(tb, section(s.en("ui.import.report")))
		for _, want := range []string{"Françoise Dupré", s.en("ui.import.field.email") + ": " + s.en("error.invalid_email"),
			s.en("error.unit_out_of_scope"), s.en("error.duplicate_in_file", "param", "3")} {
			if !strings.Contains(report, want) {
				t.Errorf("the dry run report lacks %q:\n%s", want, report)
			}
		}
		if n := s.count(t); n != before {
			t.Fatalf("the dry run changed the contacts: %d, was %d", n, before)
		}

		tb.follow(chromedp.Click(button(s.en("ui.import.import_now"))))
		waitVisible(tb, section(s.en("ui.import.report")))
		if got := textOf(tb, chromedp.Search(`.import-status`)); got != s.en("ui.import.status.done") {
			t.Errorf("status after the import: %q", got)
		}
		tb.screenshotFor("import-report.png")
		if n := s.count(t); n != before+4 {
			t.Errorf("%d contacts after the import, want %d (Françoise, Gisela, Søren, Björn)", n, before+4)
		}
		tb.follow(chromedp.Click(link("Gisela Weißmüller")))
		if got := tb.heading(); got != "Gisela Weißmüller" {
			t.Errorf("the report's link leads to %q", got)
		}
	})
}

// count is the number of live contacts in the organization.
func (s *site) count(t *testing.T) int {
	t.Helper()
	return must(s.svc.CountContacts(context.Background(), s.sys, domain.ContactFilter{}, 0))(t)
}

// choose picks the option reading text in the select labelled label, as a person does with the mouse: the
// page sees the change.
func (tb *tab) choose(label, text string) {
	tb.t.Helper()
	ok := eval[bool](tb, `(s => { const o = [...s.options].find(o => o.text.trim() === `+js(text)+`);
		if (!o) return false; s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })(`+labelled(label)+`)`)
	if !ok {
		tb.t.Fatalf("no option %q in the select %q", text, label)
	}
}
