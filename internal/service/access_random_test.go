package service_test

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/geodata"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The randomized access test builds random unit trees up to 8 levels deep, random users with random grants
// (some expired, some revoked, some users deactivated) and random contacts with secondary affiliations, then
// compares every scoped list (all pages), count, search and single read with a brute-force oracle computed
// in Go from the same facts. Each (user, contact) decision verified is one check; the test asserts a minimum
// number of checks so that it cannot silently shrink. Then every write of contact data is tried on the same
// world (access_random_write_test.go).

type world struct {
	parent   map[int64]int64 // unit → parent (0 for the root)
	units    []int64
	contacts []oracleContact
	users    []oracleUser
}

type oracleContact struct {
	id      int64
	home    int64
	affs    []int64
	sortKey string
	family  string
	given   string // folded
	member  string
	email   string
	postal  string
	trashed bool
	gone    bool // merged into another contact or purged (by the write checks)
}

type oracleUser struct {
	id     int64
	grants []oracleGrant
	active bool
}

type oracleGrant struct {
	unit    int64
	role    string
	expires *time.Time
	revoked bool
}

// under reports whether unit lies at or below top.
func (w *world) under(unit, top int64) bool {
	for u := unit; u != 0; u = w.parent[u] {
		if u == top {
			return true
		}
	}
	return false
}

// visible is the oracle: an active user sees a live contact when one of the contact's units (home or
// affiliation) lies under the unit of a live grant, and under the unit filter when there is one.
func (w *world) visible(u oracleUser, c oracleContact, now time.Time, unitFilter int64) bool {
	if !u.active || c.trashed {
		return false
	}
	for _, g := range u.grants {
		if g.revoked || (g.expires != nil && !g.expires.After(now)) {
			continue
		}
		for _, x := range append([]int64{c.home}, c.affs...) {
			if w.under(x, g.unit) && (unitFilter == 0 || w.under(x, unitFilter)) {
				return true
			}
		}
	}
	return false
}

func randomName(r *rand.Rand) string {
	parts := []string{"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "za", "bé", "dö"}
	n := 2 + r.IntN(2)
	s := ""
	for range n {
		s += parts[r.IntN(len(parts))]
	}
	return string(rune('A'+r.IntN(3))) + s
}

func buildWorld(t *testing.T, f *fixture, r *rand.Rand) *world {
	w := &world{parent: map[int64]int64{}}
	root := f.unit(0, "Root")
	w.units = []int64{root.ID}
	w.parent[root.ID] = 0
	depth := map[int64]int{root.ID: 1}
	for len(w.units) < 45 {
		p := w.units[r.IntN(len(w.units))]
		if depth[p] >= 8 {
			continue
		}
		u := f.unit(p, fmt.Sprintf("Unit %d", len(w.units)))
		w.units = append(w.units, u.ID)
		w.parent[u.ID] = p
		depth[u.ID] = depth[p] + 1
	}
	sys := f.system()
	codes := oraclePostalCodes(t)
	for i := range 500 {
		home := w.units[r.IntN(len(w.units))]
		c := oracleContact{home: home}
		in := domain.ContactInput{HomeUnitID: &home, GivenName: ptr(randomName(r)), FamilyName: ptr(randomName(r))}
		if r.IntN(5) == 0 {
			var affs []int64
			for range 1 + r.IntN(2) {
				a := w.units[r.IntN(len(w.units))]
				if a != home && !slices.Contains(affs, a) {
					affs = append(affs, a)
				}
			}
			in.AffiliationIDs = &affs
			c.affs = affs
		}
		c.email = fmt.Sprintf("p%d.%s@example.org", i, domain.Fold(*in.FamilyName))
		in.Emails = &[]domain.Email{{Address: c.email}}
		c.postal = codes[r.IntN(len(codes))]
		in.Addresses = &[]domain.Address{{PostalCode: c.postal, City: "Town", Country: "DE"}}
		if r.IntN(3) > 0 {
			c.member = strconv.Itoa(500000 + i)
			in.MemberNumber = &c.member
		}
		created, err := f.svc.CreateContact(f.ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		c.id, c.sortKey, c.family, c.given = created.ID, created.SortKey, domain.Fold(*in.FamilyName), domain.Fold(*in.GivenName)
		if r.IntN(15) == 0 {
			if err := f.svc.TrashContact(f.ctx, sys, c.id); err != nil {
				t.Fatal(err)
			}
			c.trashed = true
		}
		w.contacts = append(w.contacts, c)
	}
	// Users: grants live, expiring soon (they will have expired when we check), or revoked.
	soon := f.now.Add(time.Hour)
	later := f.now.Add(30 * 24 * time.Hour)
	for i := range 24 {
		u := f.user(fmt.Sprintf("u%d@example.org", i))
		ou := oracleUser{id: u.ID, active: true}
		for range r.IntN(4) { // some users get no grant at all
			g := oracleGrant{unit: w.units[r.IntN(len(w.units))], role: access.Roles()[r.IntN(len(access.Roles()))]}
			switch r.IntN(6) {
			case 0:
				g.expires = &soon
			case 1:
				g.expires = &later
			}
			gr := f.grant(u.ID, g.unit, g.role, g.expires)
			if r.IntN(8) == 0 {
				if err := f.svc.RevokeGrant(f.ctx, sys, gr.ID); err != nil {
					t.Fatal(err)
				}
				g.revoked = true
			}
			ou.grants = append(ou.grants, g)
		}
		if r.IntN(12) == 0 {
			if _, err := f.svc.UpdateUser(f.ctx, sys, u.ID, domain.UserInput{Active: ptr(false)}); err != nil {
				t.Fatal(err)
			}
			ou.active = false
		}
		w.users = append(w.users, ou)
	}
	return w
}

// oraclePostalCodes returns 40 German postal codes, 30 with a Bundestag constituency in the table that ships
// with Roster (for the enrichment checks) and 10 without. None starts with 5, the first digit of the member
// numbers, so that a search for a code finds no member number.
func oraclePostalCodes(t *testing.T) []string {
	d, ok, err := geodata.ElectoralDistricts("de")
	if err != nil || !ok {
		t.Fatal("no constituency table", err)
	}
	var known []string
	for code := range d.ByPostal {
		if code[0] != '5' {
			known = append(known, code)
		}
	}
	slices.Sort(known)
	var out []string
	for i := range 30 {
		out = append(out, known[i*len(known)/30])
	}
	for i := range 10 {
		out = append(out, fmt.Sprintf("0000%d", i))
	}
	return out
}

func TestAccessMatchesOracle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed := uint64(time.Now().UnixNano())
		if s := os.Getenv("ROSTER_TEST_SEED"); s != "" {
			seed, _ = strconv.ParseUint(s, 10, 64)
		}
		t.Logf("seed %d (set ROSTER_TEST_SEED to repeat)", seed)
		r := rand.New(rand.NewPCG(seed, 42))
		f := newFixture(t, st)
		w := buildWorld(t, f, r)
		f.now = f.now.Add(2 * time.Hour) // the "soon" grants have now expired
		checks := 0
		for _, u := range w.users {
			checks += checkUser(t, f, w, u, r)
		}
		t.Logf("%d checks", checks)
		if checks < 100000 {
			t.Fatalf("only %d checks; the test must verify at least 100,000 decisions", checks)
		}
		checkWrites(t, f, w, r)
	})
}

func checkUser(t *testing.T, f *fixture, w *world, u oracleUser, r *rand.Rand) int {
	t.Helper()
	a, err := f.svc.ActorFor(f.ctx, u.id)
	if !u.active {
		if !errors.Is(err, domain.ErrUnauthenticated) {
			t.Fatalf("deactivated user %d resolved to an actor: %v", u.id, err)
		}
		return len(w.contacts)
	}
	if err != nil {
		t.Fatal(err)
	}
	checks := 0
	filters := []int64{0, w.units[r.IntN(len(w.units))], w.units[r.IntN(len(w.units))]}
	sorts := []string{"", "-name", "newest"}
	for i, unit := range filters {
		sort := sorts[i]
		var want []oracleContact
		for _, c := range w.contacts {
			if w.visible(u, c, f.now, unit) {
				want = append(want, c)
			}
		}
		slices.SortFunc(want, func(x, y oracleContact) int {
			switch sort {
			case "-name":
				return cmp.Or(cmp.Compare(y.sortKey, x.sortKey), cmp.Compare(y.id, x.id))
			case "newest":
				return cmp.Compare(y.id, x.id)
			}
			return cmp.Or(cmp.Compare(x.sortKey, y.sortKey), cmp.Compare(x.id, y.id))
		})
		// Every page of the list.
		var got []int64
		after := int64(0)
		pageSize := 7 + r.IntN(40)
		for {
			p, err := f.svc.ListContacts(f.ctx, a, domain.ContactFilter{UnitID: unit, Sort: sort}, after, pageSize)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Contacts {
				got = append(got, c.ID)
			}
			if p.Next == 0 {
				break
			}
			after = p.Next
		}
		wantIDs := make([]int64, len(want))
		for i, c := range want {
			wantIDs[i] = c.id
		}
		if !slices.Equal(got, wantIDs) {
			t.Fatalf("user %d, unit filter %d, sort %q: list has %d contacts, oracle %d\n got %v\nwant %v", u.id, unit, sort, len(got), len(wantIDs), got, wantIDs)
		}
		n, err := f.svc.CountContacts(f.ctx, a, domain.ContactFilter{UnitID: unit}, 0)
		if err != nil || n != len(want) {
			t.Fatalf("user %d, unit %d: count %d, oracle %d (%v)", u.id, unit, n, len(want), err)
		}
		checks += 2 * len(w.contacts)
	}
	// Quick search by family-name prefix, given name, member number, e-mail and postal code.
	for range 6 {
		c := w.contacts[r.IntN(len(w.contacts))]
		for _, q := range []struct {
			text  string
			match func(oracleContact) bool
		}{
			{c.family[:3], func(x oracleContact) bool { return len(x.sortKey) >= 3 && x.sortKey[:3] == c.family[:3] }},
			{c.given, func(x oracleContact) bool { return x.given == c.given || strings.HasPrefix(x.sortKey, c.given) }},
			{c.email, func(x oracleContact) bool { return x.email == c.email }},
			{c.postal, func(x oracleContact) bool { return x.postal == c.postal }},
			{c.member, func(x oracleContact) bool { return x.member == c.member && c.member != "" }},
		} {
			if q.text == "" {
				continue
			}
			var want []int64
			for _, x := range w.contacts {
				if q.match(x) && w.visible(u, x, f.now, 0) {
					want = append(want, x.id)
				}
			}
			res, err := f.svc.SearchContacts(f.ctx, a, q.text, 50)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, x := range res {
				got = append(got, x.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if len(want) > 50 {
				t.Fatalf("search %q matches too much for the test", q.text)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("user %d search %q: got %v, want %v", u.id, q.text, got, want)
			}
			checks += len(w.contacts)
		}
	}
	// Single reads of random contacts: not found exactly when not visible (trash is readable by id).
	for range 60 {
		c := w.contacts[r.IntN(len(w.contacts))]
		vis := w.visible(u, oracleContact{home: c.home, affs: c.affs}, f.now, 0)
		_, err := f.svc.GetContact(f.ctx, a, c.id)
		if vis != (err == nil) || (err != nil && !errors.Is(err, domain.ErrNotFound)) {
			t.Fatalf("user %d get contact %d: visible=%v err=%v", u.id, c.id, vis, err)
		}
		checks++
	}
	return checks
}
