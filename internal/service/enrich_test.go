package service_test

import (
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestReassignHomeUnitsFromPostalCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		atState := w.contactWith(sys, w.state.ID, domain.KindPerson, "Grace", "Hopper", "", "Main St 1", "10115")
		wrong := w.contactWith(sys, w.south.ID, domain.KindPerson, "Alan", "Turing", "", "Main St 2", "10117")
		right := w.contactWith(sys, w.north.ID, domain.KindPerson, "Ada", "Lovelace", "", "Main St 3", "10115")
		unmapped := w.contactWith(sys, w.state.ID, domain.KindPerson, "Edsger", "Dijkstra", "", "Main St 4", "99999")

		res, err := w.svc.ReassignHomeUnits(w.ctx, sys, true)
		if err != nil || res.Checked != 4 || res.Changed != 2 || len(res.Samples) != 2 {
			t.Fatalf("dry run = %+v, %v", res, err)
		}
		if c, _ := w.svc.GetContact(w.ctx, sys, atState.ID); c.HomeUnit.ID != w.state.ID {
			t.Error("the dry run moved a contact")
		}
		// The north officer may not touch South's contact: only what lies in their write scope moves.
		if res, err := w.svc.ReassignHomeUnits(w.ctx, w.officer, false); err != nil || res.Changed != 0 {
			t.Errorf("north officer = %+v, %v", res, err)
		}
		if res, err = w.svc.ReassignHomeUnits(w.ctx, sys, false); err != nil || res.Changed != 2 {
			t.Fatalf("run = %+v, %v", res, err)
		}
		for id, want := range map[int64]int64{atState.ID: w.north.ID, wrong.ID: w.north.ID, right.ID: w.north.ID, unmapped.ID: w.state.ID} {
			if c, _ := w.svc.GetContact(w.ctx, sys, id); c.HomeUnit.ID != want {
				t.Errorf("contact %d home unit %d, want %d", id, c.HomeUnit.ID, want)
			}
		}
		if p, err := w.svc.ListContacts(w.ctx, w.officer, domain.ContactFilter{}, 0, 50); err != nil || len(p.Contacts) != 3 {
			t.Errorf("the north officer now sees %d contacts (%v), want 3", len(p.Contacts), err)
		}
	})
}

func TestSetElectoralDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		dresden := w.contactWith(sys, w.north.ID, domain.KindPerson, "Clara", "Schumann", "", "Altmarkt 1", "01067")
		res, err := w.svc.SetElectoralDistricts(w.ctx, sys, false)
		if err != nil || res.Changed != 1 {
			t.Fatalf("districts = %+v, %v", res, err)
		}
		c, _ := w.svc.GetContact(w.ctx, sys, dresden.ID)
		if c.Attributes["bundestag_wahlkreis_2025"] != "158 Dresden I" {
			t.Errorf("attributes = %v", c.Attributes)
		}
		if res, _ := w.svc.SetElectoralDistricts(w.ctx, sys, true); res.Changed != 0 {
			t.Errorf("second run would change %d", res.Changed)
		}
	})
}
