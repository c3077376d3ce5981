package service_test

import (
	"errors"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A saved mapping is the importer's own: it comes back by name, applies to a file whose columns moved, is
// replaced by saving under the same name, and is invisible to everyone else. Broken mappings are refused.
func TestImportMappingsSaveApplyDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		south := w.user("south@example.org")
		w.grant(south.ID, w.south.ID, "manager", nil)
		other := w.actor(south.ID)

		m := importfile.Suggest([]string{"Vorname", "Nachname", "Geburtsdatum", "Partei"})
		m.Columns[2].DateOrder = string(importfile.DayMonthYear)
		m.Columns[3].Field, m.Columns[3].Key = string(importfile.Attribute), "party"
		saved, err := w.svc.SaveImportMapping(w.ctx, w.officer, " Kreisliste ", m)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Name != "Kreisliste" || saved.ID == 0 {
			t.Errorf("saved %+v", saved)
		}
		list, err := w.svc.ImportMappings(w.ctx, w.officer)
		if err != nil || len(list) != 1 || list[0].Columns[3].Key != "party" {
			t.Fatalf("mappings: %+v, %v", list, err)
		}
		if theirs, _ := w.svc.ImportMappings(w.ctx, other); len(theirs) != 0 {
			t.Errorf("another officer sees %+v", theirs)
		}
		if _, err := w.svc.ImportMapping(w.ctx, other, saved.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another officer reads the mapping: %v", err)
		}
		if err := w.svc.DeleteImportMapping(w.ctx, other, saved.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another officer deletes the mapping: %v", err)
		}

		// Applied to a file with the columns in another order and one more: the saved choices follow the headers.
		back, err := w.svc.ImportMapping(w.ctx, w.officer, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		rebound, missing := back.Rebind([]string{"Partei", "E-Mail", "Vorname", "Nachname", "Geburtsdatum"})
		if len(missing) != 0 || rebound.Columns[0].Key != "party" || importfile.Field(rebound.Columns[1].Field) != importfile.Email ||
			importfile.DateOrder(rebound.Columns[4].DateOrder) != importfile.DayMonthYear {
			t.Errorf("rebound: %+v, missing %v", rebound, missing)
		}

		// The same name replaces; an invalid mapping or name is refused with the fields named.
		m.Columns[3].Key = "partei"
		if again, err := w.svc.SaveImportMapping(w.ctx, w.officer, "Kreisliste", m); err != nil || again.ID != saved.ID {
			t.Errorf("save again: %+v, %v", again, err)
		}
		m.Columns[3].Key = "Not A Key!"
		checkInvalid(t, "bad key", err2(w.svc.SaveImportMapping(w.ctx, w.officer, "Kaputt", m)), "columns.3.key")
		m.Columns[3].Key = "party"
		checkInvalid(t, "no name", err2(w.svc.SaveImportMapping(w.ctx, w.officer, "  ", m)), "name")
		checkInvalid(t, "no columns", err2(w.svc.SaveImportMapping(w.ctx, w.officer, "Leer", importfile.Mapping{})), "columns")
		if _, err := w.svc.SaveImportMapping(w.ctx, w.system(), "System", m); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the system actor saved a mapping: %v", err)
		}

		if err := w.svc.DeleteImportMapping(w.ctx, w.officer, saved.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := w.svc.ImportMappings(w.ctx, w.officer); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
	})
}

func err2[T any](_ T, err error) error { return err }

// checkInvalid fails unless err is a validation error naming field.
func checkInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s: %v, want a validation error", what, err)
		return
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return
		}
	}
	t.Errorf("%s: problems %+v, want one for %s", what, ve.Fields, field)
}
