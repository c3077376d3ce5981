package service_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"maps"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// accreditationWorld: Root → County A (→ Local A1) and County B; an officer for County A; members of every
// standing in County A. Today is 2026-06-15.
type accreditationWorld struct {
	f        *fixture
	root     domain.Unit
	a, a1, b domain.Unit
	officer  *access.Actor
	want     []string // the names the list of County A must hold, in order
}

func day(y, m, d int) *domain.Date {
	return &domain.Date{Year: y, Month: time.Month(m), Day: d}
}

func newAccreditationWorld(t *testing.T, st *store.Store) *accreditationWorld {
	f := newFixture(t, st)
	w := &accreditationWorld{f: f, root: f.unit(0, "Landesverband")}
	w.a = f.unit(w.root.ID, "Kreis Görlitz")
	w.a1 = f.unit(w.a.ID, "Ortsverband Weißwasser")
	w.b = f.unit(w.root.ID, "Kreis Bautzen")
	u := f.user("officer@example.org")
	f.grant(u.ID, w.a.ID, access.Manager, nil)
	w.officer = f.actor(u.ID)
	sys := f.system()
	member, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Mitglied"), DurationMonths: ptr(0),
		GraceDays: ptr(60), NewDays: ptr(90), Voting: ptr(true), VoteAfterDays: ptr(30)})
	if err != nil {
		t.Fatal(err)
	}
	supporter, err := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Förderer"), DurationMonths: ptr(0),
		Voting: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	join := func(c *domain.Contact, typ int64, in domain.MembershipInput) {
		t.Helper()
		in.TypeID = &typ
		if _, err := f.svc.AddMembership(f.ctx, sys, c.ID, in); err != nil {
			t.Fatalf("membership of %s: %v", c.DisplayName, err)
		}
	}
	long := day(2024, 1, 10)
	// In good standing: listed.
	join(f.person(sys, w.a.ID, "Jürgen", "Müller"), member.ID, domain.MembershipInput{StartDate: long})                    // current, votes
	join(f.person(sys, w.a1.ID, "Zofia", "Łukasiewicz"), member.ID, domain.MembershipInput{StartDate: long})               // current, in the subtree
	join(f.person(sys, w.a.ID, "Γεώργιος", "Παπαδόπουλος"), member.ID, domain.MembershipInput{StartDate: day(2026, 6, 1)}) // new, waits to vote
	join(f.person(sys, w.a.ID, "Gisela", "Strauß"), supporter.ID, domain.MembershipInput{StartDate: long})                 // current, no vote
	w.want = []string{"Łukasiewicz, Zofia", "Müller, Jürgen", "Strauß, Gisela", "Παπαδόπουλος, Γεώργιος"}
	// Not in good standing, or not a member of County A: left out.
	join(f.person(sys, w.a.ID, "Paul", "Pending"), member.ID, domain.MembershipInput{StartDate: long, Pending: ptr(true)})
	join(f.person(sys, w.a.ID, "Fritz", "Future"), member.ID, domain.MembershipInput{StartDate: day(2026, 7, 1)})
	join(f.person(sys, w.a.ID, "Grete", "Grace"), member.ID, domain.MembershipInput{StartDate: long, EndDate: day(2026, 6, 1)})
	join(f.person(sys, w.a.ID, "Erich", "Expired"), member.ID, domain.MembershipInput{StartDate: long, EndDate: day(2025, 1, 9)})
	join(f.person(sys, w.a.ID, "Carl", "Cancelled"), member.ID, domain.MembershipInput{StartDate: long, EndDate: day(2026, 3, 31),
		EndReason: ptr("cancelled")})
	dead := f.person(sys, w.a.ID, "Dora", "Deceased")
	join(dead, member.ID, domain.MembershipInput{StartDate: long})
	if _, err := f.svc.UpdateContact(f.ctx, sys, dead.ID, domain.ContactInput{DeceasedOn: day(2026, 5, 1)}); err != nil {
		t.Fatal(err)
	}
	trashed := f.person(sys, w.a.ID, "Toni", "Trashed")
	join(trashed, member.ID, domain.MembershipInput{StartDate: long})
	if err := f.svc.TrashContact(f.ctx, sys, trashed.ID); err != nil {
		t.Fatal(err)
	}
	f.person(sys, w.a.ID, "Norbert", "Nonmember")
	join(f.person(sys, w.b.ID, "Bernd", "Bautzener"), member.ID, domain.MembershipInput{StartDate: long})
	// A member of County B active in County A: an affiliation gives sight, not membership of County A.
	guest, err := f.svc.CreateContact(f.ctx, sys, domain.ContactInput{HomeUnitID: &w.b.ID, GivenName: ptr("Anna"), FamilyName: ptr("Affiliated"),
		AffiliationIDs: &[]int64{w.a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	join(guest, member.ID, domain.MembershipInput{StartDate: long})
	// The fixture has every standing it means to have.
	list, err := f.svc.ListContacts(f.ctx, sys, domain.ContactFilter{UnitID: w.a.ID}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, c := range list.Contacts {
		statuses[c.Status]++
	}
	want := map[string]int{"current": 4, "new": 1, "pending": 2, "grace": 1, "expired": 1, "cancelled": 1, "deceased": 1, "": 1}
	if !maps.Equal(statuses, want) {
		t.Fatalf("statuses in County A (affiliated guest included): %v, want %v", statuses, want)
	}
	return w
}

func (w *accreditationWorld) export(t *testing.T, a *access.Actor, unit int64, format, lang string) ([]byte, int, error) {
	t.Helper()
	var buf bytes.Buffer
	n, err := w.f.svc.AccreditationList(w.f.ctx, a, unit, service.AccreditationOptions{Format: format, Lang: lang}, &buf)
	return buf.Bytes(), n, err
}

func TestAccreditationListOnlyMembersInGoodStanding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAccreditationWorld(t, st)
		out, n, err := w.export(t, w.officer, w.a.ID, "csv", "en")
		if err != nil {
			t.Fatal(err)
		}
		body, ok := bytes.CutPrefix(out, []byte("\ufeff"))
		if !ok {
			t.Error("the CSV does not start with a byte order mark")
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if n != len(w.want) || len(recs) != n+1 {
			t.Fatalf("%d rows returned, %d records written, want %d", n, len(recs)-1, len(w.want))
		}
		if !slices.Equal(recs[0], []string{"Member no.", "Name", "Unit", "Status", "Entitled to vote", "Signature"}) {
			t.Errorf("header %q", recs[0])
		}
		got := map[string][]string{}
		var names []string
		for _, r := range recs[1:] {
			names = append(names, r[1])
			got[r[1]] = r
		}
		if !slices.Equal(names, w.want) {
			t.Fatalf("listed %q, want %q", names, w.want)
		}
		for name, want := range map[string][]string{
			"Müller, Jürgen":         {"Kreis Görlitz", "Current", "yes", ""},
			"Łukasiewicz, Zofia":     {"Ortsverband Weißwasser", "Current", "yes", ""},
			"Παπαδόπουλος, Γεώργιος": {"Kreis Görlitz", "New", "no", ""},
			"Strauß, Gisela":         {"Kreis Görlitz", "Current", "no", ""},
		} {
			if r := got[name]; r[0] == "" || !slices.Equal(r[2:], want) {
				t.Errorf("%s: %q, want member number and %q", name, r, want)
			}
		}
		// The subtree of the local unit alone, and the whole tree for the system actor.
		if _, n, _ := w.export(t, w.officer, w.a1.ID, "csv", "en"); n != 1 {
			t.Errorf("local unit: %d rows, want 1", n)
		}
		if _, n, _ := w.export(t, w.f.system(), w.root.ID, "csv", "en"); n != len(w.want)+2 {
			t.Errorf("whole tree: %d rows, want %d", n, len(w.want)+2)
		}
	})
}

func TestAccreditationListScopeAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAccreditationWorld(t, st)
		f := w.f
		// The officer of County A can export neither County B nor the state above: not found, nothing written,
		// nothing audited.
		for _, unit := range []int64{w.b.ID, w.root.ID, 999999} {
			out, n, err := w.export(t, w.officer, unit, "pdf", "en")
			if !errors.Is(err, domain.ErrNotFound) || n != 0 || len(out) != 0 {
				t.Errorf("unit %d: %d rows, %d bytes, %v; want not found and nothing written", unit, n, len(out), err)
			}
		}
		if _, _, err := w.export(t, w.officer, w.a.ID, "docx", "en"); !isInvalid(err, "format") {
			t.Errorf("unknown format: %v", err)
		}
		log, err := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{Action: "contact.export_accreditation"})
		if err != nil || len(log) != 0 {
			t.Fatalf("refused exports were audited: %+v %v", log, err)
		}
		if _, _, err := w.export(t, w.officer, w.a.ID, "xlsx", "de"); err != nil {
			t.Fatal(err)
		}
		log, err = f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{Action: "contact.export_accreditation"})
		if err != nil || len(log) != 1 {
			t.Fatalf("audit: %+v %v", log, err)
		}
		e := log[0]
		if e.ActorName != "officer@example.org" || e.UnitID != w.a.ID || e.EntityType != "unit" || e.EntityID != w.a.ID ||
			e.Changes["rows"].New != float64(len(w.want)) || e.Changes["format"].New != "xlsx" || e.At.IsZero() {
			t.Errorf("audit entry %+v", e)
		}
	})
}

func isInvalid(err error, field string) bool {
	var ve *domain.ValidationError
	return errors.As(err, &ve) && ve.Has(field)
}

func TestAccreditationListXLSXAndPDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAccreditationWorld(t, st)
		out, n, err := w.export(t, w.officer, w.a.ID, "xlsx", "de")
		if err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows(x.GetSheetName(0))
		if err != nil || len(rows) != n+1 || rows[0][4] != "Stimmberechtigt" || rows[1][1] != w.want[0] || rows[1][3] != "Aktiv" {
			t.Fatalf("xlsx rows %q %v", rows, err)
		}
		out, n, err = w.export(t, w.officer, w.a.ID, "pdf", "de")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
		if pages := len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(out, -1)); pages != export.AccreditationPages(n) {
			t.Errorf("%d pages for %d members, want %d", pages, n, export.AccreditationPages(n))
		}
		if text, ok := pdfText(t, out); ok {
			for _, want := range append(slices.Clone(w.want), "Kreis Görlitz", "Akkreditierungsliste", "Seite 1 von 1") {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not show %q", want)
				}
			}
			if strings.Contains(text, "Bautzener") || strings.Contains(text, "Pending") {
				t.Error("the PDF lists someone who is not a member in good standing of the unit")
			}
		}
	})
}

// pdfText extracts the text of a PDF with poppler's pdftotext; without it, the text is not checked.
func pdfText(t *testing.T, pdf []byte) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) is not installed: the text of the PDF is not checked")
		return "", false
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), true
}
