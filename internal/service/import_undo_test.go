package service_test

import (
	"slices"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// Undo deleted a contact to which a note had been added after the import, the note with it. Now any change
// after the import — by anyone, to the contact or to what hangs off it — keeps the record, and the plan
// shown before undoing lists it with the reason.
func TestImportUndoKeepsRecordsChangedSince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		mt, err := w.svc.SaveMembershipType(w.ctx, w.system(), 0, domain.MembershipTypeInput{Name: ptr("Member")})
		if err != nil {
			t.Fatal(err)
		}
		friend := w.person(w.officer, w.north.ID, "Old", "Friend")
		village := w.unit(w.north.ID, "Village")
		cols := columns(importfile.GivenName, importfile.FamilyName, importfile.PostalCode, importfile.UnitCode)
		b, err := w.run(w.officer, []string{
			"Nora|Note||North County",       // 2: a note is added
			"Tara|Tag||North County",        // 3: tagged
			"Mona|Member||North County",     // 4: a membership starts
			"Rita|Related||North County",    // 5: someone else relates to her
			"Anna|Attribute|10115|",         // 6: a named fact is set by the district enrichment
			"Alma|Affiliated||North County", // 7: an affiliation is added
			"Eddie|Edited||North County",    // 8: edited
			"Una|Untouched||North County",   // 9: nothing: removed
			"Otto|Otherwise||North County",  // 10: nothing: removed
		}, domain.ImportOptions{Columns: cols}, false)
		if err != nil || b.Created != 9 {
			t.Fatalf("import: %+v, %v", b, err)
		}
		w.now = w.now.Add(time.Hour) // the changes come later
		id := map[int]int64{}
		for line, r := range w.report(w.officer, b.ID) {
			id[line] = r.ContactID
		}
		if _, err := w.svc.AddNote(w.ctx, w.officer, id[2], "Called her after the import."); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.TagContacts(w.ctx, w.officer, []int64{id[3]}, "Volunteer", true); err != nil {
			t.Fatal(err)
		}
		start := domain.Date{Year: 2024, Month: 1, Day: 1}
		if _, err := w.svc.AddMembership(w.ctx, w.officer, id[4], domain.MembershipInput{TypeID: &mt.ID, StartDate: &start}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddRelationship(w.ctx, w.officer, friend.ID, id[5], "related"); err != nil {
			t.Fatal(err)
		}
		if res, err := w.svc.SetElectoralDistricts(w.ctx, w.officer, false); err != nil || res.Changed != 1 {
			t.Fatalf("districts: %+v, %v", res, err)
		}
		if _, err := w.svc.UpdateContact(w.ctx, w.officer, id[7], domain.ContactInput{AffiliationIDs: &[]int64{village.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.UpdateContact(w.ctx, w.officer, id[8], domain.ContactInput{MiddleName: ptr("E.")}); err != nil {
			t.Fatal(err)
		}

		want := map[int][]string{2: {domain.KeptNote}, 3: {domain.KeptTag},
			4: {domain.KeptEdited, domain.KeptMembership}, // the first membership also gives her a member number
			5: {domain.KeptRelationship}, 6: {domain.KeptAttribute}, 7: {domain.KeptAffiliation, domain.KeptEdited}, 8: {domain.KeptEdited}}
		check := func(what string, u domain.ImportUndo) {
			t.Helper()
			got := map[int][]string{}
			for _, k := range u.Kept {
				got[k.Line] = k.Reasons
				if k.ContactID != id[k.Line] || k.Display == "" {
					t.Errorf("%s: kept %+v", what, k)
				}
			}
			if u.Removed != 2 || u.Restored != 0 || len(got) != len(want) {
				t.Errorf("%s = %+v", what, u)
			}
			for line, reasons := range want {
				if !slices.Equal(got[line], reasons) {
					t.Errorf("%s: line %d kept for %v, want %v", what, line, got[line], reasons)
				}
			}
		}
		plan, err := w.svc.ImportUndoPlan(w.ctx, w.officer, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("plan", plan)
		if again, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID); again.Status != domain.ImportDone {
			t.Fatalf("the plan changed the batch: %+v", again)
		}
		res, err := w.svc.UndoImport(w.ctx, w.officer, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("undo", res)
		for line := 2; line <= 8; line++ {
			if _, err := w.svc.GetContact(w.ctx, w.officer, id[line]); err != nil {
				t.Errorf("line %d: kept contact is gone: %v", line, err)
			}
		}
		notes, err := w.svc.Notes(w.ctx, w.officer, id[2])
		if err != nil || len(notes) != 1 {
			t.Errorf("the note added after the import: %+v, %v", notes, err)
		}
		for _, line := range []int{9, 10} {
			if _, err := w.svc.GetContact(w.ctx, w.system(), id[line]); err == nil {
				t.Errorf("line %d was not removed", line)
			}
		}
		after, _ := w.svc.ImportBatch(w.ctx, w.officer, b.ID)
		if after.Status != domain.ImportUndone || after.UndoRemoved != 2 || after.UndoKept != 7 {
			t.Errorf("batch after undo = %+v", after)
		}
		rep := w.report(w.officer, b.ID)
		if !slices.Equal(rep[2].Kept, []string{domain.KeptNote}) || len(rep[9].Kept) != 0 {
			t.Errorf("report after undo: line 2 %+v, line 9 %+v", rep[2], rep[9])
		}
	})
}
