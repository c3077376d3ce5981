package service_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestAccessMatrix walks a 5-level tree (national → state → district → county → local, two branches) with a
// user at every level and every role kind, over every contact operation. Each row of the matrix says, per
// contact, what the user may do: "-" nothing (not found), "r" read, "w" read and write, "p" also purge.
func TestAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		nat := f.unit(0, "National")
		u := map[string]domain.Unit{"N": nat}
		for _, b := range []string{"1", "2"} {
			u["S"+b] = f.unit(nat.ID, "State "+b)
			u["D"+b] = f.unit(u["S"+b].ID, "District "+b)
			u["C"+b] = f.unit(u["D"+b].ID, "County "+b)
			u["L"+b] = f.unit(u["C"+b].ID, "Local "+b)
		}
		sys := f.system()
		// One contact homed in each unit of branch 1, one in state 2 and local 2, and X: homed in local 2
		// with a secondary affiliation to county 1.
		order := []string{"N", "S1", "D1", "C1", "L1", "S2", "L2", "X"}
		contacts := map[string]*domain.Contact{}
		for _, k := range order[:7] {
			contacts[k] = f.person(sys, u[k].ID, "Person", "Of"+k)
		}
		affs := []int64{u["C1"].ID}
		x, err := f.svc.CreateContact(f.ctx, sys, domain.ContactInput{HomeUnitID: ptr(u["L2"].ID), GivenName: ptr("Person"), FamilyName: ptr("Crossover"), AffiliationIDs: &affs})
		if err != nil {
			t.Fatal(err)
		}
		contacts["X"] = x
		soon := f.now.Add(time.Hour)
		matrix := []struct {
			name  string
			unit  string
			role  string
			rules string // per contact in order: N S1 D1 C1 L1 S2 L2 X
		}{
			{"national admin", "N", access.Admin, "pppppppp"},
			{"national viewer", "N", access.Viewer, "rrrrrrrr"},
			{"state manager", "S1", access.Manager, "-wwww--r"},
			{"state viewer", "S1", access.Viewer, "-rrrr--r"},
			{"state treasurer", "S1", access.Treasurer, "-wwww--r"},
			{"district admin", "D1", access.Admin, "--ppp--r"},
			{"district finance", "D1", access.Finance, "--www--r"},
			{"county manager", "C1", access.Manager, "---ww--r"},
			{"local manager", "L1", access.Manager, "----w---"},
			{"other state manager", "S2", access.Manager, "-----www"},
			{"other local viewer", "L2", access.Viewer, "------rr"},
			{"expired state manager", "S1", access.Manager, "--------"},
			{"no grant", "", "", "--------"},
		}
		for i, row := range matrix {
			usr := f.user(fmt.Sprintf("m%d@example.org", i))
			if row.unit != "" {
				var exp *time.Time
				if row.name == "expired state manager" {
					exp = &soon
				}
				f.grant(usr.ID, u[row.unit].ID, row.role, exp)
			}
			matrix[i].unit = fmt.Sprint(usr.ID) // reuse the field for the user id below
		}
		f.now = f.now.Add(2 * time.Hour)
		for _, row := range matrix {
			var uid int64
			fmt.Sscan(row.unit, &uid)
			a := f.actor(uid)
			t.Run(row.name, func(t *testing.T) {
				checkMatrixRow(t, f, a, row.rules, order, contacts, u)
			})
		}
	})
}

func checkMatrixRow(t *testing.T, f *fixture, a *access.Actor, rules string, order []string, contacts map[string]*domain.Contact, units map[string]domain.Unit) {
	wantVisible := 0
	page, err := f.svc.ListContacts(f.ctx, a, domain.ContactFilter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int64]bool{}
	for _, c := range page.Contacts {
		listed[c.ID] = true
	}
	for i, k := range order {
		c, rule := contacts[k], rules[i]
		visible := rule != '-'
		if visible {
			wantVisible++
		}
		// view, list, search
		_, err := f.svc.GetContact(f.ctx, a, c.ID)
		expect(t, k+" view", err, visible, true)
		if listed[c.ID] != visible {
			t.Errorf("%s: listed=%v, want %v", k, listed[c.ID], visible)
		}
		res, err := f.svc.SearchContacts(f.ctx, a, c.FamilyName, 10)
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(res, func(s domain.ContactSummary) bool { return s.ID == c.ID })
		if found != visible {
			t.Errorf("%s: found by search=%v, want %v", k, found, visible)
		}
		_, err = f.svc.ContactHistory(f.ctx, a, c.ID)
		expect(t, k+" history", err, visible, true)
		_, err = f.svc.Memberships(f.ctx, a, c.ID)
		expect(t, k+" memberships", err, visible, true)
		// write operations: allowed for w and p, forbidden for r, not found for -
		canWrite := rule == 'w' || rule == 'p'
		_, err = f.svc.UpdateContact(f.ctx, a, c.ID, domain.ContactInput{MiddleName: ptr("M")})
		expect(t, k+" update", err, visible, canWrite)
		_, err = f.svc.AddNote(f.ctx, a, c.ID, "note")
		expect(t, k+" note", err, visible, canWrite)
		err = f.svc.TrashContact(f.ctx, a, c.ID)
		expect(t, k+" trash", err, visible, canWrite)
		if canWrite {
			err = f.svc.RestoreContact(f.ctx, a, c.ID)
			expect(t, k+" restore", err, visible, canWrite)
		}
		// creating a contact in the contact's home unit
		home := c.HomeUnit.ID
		_, err = f.svc.CreateContact(f.ctx, a, domain.ContactInput{HomeUnitID: &home, FamilyName: ptr("New")})
		var ve *domain.ValidationError
		if canWrite != (err == nil) || (err != nil && !(errors.As(err, &ve) && ve.Has("home_unit_id"))) {
			t.Errorf("%s create in home unit: err=%v, want allowed=%v", k, err, canWrite)
		}
	}
	n, err := f.svc.CountContacts(f.ctx, a, domain.ContactFilter{}, 0)
	if err != nil || n != wantVisible+countNew(t, f, a) {
		t.Errorf("count = %d (%v), want %d visible", n, err, wantVisible)
	}
	// Purge: only admins, only trashed contacts. Trash then purge the contact homed in the actor's own unit.
	for i, k := range order {
		if rules[i] != 'p' && rules[i] != 'w' {
			continue
		}
		c := contacts[k]
		if err := f.svc.TrashContact(f.ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
		err := f.svc.PurgeContact(f.ctx, a, c.ID)
		if rules[i] == 'p' {
			if err != nil {
				t.Errorf("%s purge: %v", k, err)
			}
			if _, err := f.svc.GetContact(f.ctx, f.system(), c.ID); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s: purged contact still readable (%v)", k, err)
			}
			contacts[k] = f.person(f.system(), c.HomeUnit.ID, "Person", c.FamilyName) // for the next rows
		} else {
			if !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s purge by non-admin: %v, want forbidden", k, err)
			}
			if err := f.svc.RestoreContact(f.ctx, a, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		break
	}
}

// countNew counts the contacts named "New" this row created (they are visible to their creator).
func countNew(t *testing.T, f *fixture, a *access.Actor) int {
	res, err := f.svc.SearchContacts(f.ctx, a, "new", 50)
	if err != nil {
		t.Fatal(err)
	}
	return len(res)
}

// expect checks an operation's outcome: success when allowed; ErrForbidden when visible but not allowed;
// ErrNotFound when invisible.
func expect(t *testing.T, what string, err error, visible, allowed bool) {
	t.Helper()
	switch {
	case visible && allowed:
		if err != nil {
			t.Errorf("%s: %v, want success", what, err)
		}
	case visible:
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("%s: %v, want forbidden", what, err)
		}
	default:
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s: %v, want not found", what, err)
		}
	}
}
