// Package names generates realistic synthetic person names from public name-frequency lists of many countries.
//
// The lists (data/given.tsv, data/family.tsv) are derived from public sources by ./internal/gen; see
// NOTICE.md at the repository root for sources and licences. A Generator mixes them the way the
// membership of an organization in Germany or the United States might look: mostly domestic names,
// plus names of other origins, some written with diacritics (Müller, Łukasz, Çelik, Sørensen, Núñez)
// and a few percent in other scripts (Cyrillic, Greek, Chinese, Japanese, Korean, Armenian,
// Georgian, Arabic).
package names

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/given.tsv
var givenTSV string

//go:embed data/family.tsv
var familyTSV string

// Person is one generated name.
type Person struct {
	Given  string
	Family string
	Gender string // "female", "male" or "" when unknown
	Origin string // ISO country code of the list the name came from, e.g. "DE", "TR"
}

// Generator draws names. It is immutable after New and safe for concurrent use (each goroutine needs
// its own *rand.Rand).
type Generator struct {
	cum   []uint64 // cumulative component weights
	comps []component
}

type component struct {
	given  picker
	family [3]picker // by gender index: unknown, female, male
}

type item struct {
	name, gender, origin string
	g                    uint8 // gender index of a given name
}

type picker struct {
	cum   []uint64
	items []item
}

func (p *picker) pick(r *rand.Rand) *item {
	return &p.items[search(p.cum, r.Uint64N(p.cum[len(p.cum)-1]))]
}

// search returns the first index i with cum[i] > x.
func search(cum []uint64, x uint64) int {
	lo, hi := 0, len(cum)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// Person returns a name chosen with r. The same sequence of r gives the same names. It does not
// allocate.
func (g *Generator) Person(r *rand.Rand) Person {
	c := &g.comps[search(g.cum, r.Uint64N(g.cum[len(g.cum)-1]))]
	gv := c.given.pick(r)
	f := c.family[gv.g].pick(r)
	return Person{Given: gv.name, Family: f.name, Gender: gv.gender, Origin: f.origin}
}

// New builds a generator for an organization in the given country ("de" or "us"). The mix is realistic for that
// country: mostly domestic names, plus a share of names from other countries (DE: e.g. Turkish, Polish, Italian,
// Greek, Russian in Cyrillic and Latin, Arabic-origin, Vietnamese ...; US: Hispanic, Chinese, Korean, Vietnamese,
// Indian, Irish ...), INCLUDING non-ASCII names (Müller, Łukasz, Çelik, Ørsted, Ñúñez, and some in non-Latin scripts
// such as Cyrillic, Greek, Chinese, Armenian — a few percent).
func New(country string) (*Generator, error) {
	mix, err := mixFor(country)
	if err != nil {
		return nil, err
	}
	given, err := parseLists(givenTSV)
	if err != nil {
		return nil, fmt.Errorf("names: given.tsv: %w", err)
	}
	family, err := parseLists(familyTSV)
	if err != nil {
		return nil, fmt.Errorf("names: family.tsv: %w", err)
	}
	g := &Generator{}
	var total uint64
	for i, m := range mix {
		var c component
		if c.given, err = build(given, m.given, m.fold, func(r *listRow) bool { return true }); err != nil {
			return nil, fmt.Errorf("names: %s mix %d given: %w", country, i, err)
		}
		for gi, want := range []string{"", "female", "male"} {
			if want == "" {
				want = "male" // unknown gender: the unmarked (male) form of gendered surnames
			}
			c.family[gi], err = build(family, m.family, m.fold, func(r *listRow) bool {
				return r.gender == "" || r.gender == want
			})
			if err != nil {
				return nil, fmt.Errorf("names: %s mix %d family: %w", country, i, err)
			}
		}
		total += uint64(m.share)
		g.cum = append(g.cum, total)
		g.comps = append(g.comps, c)
	}
	return g, nil
}

type listKey struct{ origin, script string }

type listRow struct {
	origin, name, gender string
	weight               float64
}

// parseLists reads a table with the columns origin, script, name, gender, weight.
func parseLists(tsv string) (map[listKey][]listRow, error) {
	lists := map[listKey][]listRow{}
	header := true
	for n := 1; tsv != ""; n++ {
		var line string
		line, tsv, _ = strings.Cut(tsv, "\n")
		if header {
			if line != "origin\tscript\tname\tgender\tweight" {
				return nil, fmt.Errorf("unexpected header %q", line)
			}
			header = false
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[0] == "" || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("line %d: malformed", n)
		}
		if f[3] != "" && f[3] != "female" && f[3] != "male" {
			return nil, fmt.Errorf("line %d: gender %q", n, f[3])
		}
		w, err := strconv.ParseFloat(f[4], 64)
		if err != nil || w <= 0 {
			return nil, fmt.Errorf("line %d: weight %q", n, f[4])
		}
		k := listKey{f[0], f[1]}
		lists[k] = append(lists[k], listRow{f[0], f[2], f[3], w})
	}
	return lists, nil
}

func build(lists map[listKey][]listRow, refs []ref, fold bool, keep func(*listRow) bool) (picker, error) {
	var p picker
	var total uint64
	for _, rf := range refs {
		rows, ok := lists[listKey{rf.origin, rf.script}]
		if !ok {
			return p, fmt.Errorf("no list %s/%s", rf.origin, rf.script)
		}
		scale := rf.weight * 1000
		if rf.flatten > 0 {
			// keep the list's total (about 1e6) so that its share against other lists stays the same
			sum, flat := 0.0, 0.0
			for i := range rows {
				sum += rows[i].weight
				flat += math.Pow(rows[i].weight, rf.flatten)
			}
			scale *= sum / flat
		}
		for i := range rows {
			r := &rows[i]
			if !keep(r) {
				continue
			}
			name := r.name
			if fold {
				name = foldName(name)
			}
			rw := r.weight
			if rf.flatten > 0 {
				rw = math.Pow(rw, rf.flatten)
			}
			w := uint64(rw*scale + 0.5)
			if w == 0 {
				w = 1
			}
			total += w
			p.cum = append(p.cum, total)
			p.items = append(p.items, item{name: name, gender: r.gender, origin: r.origin, g: genderIndex(r.gender)})
		}
	}
	if total == 0 {
		return p, fmt.Errorf("no names in %v", refs)
	}
	return p, nil
}

func genderIndex(g string) uint8 {
	switch g {
	case "female":
		return 1
	case "male":
		return 2
	}
	return 0
}

// foldName writes a name without diacritics, keeping case (Hernández → Hernandez, Nguyễn → Nguyen,
// Łukasz → Lukasz), the way many US records hold them.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ł':
			b.WriteByte('l')
		case r == 'Ł':
			b.WriteByte('L')
		case r == 'ø':
			b.WriteByte('o')
		case r == 'Ø':
			b.WriteByte('O')
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case r == 'ı':
			b.WriteByte('i')
		case r == 'æ':
			b.WriteString("ae")
		case r == 'Æ':
			b.WriteString("Ae")
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
