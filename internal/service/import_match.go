package service

import (
	"context"
	"hash/maphash"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// matcher finds likely duplicates among contacts by the weighted rules. It holds hashes, not text: per
// contact a 20-byte record of the compared fields, and blocking keys (e-mail, member number, external id,
// organization name, family+given name, family name+postal code, postal code+street, family name+street) as
// 64-bit hashes with a
// reference to the record, that lead from a contact to the candidates worth scoring: sorted runs of 12 bytes
// a key, one for the stored contacts and one for the rows this import creates (filled from a small hash
// table of the latest). A million contacts take about 80 MB.
type matcher struct {
	rules   domain.DedupeRules
	weights [agreeFieldCount]int // rules.Weights by agreement bit
	seed    maphash.Seed
	ids     []int64       // record → contact id; a negative id is the file line of a row this import creates
	recs    []matchRecord // record → compared fields
	more    map[int32][]place
	base    keyRun   // the stored contacts' keys
	added   keyRun   // keys of the rows this import creates, merged from recent when it fills
	recent  keyTable // the latest of those keys
	nameKey bool     // family+given name is a blocking key: the rules can match on name and birth date alone
	found   []uint32 // scratch: references found by one probe
	scratch []uint32
	places  []place // scratch: one record's places
}

// matchRecord holds the compared fields of a contact as 32-bit hashes (0: empty) and its first address.
type matchRecord struct {
	given, family, org uint32
	birth              int32 // days since year 0, 0 when unknown
	home               place
}

// place is an address by the hashes of its postal code and street; either may be 0 (missing), not both.
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
	keyFamilyStreet // for addresses without a postal code, as CiviCRM's "Name and Address" rule compares them
)

// matchProbe is a contact in the matcher's terms.
type matchProbe struct {
	given, family string
	org           string // organizations and households
	birth         domain.Date
	member        string
	emails        []string // folded
	externals     []string // system + "\x00" + value
	postals       []string // "" for an address with a street but no postal code
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
		if street := domain.Fold(a.Street); a.PostalCode != "" || street != "" {
			p.postals = append(p.postals, a.PostalCode)
			p.streets = append(p.streets, street)
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
	return max(h.Sum64(), 1) // never 0: keyTable's empty slot
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

// familyStreet is the blocking key of a family name (by its hash) in a street (folded), whatever the postal
// code: it leads to the people of the same name and street when one of them has no postal code.
func (m *matcher) familyStreet(family uint32, street string) uint64 {
	return m.h64(keyFamilyStreet, street, string([]byte{byte(family), byte(family >> 8), byte(family >> 16), byte(family >> 24)}))
}

// placeKeys calls add with the blocking keys of an address of a record with the given family-name hash.
func (m *matcher) placeKeys(family uint32, postal, street string, add func(h uint64, kind uint8)) {
	if postal != "" && street != "" {
		add(m.h64(keyPostalStreet, postal, street), keyPostalStreet)
	}
	if family == 0 {
		return
	}
	if postal != "" {
		add(m.familyPostal(family, postal), keyFamilyPostal)
	}
	if street != "" {
		add(m.familyStreet(family, street), keyFamilyStreet)
	}
}

func daysOf(d domain.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year*372 + int(d.Month)*31 + d.Day)
}

// placesOf appends a record's addresses to buf.
func (m *matcher) placesOf(buf []place, rec int32) []place {
	if m.recs[rec].home == (place{}) {
		return buf
	}
	return append(append(buf, m.recs[rec].home), m.more[rec]...)
}

func (m *matcher) addPlace(rec int32, p place) {
	if m.recs[rec].home == (place{}) {
		m.recs[rec].home = p
		return
	}
	m.more[rec] = append(m.more[rec], p)
}

// newMatcher loads the index of the contacts visible to scope.
func (s *Service) newMatcher(ctx context.Context, scope access.Scope, rules domain.DedupeRules, skip []int64) (*matcher, error) {
	m := &matcher{rules: rules, seed: maphash.MakeSeed(), more: map[int32][]place{}}
	for i, f := range agreeFields() {
		m.weights[i] = rules.Weights[f]
	}
	// A pair that shares no key but family+given name can agree on given and family name and birth date.
	m.nameKey = rules.Weights[domain.MatchGivenName]+rules.Weights[domain.MatchFamilyName]+rules.Weights[domain.MatchBirthDate] >= rules.Threshold
	r := s.st.Read()
	keys := &m.base
	// The records arrive ordered by id, so that the lists below find theirs by binary search.
	err := r.EachMatchRecord(ctx, scope, func(c store.MatchRecord) error {
		if _, found := slices.BinarySearch(skip, c.ID); found {
			return nil
		}
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
		if m.nameKey && family != "" && given != "" {
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
		street = domain.Fold(street)
		if rec < 0 || postal == "" && street == "" {
			return nil
		}
		m.addPlace(rec, place{m.h32(postal), m.h32(street)})
		m.placeKeys(m.recs[rec].family, postal, street, func(h uint64, kind uint8) { keys.add(h, rec, kind) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	keys.seal()
	return m, nil
}

// lookup adds the references of the keys equal to h to m.found, unless more than maxBlock records share it.
func (m *matcher) lookup(h uint64) {
	n := len(m.found)
	var common bool
	if m.found, common = m.refs(h, m.found); common {
		m.found = m.found[:n]
	}
}

// refs appends the references of the keys equal to h to out, and reports whether more than maxBlock records
// share it.
func (m *matcher) refs(h uint64, out []uint32) (_ []uint32, common bool) {
	n := len(out)
	if out, common = m.base.find(h, out); !common {
		out, _ = m.added.find(h, out)
		out = m.recent.find(h, out)
	}
	return out, common || len(out)-n > maxBlock
}

// addKey adds a key of a row this import creates, unless more than maxBlock records share it already.
func (m *matcher) addKey(h uint64, rec int32, kind uint8) {
	var common bool
	if m.scratch, common = m.refs(h, m.scratch[:0]); common {
		return
	}
	m.recent.add(h, uint32(rec)<<3|uint32(kind))
}

// best returns the contact that p most likely duplicates, with its score; 0 when none reaches the threshold.
// A negative id is an earlier row of this import. Ties go to the lowest id.
func (m *matcher) best(p matchProbe) (int64, int) {
	m.found = m.found[:0]
	if p.member != "" {
		m.lookup(m.h64(keyMember, p.member))
	}
	for _, e := range p.emails {
		m.lookup(m.h64(keyEmail, e))
	}
	for _, x := range p.externals {
		m.lookup(m.h64(keyExternal, x))
	}
	if m.nameKey && p.family != "" && p.given != "" {
		m.lookup(m.h64(keyFamilyGiven, p.family, p.given))
	}
	if p.org != "" {
		m.lookup(m.h64(keyOrgName, p.org))
	}
	probe := matchRecord{given: m.h32(p.given), family: m.h32(p.family), org: m.h32(p.org), birth: daysOf(p.birth)}
	var places []place
	for i, pc := range p.postals {
		places = append(places, place{m.h32(pc), m.h32(p.streets[i])})
		m.placeKeys(probe.family, pc, p.streets[i], func(h uint64, _ uint8) { m.lookup(h) })
	}
	// A reference is record<<3|kind: sorted, the keys that lead to one record are next to each other.
	slices.Sort(m.found)
	var bestID int64
	bestScore := 0
	for i := 0; i < len(m.found); {
		rec := int32(m.found[i] >> 3)
		var kinds uint8
		for ; i < len(m.found) && int32(m.found[i]>>3) == rec; i++ {
			kinds |= 1 << (m.found[i] & 7)
		}
		m.places = m.placesOf(m.places[:0], rec)
		score := m.score(m.agree(kinds, probe, places, m.recs[rec], m.places))
		id := m.ids[rec]
		if score >= m.rules.Threshold && (score > bestScore || score == bestScore && id < bestID) {
			bestID, bestScore = id, score
		}
	}
	return bestID, bestScore
}

// agreeFields lists the fields of an agreement by bit.
func agreeFields() [agreeFieldCount]string {
	return [agreeFieldCount]string{domain.MatchEmail, domain.MatchMemberNumber, domain.MatchExternalID,
		domain.MatchOrgName, domain.MatchGivenName, domain.MatchFamilyName, domain.MatchBirthDate,
		domain.MatchPostalCode, domain.MatchStreet}
}

// Agreement bits: the first four are the kinds of blocking key that agree on the field itself.
const (
	agreeEmail = 1 << iota
	agreeMember
	agreeExternal
	agreeOrg
	agreeGiven
	agreeFamily
	agreeBirth
	agreePostal
	agreeStreet
	agreeFieldCount = iota
)

// agree returns the fields on which two contacts agree, as agreement bits, given the kinds of blocking key
// they share.
func (m *matcher) agree(kinds uint8, a matchRecord, ap []place, b matchRecord, bp []place) uint16 {
	var out uint16
	for i, kind := range [...]uint8{keyEmail, keyMember, keyExternal, keyOrgName} {
		if kinds&(1<<kind) != 0 {
			out |= 1 << i
		}
	}
	if a.given != 0 && a.given == b.given {
		out |= agreeGiven
	}
	if a.family != 0 && a.family == b.family {
		out |= agreeFamily
	}
	if a.birth != 0 && a.birth == b.birth {
		out |= agreeBirth
	}
	// The street counts at the same postal code, or where one of the two addresses has none (CiviCRM compares
	// the street alone); two different postal codes make the same street name another street.
	for _, x := range ap {
		for _, y := range bp {
			samePostal := x.postal != 0 && x.postal == y.postal
			if samePostal {
				out |= agreePostal
			}
			if x.street != 0 && x.street == y.street && (samePostal || x.postal == 0 || y.postal == 0) {
				out |= agreeStreet
			}
		}
	}
	return out
}

// score adds the weights of the agreeing fields.
func (m *matcher) score(agree uint16) int {
	s := 0
	for i, w := range m.weights {
		if agree&(1<<i) != 0 {
			s += w
		}
	}
	return s
}

// agreement lists the fields on which two stored records agree, given the kinds of blocking key they share.
func (m *matcher) agreement(kinds uint8, a, b int32) []string {
	bits := m.agree(kinds, m.recs[a], m.placesOf(nil, a), m.recs[b], m.placesOf(nil, b))
	var out []string
	for i, f := range agreeFields() {
		if bits&(1<<i) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// add puts a contact the import is about to create into the index under id (minus its file line), so that
// later rows of the same file find it.
func (m *matcher) add(id int64, p matchProbe) {
	rec := int32(len(m.ids))
	m.ids = append(m.ids, id)
	m.recs = append(m.recs, matchRecord{given: m.h32(p.given), family: m.h32(p.family), org: m.h32(p.org), birth: daysOf(p.birth)})
	for i := range p.postals {
		m.addPlace(rec, place{m.h32(p.postals[i]), m.h32(p.streets[i])})
		m.placeKeys(m.recs[rec].family, p.postals[i], p.streets[i], func(h uint64, kind uint8) { m.addKey(h, rec, kind) })
	}
	if p.org != "" {
		m.addKey(m.h64(keyOrgName, p.org), rec, keyOrgName)
	}
	if p.member != "" {
		m.addKey(m.h64(keyMember, p.member), rec, keyMember)
	}
	for _, e := range p.emails {
		m.addKey(m.h64(keyEmail, e), rec, keyEmail)
	}
	for _, x := range p.externals {
		m.addKey(m.h64(keyExternal, x), rec, keyExternal)
	}
	if m.nameKey && p.family != "" && p.given != "" {
		m.addKey(m.h64(keyFamilyGiven, p.family, p.given), rec, keyFamilyGiven)
	}
	if m.recent.full() {
		m.added.merge(m.recent.drain())
	}
}
