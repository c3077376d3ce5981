package service_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// importText is a test file: a header of the columns' names, then one record per line with fields separated
// by "|", as the tests write them.
func importText(cols []domain.ImportColumn, recs []string) string {
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	return strings.Join(header, "|") + "\n" + strings.Join(recs, "\n") + "\n"
}

// columns maps the test records' fields, in order, to import fields.
func columns(fields ...importfile.Field) []domain.ImportColumn {
	out := make([]domain.ImportColumn, len(fields))
	for i, f := range fields {
		out[i] = domain.ImportColumn{Header: string(f) + " column", Field: string(f)}
	}
	return out
}

var importColumns = columns(importfile.GivenName, importfile.FamilyName, importfile.Email, importfile.PostalCode,
	importfile.City, importfile.UnitCode)

type importWorld struct {
	*fixture
	state, north, south domain.Unit
	officer             *access.Actor // manager of north only
}

func newImportWorld(t *testing.T, st *store.Store) *importWorld {
	f := newFixture(t, st)
	w := &importWorld{fixture: f}
	w.state = f.unit(0, "State")
	w.north = f.unit(w.state.ID, "North County")
	w.south = f.unit(w.state.ID, "South County")
	for _, m := range []struct {
		code string
		unit int64
	}{{"10115", w.north.ID}, {"10117", w.north.ID}, {"80331", w.south.ID}} {
		if err := f.svc.AddPostalCodes(f.ctx, f.system(), m.unit, []domain.PostalMapping{{PostalCode: m.code, UnitID: m.unit}}); err != nil {
			t.Fatal(err)
		}
	}
	u := f.user("north@example.org")
	f.grant(u.ID, w.north.ID, "manager", nil)
	w.officer = f.actor(u.ID)
	return w
}

func (w *importWorld) run(a *access.Actor, recs []string, opts domain.ImportOptions, dry bool) (domain.ImportBatch, error) {
	if opts.Columns == nil {
		opts.Columns = importColumns
	}
	return w.svc.ImportFile(w.ctx, a, "people.csv", strings.NewReader(importText(opts.Columns, recs)),
		service.ImportStart{File: domain.ImportFile{Delimiter: "|"}, Options: opts, DryRun: dry, ChunkSize: 2})
}

func (w *importWorld) report(a *access.Actor, id int64) map[int]domain.ImportRow {
	w.t.Helper()
	list, err := w.svc.ImportReport(w.ctx, a, id, nil, 0, 1000)
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[int]domain.ImportRow{}
	for _, r := range list {
		out[r.Line] = r
	}
	return out
}

func (w *importWorld) names(a *access.Actor) []string {
	w.t.Helper()
	p, err := w.svc.ListContacts(w.ctx, a, domain.ContactFilter{}, 0, 200)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, c := range p.Contacts {
		out = append(out, c.DisplayName)
	}
	slices.Sort(out)
	return out
}

func TestImportCreatesInScopeAndReportsEveryRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		existing := w.person(w.officer, w.north.ID, "Ada", "Lovelace")
		if _, err := w.svc.UpdateContact(w.ctx, w.officer, existing.ID, domain.ContactInput{Emails: &[]domain.Email{{Address: "ada@example.org"}}}); err != nil {
			t.Fatal(err)
		}
		b, err := w.run(w.officer, []string{
			"Grace|Hopper|grace@example.org|10115|Berlin|",            // line 2: postal code → North
			"Alan|Turing||80331|München|",                             // line 3: postal code of South: out of scope
			"Katherine|Johnson|||Berlin|South County",                 // line 4: unit column names South: out of scope
			"Ada|L.|ADA@example.org|10117||",                          // line 5: same e-mail as Ada: skipped
			"||nobody@example.org|10115||",                            // line 6: no name: invalid
			"Edsger|Dijkstra|not-an-email|10115||",                    // line 7: invalid e-mail
			"Grace|Hopper|grace@example.org|10115|Berlin|",            // line 8: same as line 2
			"Barbara|Liskov|barbara@example.org||Boston|North County", // line 9: unit column
			"Frances|Allen|||Nowhere|",                                // line 10: no unit at all
		}, domain.ImportOptions{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != domain.ImportDone || b.Created != 2 || b.Skipped != 2 || b.Invalid != 3 || b.OutOfScope != 2 || b.RowsDone != 9 {
			t.Fatalf("batch = %+v", b)
		}
		rep := w.report(w.officer, b.ID)
		want := map[int]string{2: "create", 3: "out_of_scope", 4: "out_of_scope", 5: "skip", 6: "invalid", 7: "invalid",
			8: "skip", 9: "create", 10: "invalid"}
		for line, outcome := range want {
			if rep[line].Outcome != outcome {
				t.Errorf("line %d: %+v, want %s", line, rep[line], outcome)
			}
		}
		if rep[5].ContactID != existing.ID || rep[5].Score < 60 {
			t.Errorf("line 5 should name Ada (%d) with a score ≥ 60: %+v", existing.ID, rep[5])
		}
		if p := rep[8].Problems; len(p) != 1 || p[0].Code != "duplicate_in_file" || p[0].Param != "2" {
			t.Errorf("line 8 problems = %+v", p)
		}
		if p := rep[7].Problems; len(p) != 1 || p[0].Field != "emails.0.address" {
			t.Errorf("line 7 problems = %+v", p)
		}
		got := w.names(w.system())
		if !slices.Equal(got, []string{"Ada Lovelace", "Barbara Liskov", "Grace Hopper"}) {
			t.Errorf("contacts after import = %v", got)
		}
		grace, err := w.svc.GetContact(w.ctx, w.officer, rep[2].ContactID)
		if err != nil || grace.HomeUnit.ID != w.north.ID || len(grace.Emails) != 1 || grace.Addresses[0].City != "Berlin" {
			t.Errorf("Grace = %+v, %v", grace, err)
		}
		// One audit entry for the whole batch.
		entries, err := w.svc.AuditLog(w.ctx, w.system(), domain.AuditFilter{Action: "import.run"})
		if err != nil || len(entries) != 1 || entries[0].EntityID != b.ID {
			t.Errorf("audit = %+v, %v", entries, err)
		}
	})
}

func TestImportDryRunWritesOnlyTheReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		b, err := w.run(w.officer, []string{"Grace|Hopper|grace@example.org|10115||", "Alan|Turing||80331||"}, domain.ImportOptions{}, true)
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != domain.ImportDryRun || b.Created != 1 || b.OutOfScope != 1 {
			t.Fatalf("batch = %+v", b)
		}
		if got := w.names(w.system()); len(got) != 0 {
			t.Errorf("a dry run created %v", got)
		}
		if rep := w.report(w.officer, b.ID); rep[2].Outcome != "create" || rep[3].Outcome != "out_of_scope" {
			t.Errorf("report = %+v", rep)
		}
		if _, err := w.svc.UndoImport(w.ctx, w.officer, b.ID); err == nil {
			t.Error("a dry run could be undone")
		}
	})
}

func TestImportUpdateFillAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		ada := w.person(w.officer, w.north.ID, "Ada", "Lovelace")
		if _, err := w.svc.UpdateContact(w.ctx, w.officer, ada.ID, domain.ContactInput{
			Emails:    &[]domain.Email{{Address: "ada@example.org"}},
			Addresses: &[]domain.Address{{Street: "Old Road 1", PostalCode: "10115", City: "Berlin", Country: "DE"}},
		}); err != nil {
			t.Fatal(err)
		}
		before, _ := w.svc.GetContact(w.ctx, w.officer, ada.ID)
		cols := columns(importfile.GivenName, importfile.FamilyName, importfile.Email, importfile.Phone, importfile.City)
		// fill: the phone is new, the city is not empty so it stays
		b, err := w.run(w.officer, []string{"Ada|Lovelace|ada@example.org|+49 30 1234567|Potsdam"}, domain.ImportOptions{Columns: cols, OnMatch: domain.OnMatchFill, UnitID: w.north.ID}, false)
		if err != nil || b.Updated != 1 {
			t.Fatalf("fill: %+v, %v", b, err)
		}
		c, _ := w.svc.GetContact(w.ctx, w.officer, ada.ID)
		if len(c.Phones) != 1 || len(c.Addresses) != 1 || c.Addresses[0].City != "Berlin" {
			t.Errorf("after fill: phones %+v addresses %+v", c.Phones, c.Addresses)
		}
		if res, err := w.svc.UndoImport(w.ctx, w.officer, b.ID); err != nil || res.Restored != 1 || len(res.Kept) != 0 {
			t.Fatal(res, err)
		}
		c, _ = w.svc.GetContact(w.ctx, w.officer, ada.ID)
		if len(c.Phones) != 0 || c.Version != before.Version+2 {
			t.Errorf("after undo: phones %+v version %d (was %d)", c.Phones, c.Version, before.Version)
		}
		if again, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID); again.Status != domain.ImportUndone || again.UndoneAt == nil {
			t.Errorf("batch after undo = %+v", again)
		}

		// update with a created contact; the record touched afterwards is kept, the other one restored.
		b, err = w.run(w.officer, []string{"Ada|King|ada@example.org||", "Mary|Somerville|mary@example.org||"},
			domain.ImportOptions{Columns: cols, OnMatch: domain.OnMatchUpdate, UnitID: w.north.ID}, false)
		if err != nil || b.Updated != 1 || b.Created != 1 {
			t.Fatalf("update: %+v, %v", b, err)
		}
		if c, _ = w.svc.GetContact(w.ctx, w.officer, ada.ID); c.FamilyName != "King" {
			t.Errorf("update kept family name %q", c.FamilyName)
		}
		rep := w.report(w.officer, b.ID)
		mary := rep[3].ContactID
		if _, err := w.svc.UpdateContact(w.ctx, w.officer, mary, domain.ContactInput{MiddleName: ptr("Fairfax")}); err != nil {
			t.Fatal(err)
		}
		res, err := w.svc.UndoImport(w.ctx, w.officer, b.ID)
		if err != nil || res.Removed != 0 || res.Restored != 1 || len(res.Kept) != 1 || res.Kept[0].Line != 3 ||
			!slices.Equal(res.Kept[0].Reasons, []string{domain.KeptEdited}) {
			t.Fatalf("undo after a change = %+v, %v", res, err)
		}
		if c, _ = w.svc.GetContact(w.ctx, w.officer, ada.ID); c.FamilyName != "Lovelace" {
			t.Error("undo did not restore Ada")
		}
		if m, err := w.svc.GetContact(w.ctx, w.officer, mary); err != nil || m.MiddleName != "Fairfax" {
			t.Errorf("Mary, changed after the import, = %+v, %v", m, err)
		}
		if _, err := w.svc.UndoImport(w.ctx, w.officer, b.ID); !errors.As(err, new(*domain.ValidationError)) {
			t.Errorf("second undo = %v", err)
		}
	})
}
