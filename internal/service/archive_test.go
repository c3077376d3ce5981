package service_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// archiveWorld is a state with two counties. North (with a local below it) is archived; South holds the
// contacts that must stay out of North's archive.
type archiveWorld struct {
	*fixture
	state, north, local, south domain.Unit
	officerEmail               string
	officer                    *access.Actor // manager of North
	ada, bob, org              *domain.Contact
	carol, dora                *domain.Contact // homed in South; Dora is affiliated with North
}

func newArchiveWorld(t testing.TB, st *store.Store) *archiveWorld {
	f := newFixture(t, st)
	w := &archiveWorld{fixture: f, officerEmail: "north@example.org"}
	code := func(s string) *string { return &s }
	w.state = f.unit(0, "State")
	sys := f.system() // its scope covers the roots that exist when it is made
	w.north = must(f.svc.CreateUnit(f.ctx, sys, domain.UnitInput{ParentID: &w.state.ID, Name: code("North County"), Kind: code("county"), Code: code("N1")}))
	w.local = must(f.svc.CreateUnit(f.ctx, sys, domain.UnitInput{ParentID: &w.north.ID, Name: code("North Local"), Kind: code("local")}))
	w.south = f.unit(w.state.ID, "South County")
	if err := f.svc.ArchiveUnit(f.ctx, sys, f.unit(w.north.ID, "Old Local").ID, false); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AddPostalCodes(f.ctx, sys, w.north.ID, []domain.PostalMapping{{PostalCode: "10115", UnitID: w.north.ID, Place: "Nordstadt"}}); err != nil {
		t.Fatal(err)
	}
	u := f.user(w.officerEmail)
	f.grant(u.ID, w.north.ID, "manager", nil)
	w.officer = f.actor(u.ID)
	w.fill(sys)
	return w
}

// fill gives North's contacts every kind of data, written the way users write it, so that their history is
// real.
func (w *archiveWorld) fill(sys *access.Actor) {
	t, ctx, svc := w.t, w.ctx, w.svc
	member := must(svc.SaveMembershipType(ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member"),
		RequiresDues: ptr(true), VoteAfterDays: ptr(30)}))
	supporter := must(svc.SaveMembershipType(ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Supporter"),
		DurationMonths: ptr(0), Voting: ptr(false), GraceDays: ptr(10)}))

	w.carol = w.person(sys, w.south.ID, "Carol", "Outsider")
	w.dora = w.person(sys, w.south.ID, "Dora", "Elsewhere")
	must(svc.UpdateContact(ctx, sys, w.dora.ID, domain.ContactInput{AffiliationIDs: &[]int64{w.north.ID}}))

	w.ada = must(svc.CreateContact(ctx, w.officer, domain.ContactInput{HomeUnitID: &w.north.ID,
		GivenName: ptr("Ada"), MiddleName: ptr("King"), FamilyName: ptr("Lovelace"), HonorificPrefix: ptr("Dr."),
		Gender: ptr("female"), BirthDate: ptr(domain.Date{Year: 1975, Month: 12, Day: 10}), Language: ptr("en-GB"),
		Emails:      &[]domain.Email{{Address: "ada@example.org", Label: "home"}, {Address: "ada@work.example", DoNotContact: true}},
		Phones:      &[]domain.Phone{{Number: "+49 30 1234567", Label: "mobile"}},
		Addresses:   &[]domain.Address{{Street: "Hauptstraße 1", PostalCode: "10115", City: "Berlin", Country: "DE"}, {Street: "Rue, \"quoted\"\nline two", City: "Paris", Country: "FR", Label: "work"}},
		ExternalIDs: &[]domain.ExternalID{{System: "legacy", Value: "A-17"}},
		Tags:        &[]string{"Volunteer", "Speaker"}}))
	w.now = w.now.Add(time.Hour)
	w.ada = must(svc.UpdateContact(ctx, w.officer, w.ada.ID, domain.ContactInput{FamilyName: ptr("Byron"),
		AffiliationIDs: &[]int64{w.local.ID, w.south.ID}}))
	if err := w.st.Write(ctx, func(q *store.Q) error {
		sc, err := q.ContactInScope(ctx, w.officer.Scope, access.WriteContacts, w.ada.ID)
		if err != nil {
			return err
		}
		return q.ReplaceAttributes(ctx, sc, map[string]string{"district": "Nord 1", "precinct": "017"})
	}); err != nil {
		t.Fatal(err)
	}
	must(svc.AddMembership(ctx, w.officer, w.ada.ID, domain.MembershipInput{TypeID: &supporter.ID,
		StartDate: ptr(domain.Date{Year: 2019, Month: 3, Day: 1}), EndDate: ptr(domain.Date{Year: 2020, Month: 2, Day: 29}),
		EndReason: ptr("cancelled"), Notes: ptr("moved away")}))
	must(svc.AddMembership(ctx, w.officer, w.ada.ID, domain.MembershipInput{TypeID: &member.ID,
		StartDate: ptr(domain.Date{Year: 2024, Month: 1, Day: 15}), PaidUntil: ptr(domain.Date{Year: 2026, Month: 12, Day: 31}),
		JoinMethod: ptr("online")}))
	must(svc.AddNote(ctx, w.officer, w.ada.ID, "Called about the convention.\nWill come."))
	w.now = w.now.Add(time.Minute)
	must(svc.AddNote(ctx, sys, w.ada.ID, "Second note, by the system"))

	w.bob = must(svc.CreateContact(ctx, w.officer, domain.ContactInput{HomeUnitID: &w.local.ID,
		GivenName: ptr("Bob"), FamilyName: ptr("Byron"), MemberNumber: ptr("M-0042")}))
	w.org = must(svc.CreateContact(ctx, w.officer, domain.ContactInput{HomeUnitID: &w.north.ID,
		Kind: ptr(domain.KindOrganization), OrgName: ptr("Analytical Engines Ltd")}))
	must(svc.AddRelationship(ctx, w.officer, w.ada.ID, w.bob.ID, "parent"))
	must(svc.AddRelationship(ctx, w.officer, w.bob.ID, w.org.ID, "employee"))
	must(svc.AddRelationship(ctx, sys, w.ada.ID, w.carol.ID, "related"))
	w.now = w.now.Add(time.Minute)
	if err := svc.TrashContact(ctx, w.officer, w.bob.ID); err != nil {
		t.Fatal(err)
	}
	w.ada = must(svc.GetContact(ctx, w.officer, w.ada.ID))
}

// export writes the archive of a unit as actor a.
func (w *archiveWorld) export(a *access.Actor, unit int64) ([]byte, domain.ArchiveSummary, error) {
	var buf bytes.Buffer
	sum, err := w.svc.ExportArchive(w.ctx, a, unit, &buf)
	return buf.Bytes(), sum, err
}

func TestArchiveRoundTripIntoAnEmptyRoster(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		src := newArchiveWorld(t, b.Open(t))
		data, sum, err := src.export(src.officer, src.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Contacts != 3 || sum.Rows["units.csv"] != 3 || sum.Rows["relationships.csv"] != 2 || sum.Rows["affiliations.csv"] != 1 {
			t.Fatalf("summary %+v", sum)
		}

		dst := newFixture(t, b.Open(t))
		dst.now = src.now.Add(24 * time.Hour)
		dst.user(src.officerEmail) // the author of most records exists here too; the system does not
		got, err := dst.svc.ImportArchive(dst.ctx, dst.system(), bytes.NewReader(data), int64(len(data)), 0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Contacts != 3 || got.RootUnit.Name != "North County" || !slices.Equal(got.TypesCreated, []string{"Member", "Supporter"}) {
			t.Fatalf("import summary %+v", got)
		}
		dst.now = src.now // statuses are derived for the same day on both sides

		srcSys, dstSys := src.system(), dst.system()
		if a, b := unitTree(t, src.fixture, srcSys, src.north.ID), unitTree(t, dst, dstSys, got.RootUnit.ID); !reflect.DeepEqual(a, b) {
			t.Errorf("units differ:\n%v\n%v", a, b)
		}
		pc := must(dst.svc.SuggestUnits(dst.ctx, dstSys, "10115"))
		if len(pc) != 1 || pc[0].UnitID != got.RootUnit.ID || pc[0].Place != "Nordstadt" {
			t.Errorf("postal codes: %+v", pc)
		}
		for _, c := range []*domain.Contact{src.ada, src.bob, src.org} {
			want := contactRecords(t, src.fixture, srcSys, c.ID)
			// What lies outside the archive stays behind: Ada's affiliation with South County and her
			// relationship to Carol, whose history entry then names no record.
			want.Contact.Affiliations = slices.DeleteFunc(want.Contact.Affiliations, func(u domain.UnitRef) bool { return u.Name == "South County" })
			want.Relationships = slices.DeleteFunc(want.Relationships, func(r domain.Relationship) bool { return r.Other.Name == "Carol Outsider" })
			id := findContact(t, dst, dstSys, c.DisplayName)
			have := contactRecords(t, dst, dstSys, id)
			compareRecords(t, c.DisplayName, want, have)
			if c.ID == src.ada.ID {
				want.Unlinked = []string{"relationship.create related #" + itoa(src.carol.ID)}
			}
			if !slices.Equal(want.Unlinked, have.Unlinked) {
				t.Errorf("%s: history entries without their record: %v, want %v", c.DisplayName, have.Unlinked, want.Unlinked)
			}
		}
		all := must(dst.svc.CountContacts(dst.ctx, dstSys, domain.ContactFilter{}, 0))
		trash := must(dst.svc.CountContacts(dst.ctx, dstSys, domain.ContactFilter{Trashed: true}, 0))
		if all != 2 || trash != 1 {
			t.Errorf("target holds %d live and %d trashed contacts, want 2 and 1", all, trash)
		}
		entries := must(dst.svc.AuditLog(dst.ctx, dstSys, domain.AuditFilter{Action: "unit.archive_import"}))
		if len(entries) != 1 || entries[0].UnitID != got.RootUnit.ID {
			t.Errorf("import audit: %+v", entries)
		}
		// The officer sees the imported contacts once granted the new unit, through the ordinary scope.
		officer := dst.user("officer2@example.org")
		dst.grant(officer.ID, got.RootUnit.ID, "viewer", nil)
		if n := must(dst.svc.CountContacts(dst.ctx, dst.actor(officer.ID), domain.ContactFilter{}, 0)); n != 2 {
			t.Errorf("viewer of the imported unit sees %d contacts, want 2", n)
		}
		// New member numbers continue after the archive's.
		newbie := dst.person(dstSys, got.RootUnit.ID, "New", "Member")
		types := must(dst.svc.MembershipTypes(dst.ctx))
		must(dst.svc.AddMembership(dst.ctx, dstSys, newbie.ID, domain.MembershipInput{TypeID: &types[0].ID,
			StartDate: ptr(domain.Date{Year: 2026, Month: 6, Day: 1})}))
	})
}

// records is everything Roster shows about a contact, with ids that differ between databases taken out.
type records struct {
	Contact       domain.Contact
	Memberships   []domain.Membership
	Notes         []domain.Note
	Relationships []domain.Relationship
	History       []domain.AuditEntry
	Unlinked      []string // history entries whose record is not there: action and relationship
}

func contactRecords(t *testing.T, f *fixture, a *access.Actor, id int64) records {
	t.Helper()
	r := records{Contact: *must(f.svc.GetContact(f.ctx, a, id))}
	r.Contact.ID, r.Contact.HomeUnit.ID = 0, 0
	for i := range r.Contact.Affiliations {
		r.Contact.Affiliations[i].ID = 0
	}
	r.Memberships = must(f.svc.Memberships(f.ctx, a, id))
	for i := range r.Memberships {
		r.Memberships[i].ID, r.Memberships[i].ContactID, r.Memberships[i].TypeID = 0, 0, 0
	}
	r.Notes = must(f.svc.Notes(f.ctx, a, id))
	for i := range r.Notes {
		r.Notes[i].ID, r.Notes[i].ContactID = 0, 0
	}
	r.Relationships = must(f.svc.Relationships(f.ctx, a, id))
	for i := range r.Relationships {
		r.Relationships[i].ID, r.Relationships[i].ContactID, r.Relationships[i].Other.ID = 0, 0, 0
	}
	r.History = must(f.svc.ContactHistory(f.ctx, a, id))
	for i := range r.History {
		h := &r.History[i]
		if h.EntityID == 0 {
			r.Unlinked = append(r.Unlinked, h.Action+" "+fmt.Sprint(h.Changes["relationship"].New))
		}
		h.ID, h.ActorID, h.EntityID, h.ContactID, h.UnitID = 0, 0, 0, 0, 0
	}
	return r
}

func compareRecords(t *testing.T, name string, want, have records) {
	t.Helper()
	if !reflect.DeepEqual(want.Contact, have.Contact) {
		t.Errorf("%s: contact differs:\nwant %+v\nhave %+v", name, want.Contact, have.Contact)
	}
	if !reflect.DeepEqual(want.Memberships, have.Memberships) {
		t.Errorf("%s: memberships differ:\nwant %+v\nhave %+v", name, want.Memberships, have.Memberships)
	}
	if !reflect.DeepEqual(want.Notes, have.Notes) {
		t.Errorf("%s: notes differ:\nwant %+v\nhave %+v", name, want.Notes, have.Notes)
	}
	if !reflect.DeepEqual(want.Relationships, have.Relationships) {
		t.Errorf("%s: relationships differ:\nwant %+v\nhave %+v", name, want.Relationships, have.Relationships)
	}
	if len(want.History) == 0 || !reflect.DeepEqual(want.History, have.History) {
		t.Errorf("%s: history differs:\nwant %+v\nhave %+v", name, want.History, have.History)
	}
}

// unitTree describes a subtree by paths relative to its root, with kinds and codes.
func unitTree(t *testing.T, f *fixture, a *access.Actor, root int64) []string {
	t.Helper()
	var out []string
	for _, u := range must(f.svc.Units(f.ctx, a, true)) {
		path := must(f.svc.UnitPath(f.ctx, a, u.ID))
		i := slices.IndexFunc(path, func(p domain.Unit) bool { return p.ID == root })
		if i < 0 {
			continue
		}
		var names []string
		for _, p := range path[i:] {
			names = append(names, p.Name)
		}
		out = append(out, fmt.Sprintf("%s kind=%s code=%s archived=%v", strings.Join(names, "/"), u.Kind, u.Code, u.ArchivedAt))
	}
	slices.Sort(out)
	return out
}

// findContact finds a contact by display name, live or trashed.
func findContact(t *testing.T, f *fixture, a *access.Actor, name string) int64 {
	t.Helper()
	for _, trashed := range []bool{false, true} {
		p := must(f.svc.ListContacts(f.ctx, a, domain.ContactFilter{Trashed: trashed}, 0, 200))
		for _, c := range p.Contacts {
			if c.DisplayName == name {
				return c.ID
			}
		}
	}
	t.Fatalf("no contact %q", name)
	return 0
}

// zipText returns the text of every file of an archive, by name.
func zipText(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr := must(zip.NewReader(bytes.NewReader(data), int64(len(data))))
	out := map[string]string{}
	for _, f := range zr.File {
		rc := must(f.Open())
		out[f.Name] = string(must(io.ReadAll(rc)))
		rc.Close()
	}
	return out
}

func TestArchiveHoldsOnlyTheOfficersCounty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newArchiveWorld(t, st)
		if _, _, err := w.export(w.officer, w.south.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("export of another county: %v, want ErrNotFound", err)
		}
		if _, _, err := w.export(w.officer, w.state.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("export of the state above: %v, want ErrNotFound", err)
		}
		entries := must(w.svc.AuditLog(w.ctx, w.system(), domain.AuditFilter{Action: "unit.archive_export"}))
		if len(entries) != 0 {
			t.Fatalf("refused exports were audited: %+v", entries)
		}
		data, _, err := w.export(w.officer, w.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		files := zipText(t, data)
		for _, name := range []string{"manifest.json", "README.md", "units.csv", "contacts.csv", "history.jsonl"} {
			if _, ok := files[name]; !ok {
				t.Errorf("archive lacks %s", name)
			}
		}
		for name, text := range files {
			for _, secret := range []string{"Carol", "Outsider", "Dora", "Elsewhere"} {
				if strings.Contains(text, secret) {
					t.Errorf("%s mentions %q", name, secret)
				}
			}
		}
		if strings.Count(files["relationships.csv"], "\n") != 3 { // header and the two relationships inside
			t.Errorf("relationships.csv:\n%s", files["relationships.csv"])
		}
		if !strings.Contains(files["contacts.csv"], "\n") || !strings.Contains(files["addresses.csv"], `"Rue, ""quoted""`+"\n"+`line two"`) {
			t.Errorf("addresses.csv is not RFC 4180:\n%s", files["addresses.csv"])
		}
		entries = must(w.svc.AuditLog(w.ctx, w.system(), domain.AuditFilter{Action: "unit.archive_export"}))
		if len(entries) != 1 || entries[0].ActorName != w.officerEmail || entries[0].UnitID != w.north.ID ||
			entries[0].Changes["contacts"].New != float64(3) {
			t.Errorf("export audit: %+v", entries)
		}
	})
}

func TestArchiveImportRefusesTakenMemberNumbersAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newArchiveWorld(t, st)
		data, _, err := w.export(w.system(), w.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		sys := w.system()
		before := archiveCounts(t, w.fixture, sys)
		_, err = w.svc.ImportArchive(w.ctx, sys, bytes.NewReader(data), int64(len(data)), w.south.ID)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("import into the same Roster: %v, want a validation error", err)
		}
		if !hasProblem(ve, "contacts.csv", "member_number_taken", w.ada.MemberNumber) ||
			!hasProblem(ve, "contacts.csv", "member_number_taken", "M-0042") ||
			!hasProblem(ve, "external_ids.csv", "external_id_taken", "legacy:A-17") ||
			!hasProblem(ve, "units.csv", "code_taken", "N1") {
			t.Errorf("problems: %+v", ve.Fields)
		}
		if after := archiveCounts(t, w.fixture, sys); after != before {
			t.Errorf("a refused import wrote something: before %v, after %v", before, after)
		}

		// A county manager may not place an archive at all: adding units is an admin's.
		if _, err := w.svc.ImportArchive(w.ctx, w.officer, bytes.NewReader(data), int64(len(data)), w.north.ID); !hasField(err, "parent") {
			t.Errorf("import by a manager: %v", err)
		}
	})
}

func TestArchiveImportReportsBrokenFilesByLine(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		w := newArchiveWorld(t, b.Open(t))
		data, _, err := w.export(w.system(), w.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		broken := rewriteZip(t, data, "memberships.csv", func(s string) string {
			return strings.Replace(s, ",2024-01-15,", ",2024-13-15,", 1)
		})
		target := newFixture(t, b.Open(t))
		_, err = target.svc.ImportArchive(target.ctx, target.system(), bytes.NewReader(broken), int64(len(broken)), 0)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !hasProblem(ve, "memberships.csv:3:start_date", "invalid_date", "") {
			t.Fatalf("broken archive: %v", err)
		}
		if units := must(target.svc.Units(target.ctx, target.system(), true)); len(units) != 0 {
			t.Errorf("a refused import created units: %+v", units)
		}
	})
}

func archiveCounts(t *testing.T, f *fixture, a *access.Actor) [3]int {
	t.Helper()
	live := must(f.svc.CountContacts(f.ctx, a, domain.ContactFilter{}, 0))
	units := must(f.svc.Units(f.ctx, a, true))
	audit := must(f.svc.AuditLog(f.ctx, a, domain.AuditFilter{Limit: 500}))
	return [3]int{live, len(units), len(audit)}
}

func hasProblem(ve *domain.ValidationError, field, code, param string) bool {
	return slices.ContainsFunc(ve.Fields, func(f domain.FieldError) bool {
		return f.Field == field && f.Code == code && strings.Contains(f.Param, param)
	})
}

func hasField(err error, field string) bool {
	var ve *domain.ValidationError
	return errors.As(err, &ve) && ve.Has(field)
}

// rewriteZip returns a copy of an archive with one file's text changed.
func rewriteZip(t *testing.T, data []byte, name string, change func(string) string) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for n, text := range zipText(t, data) {
		if n == name {
			text = change(text)
		}
		fw := must(zw.Create(n))
		if _, err := io.WriteString(fw, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// must returns v, or stops the test on err: setup steps that must not fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func itoa(n int64) string { return fmt.Sprint(n) }

// The format's documentation names every file and column with its type, so that it cannot drift from the
// code.
func TestArchiveFormatIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/archive-format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range domain.ArchiveFiles() {
		i := strings.Index(string(doc), "\n### "+f.Name+"\n")
		if i < 0 {
			t.Errorf("docs/archive-format.md has no section %s", f.Name)
			continue
		}
		section, _, _ := strings.Cut(string(doc[i+len(f.Name)+6:]), "\n#") // up to the next heading
		for _, c := range f.Columns {
			if !strings.Contains(section, "| `"+c.Name+"` | "+c.Type+" |") {
				t.Errorf("docs/archive-format.md, %s: column %s (%s) is not documented", f.Name, c.Name, c.Type)
			}
		}
	}
}

// An admin below the top imports under their unit. Membership types are organization-wide: a missing one
// stops the import unless the importer administers the whole tree; a type found by name keeps its settings
// here, and the periods' derived dates follow them.
func TestArchiveImportByAUnitAdminMatchesMembershipTypes(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		src := newArchiveWorld(t, b.Open(t))
		data, _, err := src.export(src.system(), src.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		dst := newFixture(t, b.Open(t))
		target := dst.unit(0, "Target")
		dst.unit(0, "Other Organization")
		admin := dst.user("admin@example.org")
		dst.grant(admin.ID, target.ID, "admin", nil)
		a := dst.actor(admin.ID)
		_, err = dst.svc.ImportArchive(dst.ctx, a, bytes.NewReader(data), int64(len(data)), target.ID)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !hasProblem(ve, "membership_types.json", "type_missing", "Member, Supporter") {
			t.Fatalf("import needing new types by a unit admin: %v", err)
		}
		sys := dst.system()
		must(dst.svc.SaveMembershipType(dst.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member"),
			RequiresDues: ptr(true), VoteAfterDays: ptr(30), GraceDays: ptr(5)}))
		must(dst.svc.SaveMembershipType(dst.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Supporter"),
			DurationMonths: ptr(0), Voting: ptr(false), GraceDays: ptr(10)}))
		sum, err := dst.svc.ImportArchive(dst.ctx, a, bytes.NewReader(data), int64(len(data)), target.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.TypesCreated) != 0 || !slices.Equal(sum.TypesDiffering, []string{"Member"}) {
			t.Errorf("types created %v, differing %v", sum.TypesCreated, sum.TypesDiffering)
		}
		if path := must(dst.svc.UnitPath(dst.ctx, a, sum.RootUnit.ID)); len(path) != 2 || path[0].ID != target.ID {
			t.Errorf("imported unit's path: %+v", path)
		}
		ada := findContact(t, dst, a, src.ada.DisplayName)
		for _, m := range must(dst.svc.Memberships(dst.ctx, a, ada)) {
			if m.TypeName == "Member" && m.GraceUntil != m.ValidUntil.AddDays(5) {
				t.Errorf("derived dates follow the archive's type, not this Roster's: %+v", m)
			}
		}
	})
}
