package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestContactVisibleThroughAffiliationOpens: a Berlin contact affiliated with Munich opens for the Munich
// officer, with its home unit's path, and read-only.
func TestContactVisibleThroughAffiliationOpens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		affs := []int64{w.munich.ID}
		if _, err := w.svc.UpdateContact(context.Background(), w.sys, w.carla.ID, domain.ContactInput{AffiliationIDs: &affs}); err != nil {
			t.Fatal(err)
		}
		b := w.signIn("officer@example.org")
		res := b.get("/contacts/" + itoa(w.carla.ID))
		if res.status != 200 || !strings.Contains(res.body, w.carla.FamilyName) || !strings.Contains(res.body, w.berlin.Name) {
			t.Fatalf("affiliated contact: %d\n%s", res.status, res.body)
		}
		if strings.Contains(res.body, "/contacts/"+itoa(w.carla.ID)+"/edit") {
			t.Error("an affiliation-only contact offers editing")
		}
	})
}
