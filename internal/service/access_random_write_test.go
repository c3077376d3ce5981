package service_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/geodata"
)

// The write half of the randomized access test. On the world the read half checked, random users try every
// write of contact data on random contacts, two in three of them contacts the oracle says the user may edit.
// Each attempt is one case: the oracle (the same facts, in Go) decides whether it must succeed, answer not
// found (the contact is out of sight) or forbidden (in sight, not editable), and a snapshot of every record of
// the contacts involved (fields, lists, notes, memberships, relationships, history) must change on success and
// stay byte-for-byte the same otherwise. Successful writes are applied to the oracle, so later cases meet
// moved, trashed, merged and purged contacts. The enrichments run over whole scopes; there every contact is a
// case.

type outcome int

const (
	allowed outcome = iota
	notFound
	forbidden
)

func (o outcome) String() string { return [...]string{"allowed", "not found", "forbidden"}[o] }

// writeCheck is the state of the write checks: the world, what the writes created, and the tally.
type writeCheck struct {
	t      *testing.T
	f      *fixture
	w      *world
	r      *rand.Rand
	sys    *access.Actor
	typeID int64
	tagged map[int64]bool     // contacts carrying the tag "Oracle"
	rels   []oracleRel        // relationships created, while both ends exist
	pairs  map[[2]int64]bool  // contact pairs that have, or had, a relationship
	ms     map[int64]int64    // membership → contact
	postal map[string][]int64 // postal code → units it maps to
	tally  map[string][3]int  // op → cases by outcome
	cases  int
}

type oracleRel struct{ id, x, y, by int64 }

// canDo is the oracle of writing: an active user's live grant with the capability covers the contact's home
// unit.
func (w *world) canDo(u oracleUser, c *oracleContact, cap access.Capability, wc *writeCheck) bool {
	if !u.active || c.gone {
		return false
	}
	for _, g := range u.grants {
		if g.revoked || (g.expires != nil && !g.expires.After(wc.f.now)) {
			continue
		}
		if slices.Contains(access.Capabilities(g.role), cap) && w.under(c.home, g.unit) {
			return true
		}
	}
	return false
}

// expect is the outcome the oracle wants for acting on c with cap. Reading by id finds trashed contacts too.
func (wc *writeCheck) expect(u oracleUser, c *oracleContact, cap access.Capability) outcome {
	switch {
	case wc.w.canDo(u, c, cap, wc):
		return allowed
	case !c.gone && wc.w.visible(u, oracleContact{home: c.home, affs: c.affs}, wc.f.now, 0):
		return forbidden
	}
	return notFound
}

// snapshot is every record of a contact as the system actor reads it, "gone" when it no longer exists.
func (wc *writeCheck) snapshot(id int64) string {
	ctx, s := wc.f.ctx, wc.f.svc
	c, err := s.GetContact(ctx, wc.sys, id)
	if errors.Is(err, domain.ErrNotFound) {
		return "gone"
	}
	notes, err1 := s.Notes(ctx, wc.sys, id)
	ms, err2 := s.Memberships(ctx, wc.sys, id)
	rels, err3 := s.Relationships(ctx, wc.sys, id)
	hist, err4 := s.ContactHistory(ctx, wc.sys, id)
	if err := errors.Join(err, err1, err2, err3, err4); err != nil {
		wc.t.Fatal(err)
	}
	b, err := json.Marshal([]any{c, notes, ms, rels, hist})
	if err != nil {
		wc.t.Fatal(err)
	}
	return string(b)
}

// attempt runs one case: do must fail with the error of want and change nothing of the contacts ids, or, when
// want is allowed, succeed and change the first of them.
func (wc *writeCheck) attempt(op string, u oracleUser, want outcome, ids []int64, do func() error) bool {
	wc.t.Helper()
	before := make([]string, len(ids))
	for i, id := range ids {
		before[i] = wc.snapshot(id)
	}
	err := do()
	wc.cases++
	t := wc.tally[op]
	t[want]++
	wc.tally[op] = t
	switch {
	case want == allowed && err != nil:
		wc.t.Fatalf("%s by user %d on %v: oracle allows it, got %v", op, u.id, ids, err)
	case want == notFound && !errors.Is(err, domain.ErrNotFound), want == forbidden && !errors.Is(err, domain.ErrForbidden):
		wc.t.Fatalf("%s by user %d on %v: oracle says %v, got %v", op, u.id, ids, want, err)
	}
	for i, id := range ids {
		same := wc.snapshot(id) == before[i]
		if want != allowed && !same {
			wc.t.Fatalf("%s by user %d on %v (%v) changed contact %d", op, u.id, ids, want, id)
		}
		if want == allowed && i == 0 && same {
			wc.t.Fatalf("%s by user %d on %v succeeded but changed nothing", op, u.id, ids)
		}
	}
	return want == allowed
}

func checkWrites(t *testing.T, f *fixture, w *world, r *rand.Rand) {
	wc := &writeCheck{t: t, f: f, w: w, r: r, sys: f.system(), tagged: map[int64]bool{}, pairs: map[[2]int64]bool{},
		ms: map[int64]int64{}, tally: map[string][3]int{}}
	mt, err := f.svc.SaveMembershipType(f.ctx, wc.sys, 0, domain.MembershipTypeInput{Name: ptr("Member")})
	if err != nil {
		t.Fatal(err)
	}
	wc.typeID = mt.ID
	ops := []func(oracleUser, *access.Actor, *oracleContact){wc.update, wc.move, wc.tag, wc.bulkTag, wc.note,
		wc.trash, wc.addMembership, wc.updateMembership, wc.addRelationship, wc.deleteRelationship, wc.merge, wc.purge}
	for round := range 2 {
		for _, u := range w.users {
			if !u.active {
				continue // cannot sign in at all
			}
			a := f.actor(u.id)
			for i := range 12 {
				ops[(round*12+i)%len(ops)](u, a, wc.pick(u))
			}
		}
	}
	wc.enrichments()
	wc.tagNames()
	t.Logf("%d write cases (allowed, not found, forbidden): %v", wc.cases, wc.tally)
	if wc.cases < 1000 {
		t.Fatalf("only %d write cases; the test must try at least 1,000", wc.cases)
	}
	for _, op := range []string{"update", "tag", "note", "trash", "merge", "enrich districts"} {
		if n := wc.tally[op]; n[allowed] == 0 || n[notFound] == 0 {
			t.Fatalf("%s was never both allowed and refused as not found: %v", op, n)
		}
	}
}

// pick returns a random existing contact, two times in three one the user may edit.
func (wc *writeCheck) pick(u oracleUser) *oracleContact {
	var mine []*oracleContact
	if wc.r.IntN(3) > 0 {
		for i := range wc.w.contacts {
			if c := &wc.w.contacts[i]; wc.w.canDo(u, c, access.WriteContacts, wc) {
				mine = append(mine, c)
			}
		}
	}
	if len(mine) > 0 {
		return mine[wc.r.IntN(len(mine))]
	}
	for {
		if c := &wc.w.contacts[wc.r.IntN(len(wc.w.contacts))]; !c.gone {
			return c
		}
	}
}

// live returns c when it is not in the trash, else another random live contact.
func (wc *writeCheck) live(c *oracleContact) *oracleContact {
	for c.trashed || c.gone {
		c = &wc.w.contacts[wc.r.IntN(len(wc.w.contacts))]
	}
	return c
}

func (wc *writeCheck) update(u oracleUser, a *access.Actor, c *oracleContact) {
	c = wc.live(c)
	cur, err := wc.f.svc.GetContact(wc.f.ctx, wc.sys, c.id)
	if err != nil {
		wc.t.Fatal(err)
	}
	name := randomName(wc.r)
	for name == cur.GivenName {
		name = randomName(wc.r)
	}
	wc.attempt("update", u, wc.expect(u, c, access.WriteContacts), []int64{c.id}, func() error {
		_, err := wc.f.svc.UpdateContact(wc.f.ctx, a, c.id, domain.ContactInput{GivenName: &name})
		return err
	})
}

// move changes the home unit; allowed only when the new unit lies in the user's write scope too, otherwise a
// field error that changes nothing.
func (wc *writeCheck) move(u oracleUser, a *access.Actor, c *oracleContact) {
	c = wc.live(c)
	to := wc.w.units[wc.r.IntN(len(wc.w.units))]
	if to == c.home || slices.Contains(c.affs, to) {
		return
	}
	want := wc.expect(u, c, access.WriteContacts)
	target := &oracleContact{home: to}
	if want == allowed && !wc.w.canDo(u, target, access.WriteContacts, wc) {
		before := wc.snapshot(c.id)
		_, err := wc.f.svc.UpdateContact(wc.f.ctx, a, c.id, domain.ContactInput{HomeUnitID: &to})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Field != "home_unit_id" || wc.snapshot(c.id) != before {
			wc.t.Fatalf("user %d moved contact %d out of their write scope: %v", u.id, c.id, err)
		}
		wc.cases++
		return
	}
	if wc.attempt("move", u, want, []int64{c.id}, func() error {
		_, err := wc.f.svc.UpdateContact(wc.f.ctx, a, c.id, domain.ContactInput{HomeUnitID: &to})
		return err
	}) {
		c.home = to
	}
}

// tag sets or clears the tag "Oracle" on one contact, bulkTag on three at once.
func (wc *writeCheck) tag(u oracleUser, a *access.Actor, c *oracleContact) {
	wc.tagContacts("tag", u, a, []*oracleContact{c})
}

func (wc *writeCheck) bulkTag(u oracleUser, a *access.Actor, c *oracleContact) {
	cs := []*oracleContact{c, wc.pick(u), wc.pick(u)}
	if cs[1] != c && cs[2] != c && cs[1] != cs[2] {
		wc.tagContacts("bulk tag", u, a, cs)
	}
}

// tagContacts checks one tagging request. A contact out of sight fails the whole request and changes none; one
// in sight but not editable, or in the trash, is skipped and counted, without an error.
func (wc *writeCheck) tagContacts(op string, u oracleUser, a *access.Actor, cs []*oracleContact) {
	on := !wc.tagged[cs[0].id]
	ids := make([]int64, len(cs))
	before := map[int64]string{}
	for i, x := range cs {
		ids[i], before[x.id] = x.id, wc.snapshot(x.id)
	}
	changed, skipped, err := wc.f.svc.TagContacts(wc.f.ctx, a, ids, "Oracle", on)
	wc.cases++
	want, wantChanged, wantSkipped := allowed, 0, 0
	change := map[int64]bool{}
	for _, x := range cs {
		switch o := wc.expect(u, x, access.WriteContacts); {
		case o == notFound:
			want = notFound
		case o == forbidden || x.trashed:
			wantSkipped++
		case wc.tagged[x.id] != on:
			wantChanged++
			change[x.id] = true
		}
	}
	if want == notFound {
		clear(change)
		if !errors.Is(err, domain.ErrNotFound) {
			wc.t.Fatalf("%s by user %d of %v with one out of sight: %v", op, u.id, ids, err)
		}
	} else if err != nil || changed != wantChanged || skipped != wantSkipped {
		wc.t.Fatalf("%s by user %d of %v: changed %d skipped %d (%v), oracle %d and %d", op, u.id, ids,
			changed, skipped, err, wantChanged, wantSkipped)
	}
	if want == allowed && wantChanged == 0 {
		want = forbidden // nothing the user may change: count it as refused
	}
	t := wc.tally[op]
	t[want]++
	wc.tally[op] = t
	for _, x := range cs {
		if (wc.snapshot(x.id) != before[x.id]) != change[x.id] {
			wc.t.Fatalf("%s by user %d: contact %d changed: %v, oracle %v", op, u.id, x.id, !change[x.id], change[x.id])
		}
		if change[x.id] {
			wc.tagged[x.id] = on
		}
	}
}

func (wc *writeCheck) note(u oracleUser, a *access.Actor, c *oracleContact) {
	wc.attempt("note", u, wc.expect(u, c, access.WriteContacts), []int64{c.id}, func() error {
		_, err := wc.f.svc.AddNote(wc.f.ctx, a, c.id, "note by "+fmt.Sprint(u.id))
		return err
	})
}

// trash moves a live contact to the trash and takes a trashed one out.
func (wc *writeCheck) trash(u oracleUser, a *access.Actor, c *oracleContact) {
	do := wc.f.svc.TrashContact
	if c.trashed {
		do = wc.f.svc.RestoreContact
	}
	if wc.attempt("trash", u, wc.expect(u, c, access.WriteContacts), []int64{c.id}, func() error {
		return do(wc.f.ctx, a, c.id)
	}) {
		c.trashed = !c.trashed
	}
}

func (wc *writeCheck) addMembership(u oracleUser, a *access.Actor, c *oracleContact) {
	c = wc.live(c)
	var m domain.Membership
	if wc.attempt("membership", u, wc.expect(u, c, access.WriteContacts), []int64{c.id}, func() error {
		var err error
		m, err = wc.f.svc.AddMembership(wc.f.ctx, a, c.id, domain.MembershipInput{TypeID: &wc.typeID,
			StartDate: ptr(domain.Date{Year: 2025, Month: time.Month(1 + wc.r.IntN(12)), Day: 1})})
		return err
	}) {
		wc.ms[m.ID] = c.id
	}
}

// updateMembership changes a period recorded earlier: the scope is its contact's.
func (wc *writeCheck) updateMembership(u oracleUser, a *access.Actor, _ *oracleContact) {
	ids := make([]int64, 0, len(wc.ms))
	for id := range wc.ms {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	m := ids[wc.r.IntN(len(ids))]
	c := wc.contact(wc.ms[m])
	wc.attempt("membership update", u, wc.expect(u, c, access.WriteContacts), []int64{c.id}, func() error {
		_, err := wc.f.svc.UpdateMembership(wc.f.ctx, a, m, domain.MembershipInput{Notes: ptr(randomName(wc.r))})
		return err
	})
}

// addRelationship links an editable contact to one in sight; another contact out of sight is a field error.
func (wc *writeCheck) addRelationship(u oracleUser, a *access.Actor, c *oracleContact) {
	other := wc.pick(u)
	pair := [2]int64{min(c.id, other.id), max(c.id, other.id)}
	if other == c || wc.pairs[pair] {
		return
	}
	want := wc.expect(u, c, access.WriteContacts)
	if want == allowed && wc.expect(u, other, access.ReadContacts) == notFound {
		before := [2]string{wc.snapshot(c.id), wc.snapshot(other.id)}
		_, err := wc.f.svc.AddRelationship(wc.f.ctx, a, c.id, other.id, "related")
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || before != [2]string{wc.snapshot(c.id), wc.snapshot(other.id)} {
			wc.t.Fatalf("user %d linked contact %d to %d out of sight: %v", u.id, c.id, other.id, err)
		}
		wc.cases++
		return
	}
	var r domain.Relationship
	if wc.attempt("relationship", u, want, []int64{c.id, other.id}, func() error {
		var err error
		r, err = wc.f.svc.AddRelationship(wc.f.ctx, a, c.id, other.id, "related")
		return err
	}) {
		wc.pairs[pair] = true
		wc.rels = append(wc.rels, oracleRel{r.ID, c.id, other.id, u.id})
	}
}

// deleteRelationship removes a relationship: both ends in sight, one of them editable.
func (wc *writeCheck) deleteRelationship(u oracleUser, a *access.Actor, _ *oracleContact) {
	// Mostly relationships that others made: the user who just made one may always take it back.
	i := wc.r.IntN(len(wc.rels) + 1)
	for range 5 {
		if i < len(wc.rels) && wc.rels[i].by != u.id {
			break
		}
		i = wc.r.IntN(len(wc.rels) + 1)
	}
	if i == len(wc.rels) {
		return
	}
	rel := wc.rels[i]
	x, y := wc.contact(rel.x), wc.contact(rel.y)
	ex, ey := wc.expect(u, x, access.WriteContacts), wc.expect(u, y, access.WriteContacts)
	want := forbidden
	switch {
	case ex == notFound || ey == notFound:
		want = notFound
	case ex == allowed || ey == allowed:
		want = allowed
	}
	if wc.attempt("relationship delete", u, want, []int64{x.id, y.id}, func() error {
		return wc.f.svc.DeleteRelationship(wc.f.ctx, a, rel.id)
	}) {
		wc.rels = slices.Delete(wc.rels, i, i+1)
	}
}

// merge merges another contact into c: both must be editable; the survivor is checked first.
func (wc *writeCheck) merge(u oracleUser, a *access.Actor, c *oracleContact) {
	c = wc.live(c)
	other := wc.live(wc.pick(u))
	if other == c {
		return
	}
	want := wc.expect(u, c, access.WriteContacts)
	if want == allowed {
		want = wc.expect(u, other, access.WriteContacts)
	}
	if !wc.attempt("merge", u, want, []int64{c.id, other.id}, func() error {
		_, err := wc.f.svc.MergeContacts(wc.f.ctx, a, c.id, other.id, [2]int{}, nil)
		return err
	}) {
		return
	}
	if wc.snapshot(other.id) != "gone" {
		wc.t.Fatalf("merged contact %d still exists", other.id)
	}
	for _, x := range other.affs {
		if x != c.home && !slices.Contains(c.affs, x) {
			c.affs = append(c.affs, x)
		}
	}
	other.gone = true
	wc.tagged[c.id] = wc.tagged[c.id] || wc.tagged[other.id]
	for m, owner := range wc.ms {
		if owner == other.id {
			wc.ms[m] = c.id
		}
	}
	wc.rels = slices.DeleteFunc(wc.rels, func(r oracleRel) bool { return r.x == other.id || r.y == other.id })
	for p := range wc.pairs {
		for _, end := range p {
			if end == other.id {
				wc.pairs[[2]int64{min(c.id, p[0]+p[1]-other.id), max(c.id, p[0]+p[1]-other.id)}] = true
			}
		}
	}
}

// purge deletes a trashed contact for good: admins only.
func (wc *writeCheck) purge(u oracleUser, a *access.Actor, c *oracleContact) {
	if !c.trashed {
		return
	}
	if !wc.attempt("purge", u, wc.expect(u, c, access.PurgeContacts), []int64{c.id}, func() error {
		return wc.f.svc.PurgeContact(wc.f.ctx, a, c.id)
	}) {
		return
	}
	c.gone = true
	for m, owner := range wc.ms {
		if owner == c.id {
			delete(wc.ms, m)
		}
	}
	wc.rels = slices.DeleteFunc(wc.rels, func(r oracleRel) bool { return r.x == c.id || r.y == c.id })
}

func (wc *writeCheck) contact(id int64) *oracleContact {
	for i := range wc.w.contacts {
		if wc.w.contacts[i].id == id {
			return &wc.w.contacts[i]
		}
	}
	wc.t.Fatalf("no contact %d", id)
	return nil
}

// enrichments maps postal codes to random units, then lets users reassign home units from postal codes and set
// the electoral districts over their whole scope. Every contact of the world is a case: it must end exactly as
// the oracle computes from its state before, and contacts the user may not edit must not change at all.
func (wc *writeCheck) enrichments() {
	wc.postal = map[string][]int64{}
	for i, code := range oraclePostalCodes(wc.t) {
		if i%4 == 3 {
			continue // a quarter of the codes map to no unit
		}
		for range 1 + wc.r.IntN(2) {
			unit := wc.w.units[wc.r.IntN(len(wc.w.units))]
			if slices.Contains(wc.postal[code], unit) {
				continue
			}
			if err := wc.f.svc.AddPostalCodes(wc.f.ctx, wc.sys, unit, []domain.PostalMapping{{PostalCode: code}}); err != nil {
				wc.t.Fatal(err)
			}
			wc.postal[code] = append(wc.postal[code], unit)
		}
	}
	// Two users who may edit some contacts, and one at random.
	var writers []oracleUser
	for _, u := range wc.w.users {
		if slices.ContainsFunc(wc.w.contacts, func(c oracleContact) bool { return wc.w.canDo(u, &c, access.WriteContacts, wc) }) {
			writers = append(writers, u)
		}
	}
	wc.r.Shuffle(len(writers), func(i, j int) { writers[i], writers[j] = writers[j], writers[i] })
	users := append(writers[:min(2, len(writers))], wc.w.users[wc.r.IntN(len(wc.w.users))])
	for _, u := range users {
		if !u.active {
			continue
		}
		wc.enrich(u, "home units", wc.wantHome)
		wc.enrich(u, "districts", wc.wantDistrict)
	}
}

// enrich runs one enrichment as u and compares every contact with want(u, contact before, oracle contact):
// the contact's expected home unit and district, or nil when it must not change at all.
func (wc *writeCheck) enrich(u oracleUser, kind string, want func(oracleUser, *domain.Contact, *oracleContact) *domain.Contact) {
	a := wc.f.actor(u.id)
	// An enrichment writes a contact's row (its version), its lists and attributes: the record as read shows
	// any of it.
	before := map[int64]*domain.Contact{}
	snaps := map[int64]string{}
	for i := range wc.w.contacts {
		if c := &wc.w.contacts[i]; !c.gone {
			before[c.id], snaps[c.id] = wc.record(c.id)
		}
	}
	var err error
	if kind == "home units" {
		_, err = wc.f.svc.ReassignHomeUnits(wc.f.ctx, a, false)
	} else {
		_, err = wc.f.svc.SetElectoralDistricts(wc.f.ctx, a, false)
	}
	if err != nil {
		wc.t.Fatalf("%s by user %d: %v", kind, u.id, err)
	}
	t := wc.tally["enrich "+kind]
	for i := range wc.w.contacts {
		c := &wc.w.contacts[i]
		if c.gone {
			continue
		}
		wc.cases++
		exp := want(u, before[c.id], c)
		got, snap := wc.record(c.id)
		if exp == nil {
			if o := wc.expect(u, c, access.WriteContacts); o != allowed {
				t[o]++ // out of the user's reach: must stay as it was
			}
			if snap != snaps[c.id] {
				wc.t.Fatalf("%s by user %d changed contact %d, which the oracle leaves alone", kind, u.id, c.id)
			}
			continue
		}
		t[allowed]++
		if got.HomeUnit.ID != exp.HomeUnit.ID || got.Attributes[districtAttr] != exp.Attributes[districtAttr] {
			wc.t.Fatalf("%s by user %d: contact %d has unit %d and district %q, oracle %d and %q", kind, u.id, c.id,
				got.HomeUnit.ID, got.Attributes[districtAttr], exp.HomeUnit.ID, exp.Attributes[districtAttr])
		}
		c.home = exp.HomeUnit.ID
	}
	wc.tally["enrich "+kind] = t
}

// record reads a contact as the system actor, with its JSON.
func (wc *writeCheck) record(id int64) (*domain.Contact, string) {
	c, err := wc.f.svc.GetContact(wc.f.ctx, wc.sys, id)
	if err != nil {
		wc.t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		wc.t.Fatal(err)
	}
	return c, string(b)
}

const districtAttr = "bundestag_wahlkreis_2025"

// primaryPostal is the postal code of a contact's primary address, "" without one.
func primaryPostal(c *domain.Contact) (code, country string) {
	for _, ad := range c.Addresses {
		if ad.Primary {
			return ad.PostalCode, ad.Country
		}
	}
	return "", ""
}

// wantHome is the oracle of reassigning home units: a live contact the user may edit whose postal code maps to
// exactly one unit in the user's write scope, other than its home, moves there.
func (wc *writeCheck) wantHome(u oracleUser, c *domain.Contact, oc *oracleContact) *domain.Contact {
	code, _ := primaryPostal(c)
	if c.DeletedAt != nil || code == "" || !wc.w.canDo(u, oc, access.WriteContacts, wc) {
		return nil
	}
	var targets []int64
	for _, unit := range wc.postal[code] {
		if wc.w.canDo(u, &oracleContact{home: unit}, access.WriteContacts, wc) {
			targets = append(targets, unit)
		}
	}
	if len(targets) != 1 || targets[0] == c.HomeUnit.ID {
		return nil
	}
	return &domain.Contact{HomeUnit: domain.UnitRef{ID: targets[0]}, Attributes: c.Attributes}
}

// wantDistrict is the oracle of the electoral districts: a live contact the user may edit with a German
// postal code of the table gets its constituency.
func (wc *writeCheck) wantDistrict(u oracleUser, c *domain.Contact, oc *oracleContact) *domain.Contact {
	d, _, _ := geodata.ElectoralDistricts("de")
	code, country := primaryPostal(c)
	v, ok := d.ByPostal[code]
	if c.DeletedAt != nil || !ok || country != "DE" && country != "" || c.Attributes[districtAttr] == v ||
		!wc.w.canDo(u, oc, access.WriteContacts, wc) {
		return nil
	}
	return &domain.Contact{HomeUnit: c.HomeUnit, Attributes: map[string]string{districtAttr: v}}
}

// tagNames checks the tag suggestions: a user is offered "Oracle" exactly when a contact they can see carries
// it.
func (wc *writeCheck) tagNames() {
	for _, u := range wc.w.users {
		if !u.active {
			continue
		}
		want := false
		for i := range wc.w.contacts {
			c := &wc.w.contacts[i]
			want = want || wc.tagged[c.id] && !c.gone && wc.w.visible(u, oracleContact{home: c.home, affs: c.affs}, wc.f.now, 0)
		}
		names, err := wc.f.svc.Tags(wc.f.ctx, wc.f.actor(u.id))
		if err != nil || slices.Contains(names, "Oracle") != want {
			wc.t.Fatalf("user %d is offered tags %v (%v); oracle: Oracle %v", u.id, names, err, want)
		}
		wc.cases++
	}
}
