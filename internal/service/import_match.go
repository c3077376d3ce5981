package service

import (
	"context"
	"hash/maphash"
	"slices"
	"sort"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// matcher finds likely duplicates among contacts by the weighted rules. It holds hashes, not text: per
// contact a 20-byte record of the compared fields, and blocking keys (e-mail, member number, external id,
// organization name, family+given name, family name+postal code, postal code+street) as 64-bit hashes with a
// reference to the record, sorted, that lead from a contact to the candidates worth scoring — 12 bytes a key.
// A million contacts take about 90 MB.
type matcher struct {
	rules domain.DedupeRules
	seed  maphash.Seed
	ids   []int64       // record → contact id; a negative id is the file line of a row this import creates
	recs  []matchRecord // record → compared fields
	more  map[int32][]place
	runs  []keyRun // runs[0]: the stored contacts' keys; later runs: keys this import added, merged as they grow
}

// keyRun is a sorted run of blocking keys: hash and record<<3|kind.
type keyRun struct {
	hashes []uint64
	refs   []uint32
}

func (k *keyRun) Len() int           { return len(k.hashes) }
func (k *keyRun) Less(i, j int) bool { return k.hashes[i] < k.hashes[j] }
func (k *keyRun) Swap(i, j int) {
	k.hashes[i], k.hashes[j] = k.hashes[j], k.hashes[i]
	k.refs[i], k.refs[j] = k.refs[j], k.refs[i]
}

func (k *keyRun) add(h uint64, rec int32, kind uint8) {
	k.hashes = append(k.hashes, h)
	k.refs = append(k.refs, uint32(rec)<<3|uint32(kind))
}

// matchRecord holds the compared fields of a contact as 32-bit hashes (0: empty) and its first address.
type matchRecord struct {
	given, family, org uint32
	birth              int32 // days since year 0, 0 when unknown
	home               place
}

type place struct{ postal, street uint32 }

// Kinds of blocking key (at most 8: the kind takes three bits of a key's reference).
const (
	keyEmail uint8 = iota
	keyMember
	keyExternal
	keyFamilyGiven
	keyFamilyPostal
	keyPostalStreet
	keyOrgName
)

// matchProbe is a contact in the matcher's terms.
type matchProbe struct {
	given, family string
	org           string // organizations and households
	birth         domain.Date
	member        string
	emails        []string // folded
	externals     []string // system + "\x00" + value
	postals       []string
	streets       []string // folded, parallel to postals
}

func probeOf(c *domain.Contact) matchProbe {
	p := matchProbe{given: domain.Fold(c.GivenName), family: domain.Fold(c.FamilyName), birth: c.BirthDate,
		member: c.MemberNumber}
	if c.Kind != domain.KindPerson {
		p.org = domain.Fold(c.OrgName)
	}
	for _, e := range c.Emails {
		p.emails = append(p.emails, domain.Fold(e.Address))
	}
	for _, x := range c.ExternalIDs {
		p.externals = append(p.externals, x.System+"\x00"+x.Value)
	}
	for _, a := range c.Addresses {
		if a.PostalCode != "" {
			p.postals = append(p.postals, a.PostalCode)
			p.streets = append(p.streets, domain.Fold(a.Street))
		}
	}
	return p
}

func (m *matcher) h64(kind uint8, parts ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteByte(kind)
	for _, p := range parts {
		h.WriteString(p)
		h.WriteByte(0)
	}
	return h.Sum64()
}

func (m *matcher) h32(s string) uint32 {
	if s == "" {
		return 0
	}
	return uint32(maphash.String(m.seed, s)) | 1 // never 0: 0 means "empty"
}

// familyPostal is the blocking key of a family name (by its hash) at a postal code.
func (m *matcher) familyPostal(family uint32, postal string) uint64 {
	return m.h64(keyFamilyPostal, postal, string([]byte{byte(family), byte(family >> 8), byte(family >> 16), byte(family >> 24)}))
}

func daysOf(d domain.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year*372 + int(d.Month)*31 + d.Day)
}

// places returns a record's addresses.
func (m *matcher) places(rec int32) []place {
	if m.recs[rec].home.postal == 0 {
		return nil
	}
	return append([]place{m.recs[rec].home}, m.more[rec]...)
}

func (m *matcher) addPlace(rec int32, p place) {
	if m.recs[rec].home.postal == 0 {
		m.recs[rec].home = p
		return
	}
	m.more[rec] = append(m.more[rec], p)
}

// newMatcher loads the index of the contacts visible to scope.
func (s *Service) newMatcher(ctx context.Context, scope access.Scope, rules domain.DedupeRules) (*matcher, error) {
	m := &matcher{rules: rules, seed: maphash.MakeSeed(), more: map[int32][]place{}, runs: []keyRun{{}}}
	r := s.st.Read()
	keys := &m.runs[0]
	// The records arrive ordered by id, so that the lists below find theirs by binary search.
	err := r.EachMatchRecord(ctx, scope, func(c store.MatchRecord) error {
		rec := int32(len(m.ids))
		given, family, org := domain.Fold(c.GivenName), domain.Fold(c.FamilyName), domain.Fold(c.OrgName)
		m.ids = append(m.ids, c.ID)
		m.recs = append(m.recs, matchRecord{given: m.h32(given), family: m.h32(family), org: m.h32(org), birth: daysOf(c.BirthDate)})
		if org != "" {
			keys.add(m.h64(keyOrgName, org), rec, keyOrgName)
		}
		if c.MemberNumber != "" {
			keys.add(m.h64(keyMember, c.MemberNumber), rec, keyMember)
		}
		if family != "" && given != "" {
			keys.add(m.h64(keyFamilyGiven, family, given), rec, keyFamilyGiven)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	find := func(id int64) int32 {
		i, ok := slices.BinarySearch(m.ids, id)
		if !ok {
			return -1
		}
		return int32(i)
	}
	err = r.EachMatchList(ctx, scope, store.MatchListEmails, func(id int64, v, _ string) error {
		if rec := find(id); rec >= 0 {
			keys.add(m.h64(keyEmail, v), rec, keyEmail)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.EachMatchList(ctx, scope, store.MatchListExternalIDs, func(id int64, sys, v string) error {
		if rec := find(id); rec >= 0 {
			keys.add(m.h64(keyExternal, sys+"\x00"+v), rec, keyExternal)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.EachMatchList(ctx, scope, store.MatchListAddresses, func(id int64, postal, street string) error {
		rec := find(id)
		if rec < 0 || postal == "" {
			return nil
		}
		street = domain.Fold(street)
		m.addPlace(rec, place{m.h32(postal), m.h32(street)})
		if f := m.recs[rec].family; f != 0 {
			keys.add(m.familyPostal(f, postal), rec, keyFamilyPostal)
		}
		if street != "" {
			keys.add(m.h64(keyPostalStreet, postal, street), rec, keyPostalStreet)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Sort(keys)
	return m, nil
}

// lookup adds the records under one hashed key to found, with the kinds of key that led there.
func (m *matcher) lookup(h uint64, found map[int32]uint8) {
	for r := range m.runs {
		run := &m.runs[r]
		i, _ := slices.BinarySearch(run.hashes, h)
		for ; i < len(run.hashes) && run.hashes[i] == h; i++ {
			found[int32(run.refs[i]>>3)] |= 1 << (run.refs[i] & 7)
		}
	}
}

// best returns the contact that p most likely duplicates, with its score; 0 when none reaches the threshold.
// A negative id is an earlier row of this import. Ties go to the lowest id.
func (m *matcher) best(p matchProbe) (int64, int) {
	found := map[int32]uint8{}
	if p.member != "" {
		m.lookup(m.h64(keyMember, p.member), found)
	}
	for _, e := range p.emails {
		m.lookup(m.h64(keyEmail, e), found)
	}
	for _, x := range p.externals {
		m.lookup(m.h64(keyExternal, x), found)
	}
	if p.family != "" && p.given != "" {
		m.lookup(m.h64(keyFamilyGiven, p.family, p.given), found)
	}
	if p.org != "" {
		m.lookup(m.h64(keyOrgName, p.org), found)
	}
	probe := matchRecord{given: m.h32(p.given), family: m.h32(p.family), org: m.h32(p.org), birth: daysOf(p.birth)}
	var places []place
	for i, pc := range p.postals {
		places = append(places, place{m.h32(pc), m.h32(p.streets[i])})
		if p.streets[i] != "" {
			m.lookup(m.h64(keyPostalStreet, pc, p.streets[i]), found)
		}
		if probe.family != 0 {
			m.lookup(m.familyPostal(probe.family, pc), found)
		}
	}
	var bestID int64
	bestScore := 0
	for rec, kinds := range found {
		score := m.rules.Score(m.agreement(kinds, probe, places, m.recs[rec], m.places(rec)))
		id := m.ids[rec]
		if score >= m.rules.Threshold && (score > bestScore || score == bestScore && id < bestID) {
			bestID, bestScore = id, score
		}
	}
	return bestID, bestScore
}

// agreement lists the fields on which two contacts agree, given the kinds of blocking key they share.
func (m *matcher) agreement(kinds uint8, a matchRecord, ap []place, b matchRecord, bp []place) []string {
	var out []string
	for _, f := range []struct {
		kind  uint8
		field string
	}{{keyEmail, domain.MatchEmail}, {keyMember, domain.MatchMemberNumber}, {keyExternal, domain.MatchExternalID},
		{keyOrgName, domain.MatchOrgName}} {
		if kinds&(1<<f.kind) != 0 {
			out = append(out, f.field)
		}
	}
	if a.given != 0 && a.given == b.given {
		out = append(out, domain.MatchGivenName)
	}
	if a.family != 0 && a.family == b.family {
		out = append(out, domain.MatchFamilyName)
	}
	if a.birth != 0 && a.birth == b.birth {
		out = append(out, domain.MatchBirthDate)
	}
	samePostal, sameStreet := false, false
	for _, x := range ap {
		for _, y := range bp {
			if x.postal == y.postal {
				samePostal = true
				sameStreet = sameStreet || x.street != 0 && x.street == y.street
			}
		}
	}
	if samePostal {
		out = append(out, domain.MatchPostalCode)
	}
	if sameStreet {
		out = append(out, domain.MatchStreet)
	}
	return out
}

// add puts a contact the import is about to create into the index under id (minus its file line), so that
// later rows of the same file find it.
func (m *matcher) add(id int64, p matchProbe) {
	rec := int32(len(m.ids))
	m.ids = append(m.ids, id)
	m.recs = append(m.recs, matchRecord{given: m.h32(p.given), family: m.h32(p.family), org: m.h32(p.org), birth: daysOf(p.birth)})
	var run keyRun
	for i := range p.postals {
		m.addPlace(rec, place{m.h32(p.postals[i]), m.h32(p.streets[i])})
		if p.streets[i] != "" {
			run.add(m.h64(keyPostalStreet, p.postals[i], p.streets[i]), rec, keyPostalStreet)
		}
		if f := m.recs[rec].family; f != 0 {
			run.add(m.familyPostal(f, p.postals[i]), rec, keyFamilyPostal)
		}
	}
	if p.org != "" {
		run.add(m.h64(keyOrgName, p.org), rec, keyOrgName)
	}
	if p.member != "" {
		run.add(m.h64(keyMember, p.member), rec, keyMember)
	}
	for _, e := range p.emails {
		run.add(m.h64(keyEmail, e), rec, keyEmail)
	}
	for _, x := range p.externals {
		run.add(m.h64(keyExternal, x), rec, keyExternal)
	}
	if p.family != "" && p.given != "" {
		run.add(m.h64(keyFamilyGiven, p.family, p.given), rec, keyFamilyGiven)
	}
	sort.Sort(&run)
	m.runs = append(m.runs, run)
	// Runs of this import merge while the last is at least as long as the one before, so that a lookup
	// searches few runs; the loaded run stays apart.
	for n := len(m.runs); n > 2 && m.runs[n-1].Len() >= m.runs[n-2].Len(); n = len(m.runs) {
		m.runs[n-2] = mergeRuns(m.runs[n-2], m.runs[n-1])
		m.runs = m.runs[:n-1]
	}
}

func mergeRuns(a, b keyRun) keyRun {
	out := keyRun{hashes: make([]uint64, 0, a.Len()+b.Len()), refs: make([]uint32, 0, a.Len()+b.Len())}
	i, j := 0, 0
	for i < a.Len() || j < b.Len() {
		if j == b.Len() || i < a.Len() && a.hashes[i] <= b.hashes[j] {
			out.hashes, out.refs = append(out.hashes, a.hashes[i]), append(out.refs, a.refs[i])
			i++
		} else {
			out.hashes, out.refs = append(out.hashes, b.hashes[j]), append(out.refs, b.refs[j])
			j++
		}
	}
	return out
}
