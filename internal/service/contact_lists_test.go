package service_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// listWorld: a root with two counties, an officer for county A, contacts in both.
type listWorld struct {
	f        *fixture
	a, b     domain.Unit
	officer  *access.Actor
	inA, inB *domain.Contact
}

func newListWorld(t *testing.T, st *store.Store) *listWorld {
	f := newFixture(t, st)
	root := f.unit(0, "Root")
	w := &listWorld{f: f, a: f.unit(root.ID, "County A"), b: f.unit(root.ID, "County B")}
	u := f.user("officer@example.org")
	f.grant(u.ID, w.a.ID, access.Manager, nil)
	w.officer = f.actor(u.ID)
	sys := f.system()
	mk := func(unit int64, given, family, email, postal, member string) *domain.Contact {
		c, err := f.svc.CreateContact(f.ctx, sys, domain.ContactInput{HomeUnitID: &unit, GivenName: &given, FamilyName: &family,
			Emails: &[]domain.Email{{Address: email}}, MemberNumber: &member,
			Addresses: &[]domain.Address{{PostalCode: postal, City: "Town", Country: "DE"}}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.inA = mk(w.a.ID, "Anna", "Schmidt", "anna@example.org", "10115", "555001")
	w.inB = mk(w.b.ID, "Bernd", "Schmidt", "bernd@example.org", "20095", "555002")
	return w
}

func TestLikelyDuplicatesStayInScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		probe := func(a *access.Actor, in domain.ContactInput) []string {
			list, err := f.svc.LikelyDuplicates(f.ctx, a, in, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range list {
				out = append(out, d.DisplayName+":"+strings.Join(d.Reasons, "+"))
			}
			return out
		}
		// Same e-mail (in another case), same member number, same family name at the same postal code.
		got := probe(w.officer, domain.ContactInput{FamilyName: ptr("SCHMIDT"), Emails: &[]domain.Email{{Address: "Anna@Example.org"}},
			Addresses: &[]domain.Address{{PostalCode: "10115"}}, MemberNumber: ptr("555001")})
		if !slices.Equal(got, []string{"Anna Schmidt:email+member_number+name_postal_code"}) {
			t.Fatalf("duplicates = %v", got)
		}
		// A different family name at the same postal code is no duplicate.
		if got := probe(w.officer, domain.ContactInput{FamilyName: ptr("Schmitz"), Addresses: &[]domain.Address{{PostalCode: "10115"}}}); len(got) != 0 {
			t.Fatalf("Schmitz matched %v", got)
		}
		// The officer of county A never learns of Bernd in county B, whatever the probe.
		if got := probe(w.officer, domain.ContactInput{FamilyName: ptr("Schmidt"), Emails: &[]domain.Email{{Address: "bernd@example.org"}},
			Addresses: &[]domain.Address{{PostalCode: "20095"}}, MemberNumber: ptr("555002")}); len(got) != 0 {
			t.Fatalf("out-of-scope duplicate revealed: %v", got)
		}
		if got := probe(f.system(), domain.ContactInput{MemberNumber: ptr("555002")}); len(got) != 1 {
			t.Fatalf("system actor: %v", got)
		}
	})
}

func TestTagSaveAndExportLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		// Bulk tagging: an out-of-scope id fails the whole request and tags nothing.
		if _, _, err := f.svc.TagContacts(f.ctx, w.officer, []int64{w.inA.ID, w.inB.ID}, "Delegate", true); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("tagging an out-of-scope contact: %v", err)
		}
		if c, _ := f.svc.GetContact(f.ctx, f.system(), w.inA.ID); len(c.Tags) != 0 {
			t.Fatalf("a failed bulk tag left %v", c.Tags)
		}
		changed, skipped, err := f.svc.TagContacts(f.ctx, w.officer, []int64{w.inA.ID}, "Delegate", true)
		if err != nil || changed != 1 || skipped != 0 {
			t.Fatalf("tag: %d %d %v", changed, skipped, err)
		}
		if changed, _, _ := f.svc.TagContacts(f.ctx, w.officer, []int64{w.inA.ID}, "delegate", true); changed != 0 {
			t.Fatal("tagging twice changed something")
		}
		// A saved list is the officer's own and applies the officer's scope.
		l, err := f.svc.SaveList(f.ctx, w.officer, "Delegates", domain.ContactFilter{Tag: "delegate", Sort: "-name"})
		if err != nil {
			t.Fatal(err)
		}
		lists, _ := f.svc.SavedLists(f.ctx, w.officer)
		if len(lists) != 1 || lists[0].ID != l.ID || lists[0].Filter.Tag != "delegate" || lists[0].Filter.Sort != "-name" {
			t.Fatalf("saved lists %+v", lists)
		}
		if _, err := f.svc.SaveList(f.ctx, w.officer, "Bad", domain.ContactFilter{Sort: "shoe size"}); err == nil {
			t.Fatal("saved a list with an unknown sort")
		}
		// Export: only the scope, formulas defused, and the export is in the audit trail.
		if _, err := f.svc.UpdateContact(f.ctx, w.officer, w.inA.ID, domain.ContactInput{DisplayName: ptr("=HYPERLINK(\"http://x\")")}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := f.svc.ExportContactsAs(f.ctx, w.officer, domain.ContactFilter{}, "csv", "", &buf)
		if err != nil || n != 1 {
			t.Fatalf("export: %d %v", n, err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][1] != "'=HYPERLINK(\"http://x\")" || strings.Contains(buf.String(), "Bernd") {
			t.Fatalf("export rows %q %v", recs, err)
		}
		log, err := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{Action: "contact.export"})
		if err != nil || len(log) != 1 || log[0].ActorName != "officer@example.org" || log[0].Changes["rows"].New != float64(1) {
			t.Fatalf("export audit %+v %v", log, err)
		}
	})
}

func TestUnitCountsRollUpAndStayInScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		sys := f.system()
		ty, _ := f.svc.SaveMembershipType(f.ctx, sys, 0, domain.MembershipTypeInput{Name: ptr("Member")})
		if _, err := f.svc.AddMembership(f.ctx, sys, w.inA.ID, domain.MembershipInput{TypeID: &ty.ID, StartDate: ptr(domain.Date{Year: 2026, Month: 1, Day: 1})}); err != nil {
			t.Fatal(err)
		}
		f.person(sys, w.b.ID, "Cora", "Trash")
		if _, err := f.svc.RefreshUnitCounts(f.ctx); err != nil {
			t.Fatal(err)
		}
		all, _ := f.svc.UnitCounts(f.ctx, sys)
		root := w.a.ParentID
		if c := all[root]; c.Contacts != 3 || c.Members != 1 {
			t.Fatalf("root counts %+v", c)
		}
		if c := all[w.b.ID]; c.Contacts != 2 || c.Members != 0 {
			t.Fatalf("county B counts %+v", c)
		}
		mine, _ := f.svc.UnitCounts(f.ctx, w.officer)
		if len(mine) != 1 || mine[w.a.ID].Contacts != 1 || mine[w.a.ID].Members != 1 {
			t.Fatalf("officer sees counts %+v", mine)
		}
	})
}

// A saved list shared with a unit shows to every officer whose scope covers the unit, and each sees in it only
// the contacts of their own scope; the officers of a sibling unit see neither the list nor its contacts, and
// only the owner may share, unshare or delete it.
func TestSharedLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		root := w.a.ParentID
		actor := func(email string, unit int64, role string) *access.Actor {
			u := f.user(email)
			f.grant(u.ID, unit, role, nil)
			return f.actor(u.ID)
		}
		colleague := actor("colleague@example.org", w.a.ID, access.Viewer)
		sibling := actor("sibling@example.org", w.b.ID, access.Manager)
		chair := actor("chair@example.org", root, access.Manager)
		sys := f.system()
		for _, c := range []*domain.Contact{w.inA, w.inB} {
			if _, _, err := f.svc.TagContacts(f.ctx, sys, []int64{c.ID}, "delegate", true); err != nil {
				t.Fatal(err)
			}
		}
		whole, err := f.svc.SaveList(f.ctx, w.officer, "Delegates", domain.ContactFilter{Tag: "delegate"})
		if err != nil {
			t.Fatal(err)
		}
		ofA, err := f.svc.SaveList(f.ctx, w.officer, "Delegates of A", domain.ContactFilter{Tag: "delegate", UnitID: w.a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ShareList(f.ctx, w.officer, whole.ID, w.b.ID); !isInvalid(err, "unit_id") {
			t.Errorf("shared with a unit out of scope: %v", err)
		}
		if _, err := f.svc.ShareList(f.ctx, chair, ofA.ID, root); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("someone else's personal list shared: %v", err)
		}
		for _, id := range []int64{whole.ID, ofA.ID} {
			l, err := f.svc.ShareList(f.ctx, w.officer, id, w.a.ID)
			if err != nil || l.SharedWith == nil || l.SharedWith.ID != w.a.ID || !l.Mine {
				t.Fatalf("share: %+v %v", l, err)
			}
		}
		names := func(a *access.Actor) (out []string) {
			lists, err := f.svc.SavedLists(f.ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range lists {
				out = append(out, fmt.Sprintf("%s/%v", l.Name, l.Mine))
			}
			return out
		}
		for _, c := range []struct {
			who  *access.Actor
			want []string
		}{
			{w.officer, []string{"Delegates/true", "Delegates of A/true"}},
			{colleague, []string{"Delegates/false", "Delegates of A/false"}},
			{chair, []string{"Delegates/false", "Delegates of A/false"}},
			{sibling, nil},
		} {
			if got := names(c.who); !slices.Equal(got, c.want) {
				t.Errorf("%s sees %q, want %q", c.who.Email, got, c.want)
			}
		}
		// Opened, the list shows each reader the contacts of their own scope.
		open := func(a *access.Actor, l domain.SavedList) ([]string, error) {
			page, err := f.svc.ListContacts(f.ctx, a, l.Filter, 0, 50)
			var out []string
			for _, c := range page.Contacts {
				out = append(out, c.DisplayName)
			}
			return out, err
		}
		if got, err := open(colleague, whole); err != nil || !slices.Equal(got, []string{"Anna Schmidt"}) {
			t.Errorf("the colleague's view: %q %v", got, err)
		}
		if got, err := open(chair, whole); err != nil || !slices.Equal(got, []string{"Anna Schmidt", "Bernd Schmidt"}) {
			t.Errorf("the chair's view: %q %v", got, err)
		}
		// The sibling county's officer can neither find the list nor open its unit.
		if _, err := f.svc.SavedList(f.ctx, sibling, ofA.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("the sibling finds the list: %v", err)
		}
		if got, err := open(sibling, ofA); err != nil && !errors.Is(err, domain.ErrNotFound) || len(got) > 0 {
			t.Errorf("the sibling opens the list's unit: %q %v", got, err)
		}
		for _, err := range []error{f.svc.DeleteSavedList(f.ctx, sibling, ofA.ID), func() error {
			_, err := f.svc.ShareList(f.ctx, sibling, ofA.ID, w.b.ID)
			return err
		}()} {
			if !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("the sibling changes the list: %v", err)
			}
		}
		// Only the owner shares, unshares and deletes.
		if err := f.svc.DeleteSavedList(f.ctx, colleague, ofA.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the colleague deletes the list: %v", err)
		}
		if _, err := f.svc.ShareList(f.ctx, chair, ofA.ID, root); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the chair reshares the list: %v", err)
		}
		if l, err := f.svc.ShareList(f.ctx, w.officer, ofA.ID, 0); err != nil || l.SharedWith != nil {
			t.Fatalf("unshare: %+v %v", l, err)
		}
		if got := names(colleague); !slices.Equal(got, []string{"Delegates/false"}) {
			t.Errorf("after unsharing the colleague sees %q", got)
		}
		log, err := f.svc.AuditLog(f.ctx, sys, domain.AuditFilter{Action: "list.share"})
		if err != nil || len(log) != 3 {
			t.Errorf("share audit: %d entries, %v", len(log), err)
		}
	})
}

// The periodic recount leaves counts alone that cannot have changed — made today, after the last change — and
// recounts after a change or on a new day, because statuses move with the calendar.
func TestRecountOnlyWhenBehind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		sys := f.system()
		if n, err := f.svc.RecountUnitsIfBehind(f.ctx); err != nil || n == 0 {
			t.Fatalf("first recount: %d %v", n, err)
		}
		f.now = f.now.Add(time.Minute)
		if n, err := f.svc.RecountUnitsIfBehind(f.ctx); err != nil || n != 0 {
			t.Fatalf("recount without a change: %d %v", n, err)
		}
		f.now = f.now.Add(time.Minute)
		f.person(sys, w.b.ID, "Dora", "Neu")
		f.now = f.now.Add(time.Minute)
		if n, err := f.svc.RecountUnitsIfBehind(f.ctx); err != nil || n == 0 {
			t.Fatalf("recount after a change: %d %v", n, err)
		}
		if c, _ := f.svc.UnitCounts(f.ctx, sys); c[w.b.ID].Contacts != 2 {
			t.Fatalf("county B after the recount: %+v", c[w.b.ID])
		}
		f.now = f.now.Add(24 * time.Hour)
		if n, err := f.svc.RecountUnitsIfBehind(f.ctx); err != nil || n == 0 {
			t.Fatalf("recount on a new day: %d %v", n, err)
		}
	})
}

// The system actor (the operator's CLI, background work) lists every import as a job, on both databases: its
// query once carried a parameter it did not read, which PostgreSQL refuses.
func TestJobsAsTheSystemActor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		if _, err := f.svc.Jobs(f.ctx, f.system(), 50); err != nil {
			t.Fatalf("jobs as the system actor: %v", err)
		}
		if _, err := f.svc.Jobs(f.ctx, w.officer, 50); err != nil {
			t.Fatalf("jobs as an officer: %v", err)
		}
	})
}
