package service_test

import (
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestTagNamesFollowScope: a user is offered the tag names carried by contacts they can see, and no others.
func TestTagNamesFollowScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		nat := f.unit(0, "National")
		north, south := f.unit(nat.ID, "North"), f.unit(nat.ID, "South")
		sys := f.system()
		n := f.person(sys, north.ID, "Nora", "North")
		s := f.person(sys, south.ID, "Sam", "South")
		for id, tag := range map[int64]string{n.ID: "Nordlicht", s.ID: "Großspender"} {
			if _, _, err := f.svc.TagContacts(f.ctx, sys, []int64{id}, tag, true); err != nil {
				t.Fatal(err)
			}
		}
		officer := f.user("north@example.org")
		f.grant(officer.ID, north.ID, access.Viewer, nil)
		names := func() []string {
			l, err := f.svc.Tags(f.ctx, f.actor(officer.ID))
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		if got := names(); !slices.Equal(got, []string{"Nordlicht"}) {
			t.Errorf("north officer is offered %v, want [Nordlicht]", got)
		}
		if got, _ := f.svc.Tags(f.ctx, sys); !slices.Equal(got, []string{"Großspender", "Nordlicht"}) {
			t.Errorf("the system is offered %v", got)
		}
		// Sam gains an affiliation to North: the tag is now in sight; Nora moves south: hers is not.
		if _, err := f.svc.UpdateContact(f.ctx, sys, s.ID, domain.ContactInput{AffiliationIDs: &[]int64{north.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateContact(f.ctx, sys, n.ID, domain.ContactInput{HomeUnitID: &south.ID}); err != nil {
			t.Fatal(err)
		}
		if got := names(); !slices.Equal(got, []string{"Großspender"}) {
			t.Errorf("after the moves the north officer is offered %v, want [Großspender]", got)
		}
	})
}
