package api_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A postal code tells the add-person form the units of the caller's write scope it maps to, the places it
// names (geography, for the town, whoever asks), and the units of the write scope it lies in, so that a home
// unit outside them can be questioned before saving.
func TestPostalCodeInfo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		nat, s1, c1 := e.units["nat"].ID, e.units["s1"].ID, e.units["c1"].ID
		for user, want := range map[string]struct {
			units, within []int64
		}{
			"m1":    {[]int64{c1}, []int64{c1}},
			"m2":    {nil, nil}, // another county's code: no unit to offer, but the town still
			"admin": {[]int64{c1}, []int64{nat, s1, c1}},
		} {
			code, out := e.do(user, "GET", "/api/v1/postal-codes/11111/units", nil)
			var body struct {
				Units []struct {
					UnitID int64 `json:"unit_id"`
				}
				Places        []string
				WithinUnitIDs []int64 `json:"within_unit_ids"`
			}
			if err := json.Unmarshal(out, &body); code != 200 || err != nil {
				t.Fatalf("%s: %d %s", user, code, out)
			}
			var units []int64
			for _, u := range body.Units {
				units = append(units, u.UnitID)
			}
			slices.Sort(body.WithinUnitIDs)
			if !slices.Equal(units, want.units) || !slices.Equal(body.WithinUnitIDs, want.within) ||
				!slices.Equal(body.Places, []string{"Onetown"}) {
				t.Errorf("%s: %s, want units %v within %v and the place Onetown", user, out, want.units, want.within)
			}
		}
		// A code that maps nowhere says nothing.
		if code, out := e.do("m1", "GET", "/api/v1/postal-codes/99999/units", nil); code != 200 ||
			string(out) != `{"units":[],"places":[],"within_unit_ids":[]}`+"\n" {
			t.Errorf("unknown code: %d %q", code, out)
		}
	})
}
