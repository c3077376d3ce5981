package service

import (
	"context"
	"hash/maphash"
	"slices"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// matcher finds likely duplicates of incoming contacts among the contacts in a scope, by the weighted rules.
// It holds compact hashes, not text: a record per contact with its name parts and birth date, and sorted
// blocking keys (e-mail, member number, external id, family+given name, family name+postal code, postal
// code+street) that lead from an incoming contact to the candidates worth scoring. A million contacts take
// about 80 MB.
type matcher struct {
	rules   domain.DedupeRules
	seed    maphash.Seed
	records map[int64]matchRecord
	keys    []blockKey            // the stored contacts' keys, sorted by hash
	added   map[uint64][]addedKey // keys of the records this import is creating
}

type matchRecord struct {
	given, family uint32
	org           uint32 // organization or household name
	birth         int32  // days since year 0, 0 when unknown
	postal        []uint32
	street        []uint32
}

// blockKey leads from a hashed key to a contact; kind says which field agreed.
type blockKey struct {
	hash uint64
	id   int64
	kind uint8
}

type addedKey struct {
	id   int64
	kind uint8
}

// Kinds of blocking key.
const (
	keyEmail uint8 = iota
	keyMember
	keyExternal
	keyFamilyGiven
	keyFamilyPostal
	keyPostalStreet
	keyOrgName
)

// matchProbe is an incoming contact in the matcher's terms.
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

func daysOf(d domain.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year*372 + int(d.Month)*31 + d.Day)
}

// newMatcher loads the index of the contacts visible to scope.
func (s *Service) newMatcher(ctx context.Context, scope access.Scope, rules domain.DedupeRules) (*matcher, error) {
	m := &matcher{rules: rules, seed: maphash.MakeSeed(), records: map[int64]matchRecord{}, added: map[uint64][]addedKey{}}
	r := s.st.Read()
	err := r.EachMatchRecord(ctx, scope, func(c store.MatchRecord) error {
		given, family := domain.Fold(c.GivenName), domain.Fold(c.FamilyName)
		org := domain.Fold(c.OrgName)
		m.records[c.ID] = matchRecord{given: m.h32(given), family: m.h32(family), birth: daysOf(c.BirthDate), org: m.h32(org)}
		if org != "" {
			m.keys = append(m.keys, blockKey{m.h64(keyOrgName, org), c.ID, keyOrgName})
		}
		if c.MemberNumber != "" {
			m.keys = append(m.keys, blockKey{m.h64(keyMember, c.MemberNumber), c.ID, keyMember})
		}
		if family != "" && given != "" {
			m.keys = append(m.keys, blockKey{m.h64(keyFamilyGiven, family, given), c.ID, keyFamilyGiven})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.EachMatchList(ctx, scope, store.MatchListEmails, func(id int64, v, _ string) error {
		m.keys = append(m.keys, blockKey{m.h64(keyEmail, v), id, keyEmail})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.EachMatchList(ctx, scope, store.MatchListExternalIDs, func(id int64, sys, v string) error {
		m.keys = append(m.keys, blockKey{m.h64(keyExternal, sys+"\x00"+v), id, keyExternal})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.EachMatchList(ctx, scope, store.MatchListAddresses, func(id int64, postal, street string) error {
		rec, ok := m.records[id]
		if !ok || postal == "" {
			return nil
		}
		street = domain.Fold(street)
		rec.postal = append(rec.postal, m.h32(postal))
		rec.street = append(rec.street, m.h32(street))
		m.records[id] = rec
		if rec.family != 0 {
			m.keys = append(m.keys, blockKey{m.familyPostal(rec.family, postal), id, keyFamilyPostal})
		}
		if street != "" {
			m.keys = append(m.keys, blockKey{m.h64(keyPostalStreet, postal, street), id, keyPostalStreet})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.sortKeys()
	return m, nil
}

func (m *matcher) sortKeys() {
	slices.SortFunc(m.keys, func(a, b blockKey) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
}

// familyPostal is the blocking key of a family name (by its hash) at a postal code.
func (m *matcher) familyPostal(family uint32, postal string) uint64 {
	return m.h64(keyFamilyPostal, postal, string([]byte{byte(family), byte(family >> 8), byte(family >> 16), byte(family >> 24)}))
}

// lookup appends the contacts under one hashed key.
func (m *matcher) lookup(h uint64, found map[int64]uint8) {
	i, _ := slices.BinarySearchFunc(m.keys, h, func(k blockKey, h uint64) int {
		switch {
		case k.hash < h:
			return -1
		case k.hash > h:
			return 1
		}
		return 0
	})
	for ; i < len(m.keys) && m.keys[i].hash == h; i++ {
		found[m.keys[i].id] |= 1 << m.keys[i].kind
	}
	for _, k := range m.added[h] {
		found[k.id] |= 1 << k.kind
	}
}

// best returns the contact that p most likely duplicates, with its score; 0 when none reaches the threshold.
// Ties go to the lowest id, so that the answer does not depend on map order.
func (m *matcher) best(p matchProbe) (int64, int) {
	found := map[int64]uint8{}
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
	given, family, birth := m.h32(p.given), m.h32(p.family), daysOf(p.birth)
	for i, pc := range p.postals {
		if p.streets[i] != "" {
			m.lookup(m.h64(keyPostalStreet, pc, p.streets[i]), found)
		}
		if family != 0 {
			m.lookup(m.familyPostal(family, pc), found)
		}
	}
	var bestID int64
	bestScore := 0
	postals := make([]uint32, len(p.postals))
	streets := make([]uint32, len(p.postals))
	for i := range p.postals {
		postals[i], streets[i] = m.h32(p.postals[i]), m.h32(p.streets[i])
	}
	for id, kinds := range found {
		rec := m.records[id]
		score := 0
		w := m.rules.Weights
		if kinds&(1<<keyEmail) != 0 {
			score += w[domain.MatchEmail]
		}
		if kinds&(1<<keyMember) != 0 {
			score += w[domain.MatchMemberNumber]
		}
		if kinds&(1<<keyExternal) != 0 {
			score += w[domain.MatchExternalID]
		}
		if kinds&(1<<keyOrgName) != 0 {
			score += w[domain.MatchOrgName]
		}
		if given != 0 && rec.given == given {
			score += w[domain.MatchGivenName]
		}
		if family != 0 && rec.family == family {
			score += w[domain.MatchFamilyName]
		}
		if birth != 0 && rec.birth == birth {
			score += w[domain.MatchBirthDate]
		}
		samePostal, sameStreet := false, false
		for i := range postals {
			for j := range rec.postal {
				if rec.postal[j] == postals[i] {
					samePostal = true
					if streets[i] != 0 && rec.street[j] == streets[i] {
						sameStreet = true
					}
				}
			}
		}
		if samePostal {
			score += w[domain.MatchPostalCode]
		}
		if sameStreet {
			score += w[domain.MatchStreet]
		}
		if score >= m.rules.Threshold && (score > bestScore || score == bestScore && id < bestID) {
			bestID, bestScore = id, score
		}
	}
	return bestID, bestScore
}

// add puts a contact the import is about to create into the index under id, so that later rows of the same
// file find it.
func (m *matcher) add(id int64, p matchProbe) {
	rec := matchRecord{given: m.h32(p.given), family: m.h32(p.family), birth: daysOf(p.birth), org: m.h32(p.org)}
	if p.org != "" {
		m.put(blockKey{m.h64(keyOrgName, p.org), id, keyOrgName})
	}
	for i := range p.postals {
		rec.postal = append(rec.postal, m.h32(p.postals[i]))
		rec.street = append(rec.street, m.h32(p.streets[i]))
		if p.streets[i] != "" {
			m.put(blockKey{m.h64(keyPostalStreet, p.postals[i], p.streets[i]), id, keyPostalStreet})
		}
		if rec.family != 0 {
			m.put(blockKey{m.familyPostal(rec.family, p.postals[i]), id, keyFamilyPostal})
		}
	}
	m.records[id] = rec
	if p.member != "" {
		m.put(blockKey{m.h64(keyMember, p.member), id, keyMember})
	}
	for _, e := range p.emails {
		m.put(blockKey{m.h64(keyEmail, e), id, keyEmail})
	}
	for _, x := range p.externals {
		m.put(blockKey{m.h64(keyExternal, x), id, keyExternal})
	}
	if p.family != "" && p.given != "" {
		m.put(blockKey{m.h64(keyFamilyGiven, p.family, p.given), id, keyFamilyGiven})
	}
}

func (m *matcher) put(k blockKey) { m.added[k.hash] = append(m.added[k.hash], addedKey{k.id, k.kind}) }
