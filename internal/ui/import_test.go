package ui_test

import (
	"bytes"
	"context"
	"fmt"
	stdhtml "html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/ziplimit/ziptest"
)

// upload sends a file as the import page's form does.
func (b *browser) upload(name string, content []byte) response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		b.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.w.srv.URL+"/imports", &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

var (
	fileURL  = regexp.MustCompile(`^/imports/files/[A-Za-z0-9]+$`)
	batchURL = regexp.MustCompile(`^/imports/(\d+)$`)
)

// uploadOK uploads a file that must be accepted and returns its mapping page's path.
func (b *browser) uploadOK(name string, content []byte) string {
	b.t.Helper()
	res := b.upload(name, content)
	if res.status != http.StatusSeeOther || !fileURL.MatchString(res.location) {
		b.t.Fatalf("upload %s: %d %s\n%s", name, res.status, res.location, res.body)
	}
	return res.location
}

// run sends the mapping form and returns the batch page it leads to.
func (b *browser) run(filePage string, form url.Values) string {
	b.t.Helper()
	res := b.post(filePage+"/run", form)
	if res.status != http.StatusSeeOther || !batchURL.MatchString(res.location) {
		b.t.Fatalf("run: %d %s\n%s", res.status, res.location, res.body)
	}
	return res.location
}

// finished waits until the batch page no longer refreshes itself, and returns it.
func (b *browser) finished(batch string) string {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		page := b.mustGet(batch)
		if !strings.Contains(page, `http-equiv="refresh"`) {
			return page
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s still running after 30 s", batch)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// reportLine is a row of the report table as a person reads it.
type reportLine struct {
	outcome, name, contact, problems string
}

var (
	reportRowRE = regexp.MustCompile(`(?s)<tr id="line-(\d+)">(.*?)</tr>`)
	outcomeRE   = regexp.MustCompile(`<span class="outcome-([a-z_]+)">`)
	contactRE   = regexp.MustCompile(`<a href="/contacts/(\d+)">([^<]*)</a>`)
	tagRE       = regexp.MustCompile(`<[^>]+>`)
)

// report reads the report table of a batch page by line.
func report(page string) map[string]reportLine {
	out := map[string]reportLine{}
	for _, m := range reportRowRE.FindAllStringSubmatch(page, -1) {
		cells := strings.Split(m[2], "</td>")
		var l reportLine
		if o := outcomeRE.FindStringSubmatch(m[2]); o != nil {
			l.outcome = o[1]
		}
		if len(cells) >= 4 {
			if c := contactRE.FindStringSubmatch(cells[2]); c != nil {
				l.contact = c[1]
			}
			l.name = strings.TrimSpace(tagRE.ReplaceAllString(cells[2], ""))
			l.problems = strings.Join(strings.Fields(tagRE.ReplaceAllString(strings.ReplaceAll(cells[3], "</li>", " |"), "")), " ")
		}
		out[m[1]] = l
	}
	return out
}

// selected is the value of the option chosen in the select with this id.
func selected(page, id string) string {
	sel := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
	if sel == nil {
		return "(no select " + id + ")"
	}
	if m := regexp.MustCompile(`<option value="([^"]*)"[^>]*\sselected>`).FindStringSubmatch(sel[1]); m != nil {
		return m[1]
	}
	return ""
}

// messyCSV is a member list as exported by a spreadsheet program on a German Windows machine: semicolons,
// Windows-1252, German headers, CRLF. Line 2 is new, line 3 is Anna (already in Roster, same e-mail), line 4 has
// a broken e-mail address, line 5 lives in Augsburg (outside a Munich officer's scope), line 6 is new.
func messyCSV(t *testing.T) []byte {
	t.Helper()
	text := strings.Join([]string{
		"Vorname;Nachname;E-Mail;PLZ;Ort;Geburtsdatum;Funktion",
		"Jürgen;Größe;juergen@example.org;80331;München;03.04.1980;Kassenwart",
		"Anna;Münchner;anna@example.org;80331;München;;",
		"Bärbel;Öztürk;kein-at;80331;München;;",
		"Zoë;Weiß;zoe@example.org;86150;Augsburg;;",
		"Renée;Çelik;renee@example.org;80331;München;1975-12-31;Beisitzerin",
	}, "\r\n") + "\r\n"
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// messyForm is the mapping form as the officer sends it: the suggested fields, Funktion changed from "do not
// import" to an attribute named funktion.
func messyForm() url.Values {
	return url.Values{"field.0": {"given_name"}, "field.1": {"family_name"}, "field.2": {"email"}, "field.3": {"postal_code"},
		"field.4": {"city"}, "field.5": {"birth_date"}, "order.5": {"dmy"}, "field.6": {"attribute"}, "key.6": {"funktion"},
		"on_match": {"skip"}, "tags": {"Import 2026"}, "country": {"de"}}
}

func (w *world) augsburgCodes() {
	w.t.Helper()
	err := w.svc.AddPostalCodes(context.Background(), w.sys, w.augsburg.ID, []domain.PostalMapping{{PostalCode: "86150", Place: "Augsburg"}})
	if err != nil {
		w.t.Fatal(err)
	}
}

// findContact returns the live contact of this display name in the whole organization, or nil.
func (w *world) findContact(name string) *domain.Contact {
	w.t.Helper()
	ctx := context.Background()
	for _, c := range must(w.svc.SearchContacts(ctx, w.sys, name, 10))(w.t) {
		if c.DisplayName == name {
			return must(w.svc.GetContact(ctx, w.sys, c.ID))(w.t)
		}
	}
	return nil
}

// A county officer imports a messy spreadsheet: the page reads it right and suggests the columns, the officer
// maps one more column, a dry run reports every row and changes nothing, the import creates the new people
// with their umlauts, and undo takes it back; an undo after a later change is refused with the lines named.
func TestImportMessyFileDryRunImportUndo(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // uploads are temporary files
	eachWorld(t, func(t *testing.T, w *world) {
		w.augsburgCodes()
		before := w.count()
		officer := w.signIn("officer@example.org")
		if nav := officer.mustGet("/contacts"); !strings.Contains(nav, `<a href="/imports">`+w.msg("en", "ui.nav.imports")+`</a>`) {
			t.Error("the officer's navigation has no Imports entry")
		}
		filePage := officer.uploadOK("mitglieder.csv", messyCSV(t))
		page := officer.mustGet(filePage)
		detected := w.msg("en", "ui.import.detected_csv", "encoding", "Windows-1252 (Latin-1)", "delimiter", w.msg("en", "ui.import.delimiter.semicolon"))
		if !strings.Contains(page, esc(detected)) {
			t.Errorf("the page does not say how the file was read (%q)", detected)
		}
		for i, want := range []string{"given_name", "family_name", "email", "postal_code", "city", "birth_date", ""} {
			if got := selected(page, "field-"+itoa(int64(i))); got != want {
				t.Errorf("column %d is suggested as %q, want %q", i, got, want)
			}
		}
		if got := selected(page, "order-5"); got != "dmy" {
			t.Errorf("the birth date column's order is %q, want dmy from its sample", got)
		}
		for _, sample := range []string{"Größe", "Kassenwart", "03.04.1980"} {
			if !strings.Contains(page, "<li>"+sample+"</li>") {
				t.Errorf("the mapping page does not show the value %s", sample)
			}
		}
		if got := selected(page, "unit_id"); got != itoa(w.munich.ID) {
			t.Errorf("default unit %q, want the officer's only unit", got)
		}

		// Dry run: per-row outcomes, nothing written.
		dry := officer.run(filePage, withValue(messyForm(), "dry_run", "1"))
		page = officer.finished(dry)
		rows := report(page)
		want := map[string]string{"2": "create", "3": "skip", "4": "invalid", "5": "out_of_scope", "6": "create"}
		for line, outcome := range want {
			if rows[line].outcome != outcome {
				t.Errorf("dry run line %s: %+v, want %s", line, rows[line], outcome)
			}
		}
		if rows["2"].name != "Jürgen Größe" || rows["2"].contact != "" {
			t.Errorf("dry run line 2 %+v: want the name with umlauts and no link", rows["2"])
		}
		if rows["3"].contact != itoa(w.anna.ID) {
			t.Errorf("line 3 matched %+v, want a link to Anna (%d)", rows["3"], w.anna.ID)
		}
		problem := w.msg("en", "ui.import.field.email") + ": " + w.msg("en", "error.invalid_email")
		if !strings.Contains(rows["4"].problems, esc(problem)) {
			t.Errorf("line 4 problems %q, want %q", rows["4"].problems, problem)
		}
		if !strings.Contains(rows["5"].problems, esc(w.msg("en", "error.unit_out_of_scope"))) {
			t.Errorf("line 5 problems %q, want out of scope", rows["5"].problems)
		}
		if n := w.count(); n != before {
			t.Fatalf("the dry run changed the contacts: %d, was %d", n, before)
		}
		if only := report(officer.mustGet(dry + "?outcome=invalid")); len(only) != 1 || only["4"].outcome != "invalid" {
			t.Errorf("report narrowed to invalid rows: %+v", only)
		}
		if !strings.Contains(page, w.msg("en", "ui.import.import_now")) || !strings.Contains(page, w.msg("en", "ui.import.change_mapping")) {
			t.Fatal("a finished dry run offers neither to import nor to change the mapping")
		}
		if change := officer.mustGet(filePage + "?batch=" + batchURL.FindStringSubmatch(dry)[1]); selected(change, "field-6") != "attribute" ||
			!strings.Contains(change, `value="funktion"`) || !strings.Contains(change, `value="Import 2026"`) {
			t.Error("changing the mapping does not start from the dry run's settings")
		}

		// The import itself, with the dry run's settings.
		res := officer.post(dry+"/run", nil)
		if res.status != http.StatusSeeOther || !batchURL.MatchString(res.location) || res.location == dry {
			t.Fatalf("import now: %d %s\n%s", res.status, res.location, res.body)
		}
		imported := res.location
		page = officer.finished(imported)
		rows = report(page)
		finished := w.msg("en", "ui.import.finished_lead") + " " + w.msg("en", "ui.import.finished_added", "count", "2") + ", " +
			w.msg("en", "ui.import.finished_updated", "count", "0") + ", " + w.msg("en", "ui.import.finished_rejected", "count", "2") + "."
		if got := text(finishedRE.FindString(page)); !strings.Contains(got, finished) ||
			!strings.Contains(page, `href="`+imported+`?outcome=rejected#report"`) ||
			!strings.Contains(page, `href="`+imported+`/report/rejected.csv"`) {
			t.Errorf("the finished import says %q, want %q with links to the report and the rejected rows", got, finished)
		}
		if rows["2"].outcome != "create" || rows["2"].contact == "" {
			t.Errorf("imported line 2: %+v, want a link to the new contact", rows["2"])
		}
		if n := w.count(); n != before+2 {
			t.Fatalf("%d contacts after the import, want %d", n, before+2)
		}
		juergen := w.findContact("Jürgen Größe")
		if juergen == nil || w.findContact("Renée Çelik") == nil {
			t.Fatal("the new contacts are not there with their umlauts")
		}
		if juergen.HomeUnit.ID != w.munich.ID || juergen.BirthDate.String() != "1980-04-03" || juergen.Attributes["funktion"] != "Kassenwart" ||
			len(juergen.Tags) != 1 || juergen.Tags[0] != "Import 2026" || juergen.Addresses[0].Country != "DE" {
			t.Errorf("Jürgen as imported: unit %d, born %s, attributes %v, tags %v, addresses %+v", juergen.HomeUnit.ID,
				juergen.BirthDate, juergen.Attributes, juergen.Tags, juergen.Addresses)
		}
		if page := officer.mustGet("/contacts/" + itoa(juergen.ID)); !strings.Contains(page, "funktion: Kassenwart") {
			t.Error("the contact page does not show the imported attribute")
		}
		if w.findContact("Zoë Weiß") != nil || w.findContact("Bärbel Öztürk") != nil {
			t.Error("a row out of scope or with a broken e-mail was imported")
		}
		list := officer.mustGet("/imports")
		if !strings.Contains(list, `href="`+imported+`"`) || !strings.Contains(list, `href="`+dry+`"`) {
			t.Error("the imports page does not list both runs")
		}

		// Undo: the page before it says what it does; nothing was changed since, so nothing is kept.
		undoPage := officer.mustGet(imported + "/undo/confirm")
		if !strings.Contains(undoPage, esc(w.msg("en", "ui.import.undo_will", "removed", "2", "restored", "0"))) ||
			!strings.Contains(undoPage, esc(w.msg("en", "ui.import.nothing_kept"))) {
			t.Error("the undo page does not say what undo does")
		}
		if n := w.count(); n != before+2 {
			t.Fatal("showing the undo page changed contacts")
		}
		res = officer.post(imported+"/undo", nil)
		if res.status != http.StatusSeeOther || res.location != imported {
			t.Fatalf("undo: %d %s\n%s", res.status, res.location, res.body)
		}
		undone := w.msg("en", "ui.flash.import_undone", "removed", "2", "restored", "0", "kept", "0")
		if page := officer.mustGet(imported); !strings.Contains(page, esc(undone)) {
			t.Errorf("no confirmation of the undo (%q)", undone)
		}
		if n := w.count(); n != before || w.findContact("Jürgen Größe") != nil {
			t.Fatalf("%d contacts after the undo, want %d", n, before)
		}
		if rows := report(officer.mustGet(imported)); rows["2"].outcome != "create" || rows["2"].contact != "" {
			t.Errorf("the undone import's report still links the deleted contact: %+v", rows["2"])
		}

		// Import again and add a note to one of the new contacts: the undo page lists it before anything is
		// undone, and undo keeps it, with its note, and removes the other.
		again := officer.post(dry+"/run", nil).location
		officer.finished(again)
		juergen = w.findContact("Jürgen Größe")
		must(w.svc.AddNote(context.Background(), w.sys, juergen.ID, "Rief nach dem Import an."))(t)
		undoPage = officer.mustGet(again + "/undo/confirm")
		kept := regexp.MustCompile(`(?s)<tr id="kept-2">.*?</tr>`).FindString(undoPage)
		if !strings.Contains(undoPage, esc(w.msg("en", "ui.import.kept_title", "count", "1"))) ||
			!strings.Contains(kept, `href="/contacts/`+itoa(juergen.ID)+`"`) || !strings.Contains(kept, w.msg("en", "ui.import.kept.note")) ||
			!strings.Contains(undoPage, esc(w.msg("en", "ui.import.undo_will", "removed", "1", "restored", "0"))) {
			t.Errorf("the undo page does not warn about Jürgen, changed since the import:\n%s", undoPage)
		}
		res = officer.post(again+"/undo", nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("undo after a change: %d\n%s", res.status, res.body)
		}
		page = officer.mustGet(again)
		if !strings.Contains(page, esc(w.msg("en", "ui.flash.import_undone", "removed", "1", "restored", "0", "kept", "1"))) {
			t.Error("the undo does not say that one record was kept")
		}
		if w.findContact("Jürgen Größe") == nil || w.findContact("Renée Çelik") != nil {
			t.Error("undo did not keep the changed contact and remove the other")
		}
		if notes := must(w.svc.Notes(context.Background(), w.sys, juergen.ID))(t); len(notes) != 1 {
			t.Errorf("Jürgen's note after the undo: %+v", notes)
		}
		if rows := report(officer.mustGet(again + "?outcome=kept")); len(rows) != 1 ||
			!strings.Contains(rows["2"].problems, w.msg("en", "ui.import.kept.note")) {
			t.Errorf("the report of kept rows: %+v", rows)
		}
	})
}

var finishedRE = regexp.MustCompile(`(?s)<p class="notice import-finished"[^>]*>.*?</p>`)

// text is the text of an HTML fragment as a reader sees it: tags dropped, entities read, spaces collapsed.
func text(html string) string {
	return strings.Join(strings.Fields(stdhtml.UnescapeString(tagRE.ReplaceAllString(html, ""))), " ")
}

func withValue(v url.Values, k, val string) url.Values {
	v.Set(k, val)
	return v
}

// A county officer's rows for another county are reported and never created there; the officer's uploads,
// batches and saved mappings are nobody else's business.
func TestImportScopeAndOwnership(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachWorld(t, func(t *testing.T, w *world) {
		w.augsburgCodes()
		ctx := context.Background()
		augsburg := func() int {
			return must(w.svc.CountContacts(ctx, w.sys, domain.ContactFilter{UnitID: w.augsburg.ID}, 0))(t)
		}
		inAugsburg := augsburg()
		officer := w.signIn("officer@example.org")
		csv := "Name;Vorname;PLZ;Gliederung\nHuber;Hans;86150;\nMaier;Max;;Augsburg\nMüller;Mia;80331;\n"
		filePage := officer.uploadOK("kreis.csv", []byte(csv))
		form := url.Values{"field.0": {"family_name"}, "field.1": {"given_name"}, "field.2": {"postal_code"}, "field.3": {"unit_code"},
			"on_match": {"skip"}, "dry_run": {"0"}}
		batch := officer.run(filePage, form)
		rows := report(officer.finished(batch))
		if rows["2"].outcome != "out_of_scope" || rows["3"].outcome != "out_of_scope" || rows["4"].outcome != "create" {
			t.Errorf("report %+v: want lines 2 and 3 out of scope, 4 created", rows)
		}
		if n := augsburg(); n != inAugsburg {
			t.Errorf("the Munich officer's import put %d contacts into Augsburg", n-inAugsburg)
		}

		saved := officer.post(filePage+"/mappings", withValue(cloneForm(form), "mapping_name", "Kreisliste"))
		if saved.status != http.StatusSeeOther || !strings.Contains(saved.location, "mapping=") {
			t.Fatalf("save mapping: %d %s\n%s", saved.status, saved.location, saved.body)
		}
		if page := officer.mustGet(saved.location); !strings.Contains(page, esc(w.msg("en", "ui.import.apply_mapping", "name", "Kreisliste"))) ||
			selected(page, "field-3") != "unit_code" {
			t.Error("the saved mapping is neither listed nor applied")
		}
		mappingID := regexp.MustCompile(`mapping=(\d+)`).FindStringSubmatch(saved.location)[1]

		admin := w.signIn("admin@example.org")
		for _, path := range []string{batch, batch + "?outcome=create", filePage, filePage + "?mapping=" + mappingID} {
			if res := admin.get(path); res.status != http.StatusNotFound {
				t.Errorf("another user GET %s: %d, want 404", path, res.status)
			}
		}
		for _, path := range []string{batch + "/undo", batch + "/run", filePage + "/run", "/imports/mappings/" + mappingID + "/delete"} {
			if res := admin.post(path, form); res.status != http.StatusNotFound {
				t.Errorf("another user POST %s: %d, want 404", path, res.status)
			}
		}
		if page := admin.mustGet("/imports"); strings.Contains(page, `href="`+batch+`"`) {
			t.Error("another user's imports page lists the officer's import")
		}
		if res := admin.get("/imports/files/made-up"); res.status != http.StatusNotFound {
			t.Errorf("a made-up upload: %d, want 404", res.status)
		}

		// Someone who may only read contacts has no imports at all.
		w.user("viewer@example.org", "Vera Viewer", "en", w.munich.ID, access.Viewer)
		viewer := w.signIn("viewer@example.org")
		if page := viewer.mustGet("/contacts"); strings.Contains(page, `href="/imports"`) {
			t.Error("a viewer's navigation offers imports")
		}
		if res := viewer.get("/imports"); res.status != http.StatusForbidden {
			t.Errorf("viewer GET /imports: %d, want 403", res.status)
		}
		if res := viewer.upload("x.csv", []byte("Name\nX\n")); res.status != http.StatusForbidden {
			t.Errorf("viewer upload: %d, want 403", res.status)
		}
	})
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Files that are no spreadsheets, or unpack to more than Roster reads, are refused on the upload page with a
// message saying what to do, and nothing is started.
func TestImportRejectsBadFiles(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	bomb := ziptest.WorkbookBomb(t)
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		binary := append([]byte("\x00\x01\x02\x03garbage\x00"), bytes.Repeat([]byte{0, 0xff, 0x10}, 500)...)
		xls := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...)
		for _, c := range []struct {
			name    string
			content []byte
			key     string
		}{
			{"mitglieder.bin", binary, "ui.import.error_not_spreadsheet"},
			{"mitglieder.xls", xls, "ui.import.error_xls"},
			{"leer.csv", nil, "ui.import.error_empty"},
			{"dokument.xlsx", zipWithout(t), "ui.import.error_not_spreadsheet"},
			{"bombe.xlsx", bomb, "ui.import.error_too_large_unpacked"},
		} {
			res := officer.upload(c.name, c.content)
			if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "file") != esc(w.msg("en", c.key)) {
				t.Errorf("%s: %d, field error %q, want 422 with %q", c.name, res.status, fieldError(res.body, "file"), w.msg("en", c.key))
			}
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("other", "x")
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/imports", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if res := officer.do(req); res.status != http.StatusUnprocessableEntity || fieldError(res.body, "file") != w.msg("en", "ui.import.error_no_file") {
			t.Errorf("no file: %d %q", res.status, fieldError(res.body, "file"))
		}
		if page := officer.mustGet("/imports"); !strings.Contains(page, w.msg("en", "ui.import.none")) {
			t.Error("a refused file left an import behind")
		}
	})
}

// zipWithout is a ZIP file that is no workbook (as an OpenDocument file or a Word document would be).
func zipWithout(t *testing.T) []byte {
	t.Helper()
	return []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00" + strings.Repeat("x", 100))
}

// Mapping problems are shown next to the columns they concern, and the form keeps what was chosen.
func TestImportMappingProblems(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		filePage := officer.uploadOK("liste.csv", []byte("Vorname,Nachname,Partei,Notiz\nA,B,C,D\n"))
		form := url.Values{"field.0": {"given_name"}, "field.1": {"given_name"}, "field.2": {"attribute"}, "key.2": {""},
			"field.3": {"note"}, "dry_run": {"1"}, "on_match": {"skip"}, "country": {"Deutschland"}}
		res := officer.post(filePage+"/run", form)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("broken mapping: %d, want 422", res.status)
		}
		if got := fieldError(res.body, "field-1"); got != w.msg("en", "error.mapped_twice") {
			t.Errorf("second given-name column: %q", got)
		}
		if got := fieldError(res.body, "key-2"); got != esc(w.msg("en", "error.invalid_key")) {
			t.Errorf("attribute without a name: %q", got)
		}
		if selected(res.body, "field-2") != "attribute" || selected(res.body, "field-3") != "note" {
			t.Error("the form forgot the choices made")
		}
		form = url.Values{"field.0": {""}, "field.1": {""}, "field.2": {""}, "field.3": {"note"}, "dry_run": {"1"}, "country": {"Deutschland"}}
		res = officer.post(filePage+"/run", form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, esc(w.msg("en", "error.name_column_required"))) {
			t.Errorf("no name column: %d, want 422 saying a name column is needed", res.status)
		}
		if got := fieldError(res.body, "country"); got != w.msg("en", "error.invalid_country") {
			t.Errorf("country Deutschland: %q", got)
		}
		if page := officer.mustGet("/imports"); !strings.Contains(page, w.msg("en", "ui.import.none")) {
			t.Error("a refused mapping started an import")
		}
	})
}

// The spreadsheet of the issue: 50,000 members. While the dry run runs, its page shows a progress bar and
// refreshes itself; when it is done the report pages through every row.
func TestImportFiftyThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 rows")
	}
	t.Setenv("TMPDIR", t.TempDir())
	var csv strings.Builder
	csv.WriteString("Mitgliedsnummer;Vorname;Nachname;E-Mail;PLZ;Ort;Eintritt\n")
	for i := range 50000 {
		fmt.Fprintf(&csv, "M%06d;Jörg%d;Müller-%d;joerg%d@example.org;80331;München;%02d.%02d.20%02d\n", i, i, i, i, i%28+1, i%12+1, i%25)
	}
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		start := time.Now()
		filePage := officer.uploadOK("mitglieder.csv", []byte(csv.String()))
		page := officer.mustGet(filePage)
		t.Logf("upload and mapping page: %s", time.Since(start).Round(time.Millisecond))
		if selected(page, "field-0") != "member_number" || selected(page, "field-6") != "membership_start" {
			t.Fatalf("suggested: %s, %s", selected(page, "field-0"), selected(page, "field-6"))
		}
		form := url.Values{"dry_run": {"1"}, "on_match": {"skip"}, "order.6": {"dmy"}}
		for i, f := range []string{"member_number", "given_name", "family_name", "email", "postal_code", "city", "membership_start"} {
			form.Set("field."+itoa(int64(i)), f)
		}
		start = time.Now()
		batch := officer.run(filePage, form)
		if res := officer.post(filePage+"/run", form); res.status != http.StatusConflict || !strings.Contains(res.body, w.msg("en", "ui.import.busy")) {
			t.Errorf("a second run while the first runs: %d, want 409 saying to wait", res.status)
		}
		if running := officer.mustGet(batch); !strings.Contains(running, `<meta http-equiv="refresh" content="2">`) ||
			!strings.Contains(running, `<progress id="import-progress"`) {
			t.Error("the page of a running import shows no progress bar or does not refresh itself")
		}
		page = officer.finished(batch)
		t.Logf("dry run of 50,000 rows: %s", time.Since(start).Round(time.Millisecond))
		if strings.Contains(page, "<progress") {
			t.Error("a finished import still shows its progress bar")
		}
		if rows := report(page); len(rows) != 100 || rows["2"].outcome != "create" || rows["101"].outcome != "create" {
			t.Fatalf("first report page: %d rows, line 2 %+v", len(rows), rows["2"])
		}
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(page)
		if next == nil {
			t.Fatal("no next page of the report")
		}
		if rows := report(officer.mustGet(strings.ReplaceAll(next[1], "&amp;", "&"))); rows["102"].outcome != "create" || len(rows) != 100 {
			t.Errorf("second report page starts wrong: %d rows", len(rows))
		}
	})
}

var rawKey = regexp.MustCompile(`\b(ui|error)\.[a-z_]+\.?[a-z_.]*`)

// Every import page speaks German to a German user: no catalogue key shows through.
func TestImportPagesInGerman(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachWorld(t, func(t *testing.T, w *world) {
		w.augsburgCodes()
		officer := w.signIn("officer@example.org")
		officer.post("/language", url.Values{"lang": {"de"}, "back": {"/imports"}})
		filePage := officer.uploadOK("mitglieder.csv", messyCSV(t))
		batch := officer.run(filePage, withValue(messyForm(), "dry_run", "1"))
		bad := withValue(withValue(messyForm(), "key.6", ""), "field.1", "given_name")
		pages := map[string]string{"list": officer.mustGet("/imports"), "mapping": officer.mustGet(filePage),
			"report": officer.finished(batch), "problems": officer.post(filePage+"/run", bad).body,
			"bad file": officer.upload("x.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")).body,
			"gone":     officer.get("/imports/files/gone").body}
		for name, page := range pages {
			if !strings.Contains(page, `<html lang="de">`) {
				t.Errorf("%s: not in German", name)
			}
			if k := rawKey.FindString(page); k != "" {
				t.Errorf("%s: shows the catalogue key %s", name, k)
			}
		}
		if !strings.Contains(pages["report"], "Was der Import täte") || !strings.Contains(pages["mapping"], "Nicht importieren") {
			t.Error("the German pages lack their German headings")
		}
	})
}

// A German officer's dry run names the impossible date with its value, lists the column no field takes with a
// way to keep it as a further fact, and offers the rejected rows as a CSV file with a problem column: to the
// importer and the admins above, to nobody else.
func TestImportDryRunListsUnmappedColumnsAndOffersRejectedRows(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("beamter@example.org", "Berta Beamtin", "de", w.munich.ID, access.Manager)
		w.user("augsburg@example.org", "Armin Augsburg", "en", w.augsburg.ID, access.Admin)
		officer := w.signIn("beamter@example.org")
		csv := "Anrede;Vorname;Nachname;Geburtsdatum;Webseite;PLZ\n" +
			"Herr Dr.;Hans;Huber;31.02.1980;https://huber.example.org;80331\n" +
			"Frau;Eva;Egger;01.02.1980;;80331\n"
		filePage := officer.uploadOK("liste.csv", []byte(csv))
		page := officer.mustGet(filePage)
		if got := selected(page, "field-4"); got != "" {
			t.Fatalf("Webseite is suggested as %q", got)
		}
		form := url.Values{"field.0": {"salutation"}, "field.1": {"given_name"}, "field.2": {"family_name"},
			"field.3": {"birth_date"}, "order.3": {"dmy"}, "field.5": {"postal_code"}, "on_match": {"skip"}, "dry_run": {"1"}}
		dry := officer.run(filePage, form)
		page = officer.finished(dry)
		id := batchURL.FindStringSubmatch(dry)[1]
		rows := report(page)
		if want := esc(w.msg("de", "error.no_such_date", "param", "31.02.1980")); rows["2"].outcome != "invalid" ||
			rows["2"].name != "Dr. Hans Huber" || !strings.Contains(rows["2"].problems, want) {
			t.Errorf("line 2: %+v, want the name and %q", rows["2"], want)
		}
		if !strings.Contains(page, esc(w.msg("de", "ui.import.unmapped_title"))) ||
			!strings.Contains(page, `name="keep" value="4"`) || !strings.Contains(page, `<label for="keep-4">Webseite</label>`) {
			t.Error("the dry run does not list the column Webseite with a choice to keep it")
		}
		keep := officer.mustGet(filePage + "?batch=" + id + "&keep=4")
		if selected(keep, "field-4") != "attribute" || !strings.Contains(keep, `name="key.4" type="text" value="webseite"`) {
			t.Error("keeping the column does not map it to a further fact named webseite")
		}

		// The rejected rows.
		download := dry + "/report/rejected.csv"
		if !strings.Contains(page, `href="`+download+`"`) {
			t.Fatal("the dry run offers no download of its rejected rows")
		}
		res := officer.get(download)
		lines := strings.Split(strings.TrimPrefix(res.body, "\ufeff"), "\n")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || len(lines) != 3 ||
			lines[0] != "Anrede,Vorname,Nachname,Geburtsdatum,Webseite,PLZ,Problem" ||
			!strings.HasPrefix(lines[1], "Herr Dr.,Hans,Huber,31.02.1980,https://huber.example.org,80331,") ||
			!strings.Contains(lines[1], w.msg("de", "error.no_such_date", "param", "31.02.1980")) {
			t.Errorf("download: %d %s\n%s", res.status, res.header.Get("Content-Type"), res.body)
		}
		if res := w.signIn("admin@example.org").get(download); res.status != http.StatusOK {
			t.Errorf("the national admin gets %d", res.status)
		}
		if res := w.signIn("augsburg@example.org").get(download); res.status != http.StatusNotFound ||
			strings.Contains(res.body, "Huber") {
			t.Errorf("an admin of another county gets %d", res.status)
		}
	})
}
