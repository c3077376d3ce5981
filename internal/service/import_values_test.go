package service_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// sharedFile returns a file of the shared reference data (../shared/data beside the repository, or
// $ROSTER_SHARED_DATA), or skips the test when the folder is absent, as on a fresh clone.
func sharedFile(t *testing.T, rel string) []byte {
	t.Helper()
	dir := os.Getenv("ROSTER_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("shared reference data not found (%s); set ROSTER_SHARED_DATA to run this test", filepath.Join(dir, rel))
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importSuggested imports a file as the mapping page would suggest it, into the officer's county.
func (w *importWorld) importSuggested(name string, data []byte, dry bool) (domain.ImportBatch, map[int]domain.ImportRow) {
	w.t.Helper()
	rd, err := importfile.Open(bytes.NewReader(data), int64(len(data)), name, importfile.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	m := importfile.Suggest(rd.Header())
	rd.Close()
	b, err := w.svc.ImportFile(w.ctx, w.officer, name, bytes.NewReader(data), service.ImportStart{
		Options: domain.ImportOptions{Columns: m.Columns, UnitID: w.north.ID}, DryRun: dry})
	if err != nil {
		w.t.Fatalf("import %s: %v", name, err)
	}
	return b, w.report(w.officer, b.ID)
}

// CiviCRM's own test file has a person whose address is only a country (Côte d'Ivoire): it was dropped
// without a word. A partial address is an address.
func TestImportKeepsAnAddressOfOnlyACountry(t *testing.T) {
	data := sharedFile(t, "4-civicrm/individual_unicode.csv")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		b, rep := w.importSuggested("individual_unicode.csv", data, false)
		if b.Created != 1 || rep[2].Outcome != domain.RowCreate {
			t.Fatalf("batch %+v, row %+v", b, rep[2])
		}
		c, err := w.svc.GetContact(w.ctx, w.officer, rep[2].ContactID)
		if err != nil || len(c.Addresses) != 1 || c.Addresses[0].Country != "CI" {
			t.Fatalf("contact = %+v, %v", c, err)
		}
	})
}

// Each part of an address alone is an address; a flag that has nothing to mark is a problem of the row, never
// dropped in silence.
func TestImportStoresPartialAddressesAndReportsWhatItCannotStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		cols := columns(importfile.GivenName, importfile.FamilyName, importfile.City, importfile.Region,
			importfile.Country, importfile.Email, importfile.DoNotMail, importfile.DoNotEmail)
		b, err := w.run(w.officer, []string{
			"Ana|Country|||Côte d'Ivoire|||",   // 2: a country alone
			"Ben|Region||Bavaria||||",          // 3: a region alone
			"Cem|City|Lyon|||||",               // 4: a city alone
			"Dan|Flags||||||ja",                // 5: do not e-mail, but no e-mail address
			"Eva|Flags||||eva@example.org|x|x", // 6: do not mail, but no address
		}, domain.ImportOptions{Columns: cols, UnitID: w.north.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		rep := w.report(w.officer, b.ID)
		for line, want := range map[int]domain.Address{2: {Country: "CI"}, 3: {Region: "Bavaria"}, 4: {City: "Lyon"}} {
			c, err := w.svc.GetContact(w.ctx, w.officer, rep[line].ContactID)
			if err != nil || len(c.Addresses) != 1 {
				t.Fatalf("line %d: %+v, %v", line, c, err)
			}
			got := c.Addresses[0]
			if got.Country != want.Country || got.Region != want.Region || got.City != want.City {
				t.Errorf("line %d: address %+v", line, got)
			}
		}
		for line, want := range map[int]domain.FieldError{5: {Field: "do_not_email", Code: "no_email_to_flag"},
			6: {Field: "do_not_mail", Code: "no_address_to_flag"}} {
			if r := rep[line]; r.Outcome != domain.RowInvalid || !slices.Contains(r.Problems, want) {
				t.Errorf("line %d: %+v", line, r)
			}
		}
	})
}

// "31.02.1980" was rejected with "please use YYYY-MM-DD": the problem says that the day does not exist and
// shows the value, in English and German.
func TestImportSaysADateDoesNotExist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		cols := columns(importfile.GivenName, importfile.FamilyName, importfile.BirthDate)
		b, err := w.run(w.officer, []string{"Ada|Impossible|31.02.1980", "Bea|Unreadable|next spring",
			"Cy|Fine|29.02.1980"}, domain.ImportOptions{Columns: cols, UnitID: w.north.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		rep := w.report(w.officer, b.ID)
		if p := rep[2].Problems; len(p) != 1 || p[0] != (domain.FieldError{Field: "birth_date", Code: "no_such_date", Param: "31.02.1980"}) {
			t.Errorf("line 2: %+v", rep[2])
		}
		if p := rep[3].Problems; len(p) != 1 || p[0].Code != "unreadable_date" || p[0].Param != "next spring" {
			t.Errorf("line 3: %+v", rep[3])
		}
		if rep[4].Outcome != domain.RowCreate {
			t.Errorf("line 4: %+v", rep[4])
		}
		var csvOut bytes.Buffer
		for lang, want := range map[string]string{"en": "There is no such date: “31.02.1980”.",
			"de": "Dieses Datum gibt es nicht: „31.02.1980“."} {
			csvOut.Reset()
			if _, err := w.svc.ExportRejectedRows(w.ctx, w.officer, b.ID, lang, &csvOut); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(csvOut.String(), want) || strings.Contains(csvOut.String(), "YYYY") ||
				strings.Contains(csvOut.String(), "JJJJ") {
				t.Errorf("%s: %s", lang, csvOut.String())
			}
		}
	})
}

// A row with an extra cell was reported without the person's name; "Dr." in a salutation was dropped.
func TestImportNamesRowsWithExtraCellsAndKeepsTitles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		cols := columns(importfile.Salutation, importfile.GivenName, importfile.FamilyName)
		b, err := w.run(w.officer, []string{
			"Herr Dr.|Hans|Müller",          // 2: male, Dr.
			"Frau|Eva|Roth|stray|cells",     // 3: two cells too many
			"Familie|Haus|Halt",             // 4: kept as the salutation
			"Prof. Dr. med.|Ida|Forscherin", // 5: titles only
		}, domain.ImportOptions{Columns: cols, UnitID: w.north.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		rep := w.report(w.officer, b.ID)
		if r := rep[3]; r.Outcome != domain.RowInvalid || r.Display != "Eva Roth" || len(r.Problems) != 1 ||
			r.Problems[0].Code != "extra_cells" || r.Problems[0].Param != "stray | cells" {
			t.Errorf("line 3: %+v", r)
		}
		hans, _ := w.svc.GetContact(w.ctx, w.officer, rep[2].ContactID)
		if hans == nil || hans.HonorificPrefix != "Dr." || hans.Gender != "male" || hans.DisplayName != "Dr. Hans Müller" {
			t.Errorf("Hans = %+v", hans)
		}
		haus, _ := w.svc.GetContact(w.ctx, w.officer, rep[4].ContactID)
		if haus == nil || haus.Attributes["salutation"] != "Familie" || haus.HonorificPrefix != "" {
			t.Errorf("Haus = %+v", haus)
		}
		ida, _ := w.svc.GetContact(w.ctx, w.officer, rep[5].ContactID)
		if ida == nil || ida.HonorificPrefix != "Prof. Dr. med." {
			t.Errorf("Ida = %+v", ida)
		}

		full := columns(importfile.FullName)
		b, err = w.run(w.officer, []string{"Dr. Otto Normal", "Muster, Dr. Maria"},
			domain.ImportOptions{Columns: full, UnitID: w.north.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		rep = w.report(w.officer, b.ID)
		for line, want := range map[int][3]string{2: {"Dr.", "Otto", "Normal"}, 3: {"Dr.", "Maria", "Muster"}} {
			c, _ := w.svc.GetContact(w.ctx, w.officer, rep[line].ContactID)
			if c == nil || c.HonorificPrefix != want[0] || c.GivenName != want[1] || c.FamilyName != want[2] {
				t.Errorf("line %d: %+v", line, c)
			}
		}
	})
}

// The North Carolina preset's registration date is read month-first and stored as a date.
func TestImportNorthCarolinaRegistrationDate(t *testing.T) {
	data := sharedFile(t, "3-voter-files/nvf_test_nc.csv")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		b, rep := w.importSuggested("nvf_test_nc.csv", data, false)
		if b.Created == 0 || rep[2].Outcome != domain.RowCreate {
			t.Fatalf("batch %+v, line 2 %+v", b, rep[2])
		}
		c, err := w.svc.GetContact(w.ctx, w.officer, rep[2].ContactID)
		if err != nil || c.Attributes["voter_registered"] != "1977-02-26" {
			t.Fatalf("contact of line 2 = %+v, %v", c, err)
		}
	})
}

// The rejected rows come as a CSV file with the upload's columns and a problem column, ready to fix and import
// again; only the importer and the admins of the import's unit may have it.
func TestImportRejectedRowsDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		b, err := w.run(w.officer, []string{
			"Grace|Hopper|grace@example.org|10115|Berlin|", // 2: imported
			"Alan|Turing||80331|München|",                  // 3: out of scope
			"Edsger|Dijkstra|not-an-email|10115||",         // 4: invalid
			"=cmd|Formula|+49 30 1|10115||",                // 5: invalid, values kept exactly
		}, domain.ImportOptions{}, false)
		if err != nil || b.Created != 1 {
			t.Fatalf("%+v, %v", b, err)
		}
		var out bytes.Buffer
		n, err := w.svc.ExportRejectedRows(w.ctx, w.officer, b.ID, "en", &out)
		if err != nil || n != 3 {
			t.Fatalf("%d rows, %v", n, err)
		}
		body, ok := bytes.CutPrefix(out.Bytes(), []byte("\ufeff"))
		if !ok {
			t.Error("no byte order mark")
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := append(slices.Clone(headers(importColumns)), "problem")
		if !slices.Equal(recs[0], header) || len(recs) != 4 {
			t.Fatalf("file = %q", recs)
		}
		if !slices.Equal(recs[1][:6], []string{"Alan", "Turing", "", "80331", "München", ""}) ||
			!strings.HasPrefix(recs[1][6], "Line 3: ") {
			t.Errorf("row of line 3 = %q", recs[1])
		}
		if !strings.Contains(recs[2][6], "E-mail") || recs[3][0] != "=cmd" || recs[3][2] != "+49 30 1" {
			t.Errorf("rows = %q", recs[2:])
		}
		// Fixed and imported again, the file imports the rows.
		fixed := strings.ReplaceAll(string(body), "not-an-email", "edsger@example.org")
		again, err := w.svc.ImportFile(w.ctx, w.officer, "fixed.csv", strings.NewReader(fixed), service.ImportStart{
			Options: domain.ImportOptions{Columns: append(slices.Clone(importColumns), domain.ImportColumn{Header: "problem"})}})
		if err != nil || again.Created != 1 || again.OutOfScope != 1 || again.Invalid != 1 {
			t.Errorf("fixed file: %+v, %v", again, err)
		}

		admin := w.user("admin@example.org")
		w.grant(admin.ID, w.state.ID, "admin", nil)
		other := w.user("south@example.org")
		w.grant(other.ID, w.south.ID, "admin", nil)
		if _, err := w.svc.ExportRejectedRows(w.ctx, w.actor(admin.ID), b.ID, "de", &out); err != nil {
			t.Errorf("admin of the state: %v", err)
		}
		if _, err := w.svc.ExportRejectedRows(w.ctx, w.actor(other.ID), b.ID, "de", &out); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("admin of another county: %v", err)
		}
		entries, err := w.svc.AuditLog(w.ctx, w.system(), domain.AuditFilter{Action: "import.rejected_export"})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit = %+v, %v", entries, err)
		}
	})
}

func headers(cols []domain.ImportColumn) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}
