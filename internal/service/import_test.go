package service_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// rows is an import source over records given as text: one record per line, fields separated by "|".
// failAt makes Next fail at that record (1-based), for tests of a run that breaks off.
type rows struct {
	recs   []string
	i      int
	failAt int
}

func (r *rows) Next() ([]string, int, error) {
	if r.i >= len(r.recs) {
		return nil, 0, io.EOF
	}
	r.i++
	if r.i == r.failAt {
		return nil, 0, errors.New("disk on fire")
	}
	return strings.Split(r.recs[r.i-1], "|"), r.i + 1, nil
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
	return w.svc.Import(w.ctx, a, &rows{recs: recs}, service.ImportRequest{Source: "people.csv", Options: opts, DryRun: dry, ChunkSize: 2})
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
		if err := w.svc.UndoImport(w.ctx, w.officer, b.ID); err == nil {
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
		if err := w.svc.UndoImport(w.ctx, w.officer, b.ID); err != nil {
			t.Fatal(err)
		}
		c, _ = w.svc.GetContact(w.ctx, w.officer, ada.ID)
		if len(c.Phones) != 0 || c.Version != before.Version+2 {
			t.Errorf("after undo: phones %+v version %d (was %d)", c.Phones, c.Version, before.Version)
		}
		if again, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID); again.Status != domain.ImportUndone || again.UndoneAt == nil {
			t.Errorf("batch after undo = %+v", again)
		}

		// update with a created contact; touching one record afterwards blocks undo, changing nothing.
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
		var ue *service.UntouchedError
		if err := w.svc.UndoImport(w.ctx, w.officer, b.ID); !errors.As(err, &ue) || !slices.Equal(ue.Lines, []int{3}) || !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("undo after a change = %v", err)
		}
		if c, _ = w.svc.GetContact(w.ctx, w.officer, ada.ID); c.FamilyName != "King" {
			t.Error("a refused undo changed Ada")
		}
	})
}

func TestImportFailureRollsBackWholeBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		recs := []string{"A|One||10115||", "B|Two||10115||", "C|Three||10115||", "D|Four||10115||", "E|Five||10115||"}
		_, err := w.svc.Import(w.ctx, w.officer, &rows{recs: recs, failAt: 5}, service.ImportRequest{
			Source: "broken.csv", Options: domain.ImportOptions{Columns: importColumns}, ChunkSize: 2})
		if err == nil || !strings.Contains(err.Error(), "disk on fire") {
			t.Fatalf("err = %v", err)
		}
		if got := w.names(w.system()); len(got) != 0 {
			t.Errorf("a failed import left %v", got)
		}
		list, _ := w.svc.ImportBatches(w.ctx, w.officer)
		if len(list) != 1 || list[0].Status != domain.ImportFailed {
			t.Errorf("batches = %+v", list)
		}
	})
}

// blockingRows hands out its records, then waits for release before it fails: the import stays "running" with
// chunks written, as a process that died mid-way leaves it.
type blockingRows struct {
	rows
	written chan struct{}
	release chan struct{}
}

func (b *blockingRows) Next() ([]string, int, error) {
	if b.i == len(b.recs) {
		close(b.written)
		<-b.release
		return nil, 0, errors.New("killed")
	}
	return b.rows.Next()
}

func TestImportRecoverRollsBackAStaleBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		src := &blockingRows{rows: rows{recs: []string{"A|One||10115||", "B|Two||10115||", "C|Three||10115||"}},
			written: make(chan struct{}), release: make(chan struct{})}
		done := make(chan error)
		go func() {
			_, err := w.svc.Import(w.ctx, w.officer, src, service.ImportRequest{Source: "x.csv",
				Options: domain.ImportOptions{Columns: importColumns}, ChunkSize: 2})
			done <- err
		}()
		<-src.written
		// The first chunk is written by the import's writer while the reader waits: give it time to land.
		for i := 0; len(w.names(w.system())) != 2; i++ {
			if i == 500 {
				t.Fatalf("first chunk never landed: %v", w.names(w.system()))
			}
			time.Sleep(10 * time.Millisecond)
		}
		if n, err := w.svc.RecoverImports(w.ctx, time.Minute); err != nil || n != 0 {
			t.Fatalf("a live batch was recovered: %d, %v", n, err)
		}
		w.now = w.now.Add(2 * time.Minute)
		if n, err := w.svc.RecoverImports(w.ctx, time.Minute); err != nil || n != 1 {
			t.Fatalf("recover = %d, %v", n, err)
		}
		if got := w.names(w.system()); len(got) != 0 {
			t.Errorf("recovery left %v", got)
		}
		list, _ := w.svc.ImportBatches(w.ctx, w.officer)
		if len(list) != 1 || list[0].Status != domain.ImportFailed || list[0].Message == "" {
			t.Errorf("batches = %+v", list)
		}
		close(src.release)
		if err := <-done; err == nil {
			t.Error("the stopped import reported success")
		}
	})
}
