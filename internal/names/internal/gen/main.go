// Command gen derives the name tables that package names embeds.
//
// It reads the public name lists in the shared data folder (see /work/shared/data/README.md and
// PROVENANCE.tsv) and writes two tab-separated tables with the columns
//
//	origin  ISO 3166 code of the list the name came from ("DE", "TR", ...)
//	script  ISO 15924 script of the name ("Latn", "Cyrl", "Grek", "Hani", "Hang", "Jpan", "Armn", "Geor", "Arab", "Hebr")
//	name    the name as written
//	gender  "female", "male" or "" (given names: from the source; family names: the form's gender
//	        where a language has gendered surnames, e.g. Kowalski/Kowalska; "" for any)
//	weight  relative frequency inside the list (origin, script); each list sums to about 1,000,000
//
// into given.tsv and family.tsv. Run it from the module root; a fresh clone never needs to, the outputs
// are committed:
//
//	go run ./internal/names/internal/gen -src /work/shared/data -out internal/names/data
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func main() {
	src := flag.String("src", "/work/shared/data", "folder with the public source files")
	out := flag.String("out", filepath.Join("internal", "names", "data"), "folder to write the derived tables to")
	flag.Parse()
	log.SetFlags(0)
	if err := run(filepath.Join(*src, "7-names"), *out); err != nil {
		log.Fatal("gen: ", err)
	}
}

// Origins whose lists are shipped. Other countries of the sigpwned lists are left out: they are not
// used by the mixes of package names, and several carry errors (see the checks below).
func givenOrigins() []string {
	return []string{
		"DE", "AT", "TR", "PL", "RU", "UA", "IT", "GR", "HR", "RS", "BA", "AL", "BG",
		"EG", "LB", "IQ", "SA", "MA", "JO", "DZ", "TN", "LY", "KW", "AE",
		"ES", "PT", "BR", "FR", "NL", "DK", "GB", "US", "CA", "AU", "NZ", "IE",
		"MX", "CO", "AR", "PR", "PE", "CN", "TW", "JP", "KR", "IN", "PH", "IL", "AM", "GE",
	}
}

func familyOrigins() []string {
	return []string{
		"AT", "TR", "PL", "RU", "UA", "IT", "GR", "HR", "RS", "BA", "AL", "XK", "BG",
		"ES", "PT", "BR", "FR", "NL", "DK", "GB", "IE",
		"MX", "CO", "AR", "DO", "GT", "PE", "CN", "TW", "JP", "KR", "IN", "PH", "IL", "AM", "GE", "VN",
	}
}

// Arabic-speaking origins: the surname list has none of them, so their family names are patronymics
// drawn from the same list's male given names (Ahmad, Hassan, Ibrahim ...), as many Arabic family
// names are.
func arabicOrigins() []string {
	return []string{"EG", "LB", "IQ", "SA", "MA", "JO", "DZ", "TN", "LY", "KW", "AE"}
}

// Corrections of the sigpwned lists, keyed by country and the value as found (localized or
// romanized). "" drops the entry. Each is a plain error in the source:
//   - "na" was cut out of several names (Leo[na]rdo, Fer[na]ndo, Ber[na]rdo, [Na]thaniel, [Na]than);
//   - romanizations that do not belong to the name (Γεωργία/"Gogo", Дария/"Dragana", მათე/"Gabor");
//   - a Latin "Giorgia" in the Greek-script list (duplicate of Γεωργία).
func fixes() map[[2]string]string {
	return map[[2]string]string{
		{"MX", "Leordo"}:  "Leonardo",
		{"BO", "Ferndo"}:  "Fernando",
		{"BR", "Berrdo"}:  "Bernardo",
		{"JM", "thaniel"}: "Nathaniel",
		{"JM", "than"}:    "Nathan",
		{"GR", "Gogo"}:    "Georgia",
		{"GR", "Giorgia"}: "",
		{"BG", "Dragana"}: "Daria",
		{"GE", "Gabor"}:   "Mate",
	}
}

// armenianGiven gives the Armenian-script spelling of the AM given names, which the source has in
// Latin letters only (transcribed for this project; Eastern Armenian orthography).
func armenianGiven() map[string]string {
	return map[string]string{
		"Anahit": "Անահիտ", "Gayane": "Գայանե", "Anna": "Աննա", "Karine": "Կարինե", "Hasmik": "Հասմիկ",
		"Lusine": "Լուսինե", "Susanna": "Սուսաննա", "Armine": "Արմինե", "Narine": "Նարինե", "Lilit": "Լիլիթ",
		"Nare": "Նարե", "Maria": "Մարիա", "Arpi": "Արփի", "Maneh": "Մանե", "Mari": "Մարի", "Eva": "Եվա",
		"Mariam": "Մարիամ", "Sofi": "Սոֆի",
		"Armen": "Արմեն", "Artur": "Արթուր", "Karen": "Կարեն", "Samvel": "Սամվել", "Gevorg": "Գևորգ",
		"Ashot": "Աշոտ", "Davit": "Դավիթ", "Arman": "Արման", "Hovhannes": "Հովհաննես", "Gagik": "Գագիկ",
		"Narek": "Նարեկ", "Monte": "Մոնթե", "Tigran": "Տիգրան", "Areg": "Արեգ", "Hayk": "Հայկ",
		"Mark": "Մարկ", "Mikayel": "Միքայել", "Aleks": "Ալեքս", "Areni": "Արենի",
	}
}

// censusSpecial spells US Census surnames (upper case, apostrophes and spaces removed by the Census)
// the way they are usually written.
func censusSpecial() map[string]string {
	return map[string]string{
		"OBRIEN": "O'Brien", "OCONNOR": "O'Connor", "ONEILL": "O'Neill", "ONEAL": "O'Neal",
		"ODONNELL": "O'Donnell", "OCONNELL": "O'Connell", "DELEON": "De Leon", "DEJESUS": "De Jesus",
		"DELACRUZ": "De La Cruz", "DELAROSA": "De La Rosa", "MACDONALD": "MacDonald", "LEBLANC": "LeBlanc",
	}
}

type row struct {
	origin, script, name, gender string
	weight                       float64
}

type listKey struct{ origin, script string }

// table collects rows; rows with the same key are merged by adding weights.
type table struct {
	rows map[[4]string]float64
	pair map[[4]string]bool // female surname forms whose male form is also a row (Kowalska of Kowalski)
}

func newTable() *table { return &table{rows: map[[4]string]float64{}, pair: map[[4]string]bool{}} }

func (t *table) add(origin, script, name, gender string, w float64) {
	if w <= 0 || name == "" {
		return
	}
	t.rows[[4]string{origin, script, name, gender}] += w
}

// addFamily adds a surname; where the language forms a female surname from the male one
// (Kowalski/Kowalska, Иванов/Иванова, Κρητικός/Κρητικού) both forms are added with the same weight.
func (t *table) addFamily(origin, script, name string, w float64) {
	if f := feminine(origin, name); f != "" {
		t.add(origin, script, name, "male", w)
		t.add(origin, script, f, "female", w)
		t.pair[[4]string{origin, script, f, "female"}] = true
		return
	}
	t.add(origin, script, name, "", w)
}

// normalized returns the rows sorted, each list (origin, script) scaled so that its weights sum to
// about 1e6, counting a male/female pair of one surname once.
func (t *table) normalized() []row {
	sums := map[listKey]float64{}
	for k, w := range t.rows {
		if !t.pair[k] {
			sums[listKey{k[0], k[1]}] += w
		}
	}
	var out []row
	for k, w := range t.rows {
		n := math.Round(w / sums[listKey{k[0], k[1]}] * 1e6)
		out = append(out, row{k[0], k[1], k[2], k[3], max(n, 1)})
	}
	slices.SortFunc(out, func(a, b row) int {
		if c := strings.Compare(a.origin, b.origin); c != 0 {
			return c
		}
		if c := strings.Compare(a.script, b.script); c != 0 {
			return c
		}
		if a.weight != b.weight {
			if a.weight > b.weight {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.gender, b.gender)
	})
	return out
}

// extract removes and returns the rows of one origin (all scripts), weights as stored.
func (t *table) extract(origin string) map[[4]string]float64 {
	out := map[[4]string]float64{}
	for k, w := range t.rows {
		if k[0] == origin {
			out[k] = w
			delete(t.rows, k)
		}
	}
	return out
}

func run(src, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	given, err := buildGiven(src)
	if err != nil {
		return err
	}
	family, err := buildFamily(src, given)
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "given.tsv"), given.normalized()); err != nil {
		return err
	}
	return write(filepath.Join(out, "family.tsv"), family.normalized())
}

func write(path string, rows []row) error {
	var b bytes.Buffer
	b.WriteString("origin\tscript\tname\tgender\tweight\n")
	lists := map[listKey]int{}
	for _, r := range rows {
		for _, f := range []string{r.origin, r.script, r.name, r.gender} {
			if strings.ContainsAny(f, "\t\r\n") || !utf8.ValidString(f) {
				return fmt.Errorf("%s: field %q cannot be written", path, f)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\n", r.origin, r.script, r.name, r.gender, int64(r.weight))
		lists[listKey{r.origin, r.script}]++
	}
	var ls []string
	for _, k := range sortedKeys(lists) {
		ls = append(ls, fmt.Sprintf("%s/%s %d", k.origin, k.script, lists[k]))
	}
	log.Printf("%s: %d rows in %d lists: %s", filepath.Base(path), len(rows), len(lists), strings.Join(ls, ", "))
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func sortedKeys[V any](m map[listKey]V) []listKey {
	keys := make([]listKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b listKey) int {
		return strings.Compare(a.origin+"/"+a.script, b.origin+"/"+b.script)
	})
	return keys
}

// ---------------------------------------------------------------------------------------------------
// Text helpers

// clean trims (including no-break spaces, which the Nepali rows carry), collapses inner spaces,
// drops the stress accents of Russian and Kazakh dictionary spellings (Смирно́в → Смирнов) and
// returns NFC.
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	d := norm.NFD.String(s)
	var b strings.Builder
	var prev rune
	for _, r := range d {
		if (r == '\u0301' || r == '\u0300') && unicode.Is(unicode.Cyrillic, prev) {
			continue
		}
		// "ё" and "й" decompose to base + mark: keep those marks (U+0308, U+0306).
		b.WriteRune(r)
		prev = r
	}
	return norm.NFC.String(b.String())
}

// stripMarks removes all combining marks: pinyin tones (Wáng → Wang), Hepburn macrons (Sō → So),
// Pe̍h-ōe-jī diacritics (Gô͘ → Go).
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// scriptOf returns the ISO 15924 code of the one script s is written in, or an error for mixed
// scripts (the Mongolian romanizations "Batkhaаn" hide a Cyrillic "а") and unexpected characters.
func scriptOf(s string) (string, error) {
	tables := []struct {
		code string
		tab  *unicode.RangeTable
	}{
		{"Latn", unicode.Latin}, {"Cyrl", unicode.Cyrillic}, {"Grek", unicode.Greek}, {"Hani", unicode.Han},
		{"Kana", unicode.Hiragana}, {"Kana", unicode.Katakana}, {"Hang", unicode.Hangul}, {"Armn", unicode.Armenian},
		{"Geor", unicode.Georgian}, {"Hebr", unicode.Hebrew}, {"Arab", unicode.Arabic}, {"Deva", unicode.Devanagari},
	}
	found := map[string]bool{}
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || r == ' ' || r == '-' || r == '\'' || r == '’' {
			continue
		}
		ok := false
		for _, t := range tables {
			if unicode.Is(t.tab, r) {
				found[t.code] = true
				ok = true
				break
			}
		}
		if !ok {
			return "", fmt.Errorf("%q: unexpected character %U", s, r)
		}
	}
	if found["Kana"] {
		delete(found, "Hani")
		delete(found, "Kana")
		found["Jpan"] = true
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%q: mixed or no script %v", s, found)
	}
	for k := range found {
		return k, nil
	}
	panic("unreachable")
}

// feminine returns the female form of a male surname for languages with gendered surnames, or "".
func feminine(origin, name string) string {
	switch origin {
	case "PL":
		if strings.HasSuffix(name, "ski") || strings.HasSuffix(name, "cki") {
			return strings.TrimSuffix(name, "i") + "a"
		}
	case "RU":
		for _, suf := range []string{"ov", "ev", "yov", "in", "ов", "ев", "ёв", "ин"} {
			if strings.HasSuffix(name, suf) {
				if r, _ := utf8.DecodeRuneInString(suf); unicode.Is(unicode.Cyrillic, r) {
					return name + "а"
				}
				return name + "a"
			}
		}
	case "GR":
		for _, p := range [][2]string{
			{"ος", "ου"}, {"ός", "ού"}, {"ης", "η"}, {"ής", "ή"}, {"ας", "α"}, {"άς", "ά"},
			{"os", "ou"}, {"is", "i"}, {"as", "a"},
		} {
			if strings.HasSuffix(name, p[0]) {
				return strings.TrimSuffix(name, p[0]) + p[1]
			}
		}
	}
	return ""
}

// hangulInitialRieul reports whether the first Hangul syllable of s starts with ㄹ.
func hangulInitialRieul(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0xAC00 && r <= 0xD7A3 && (r-0xAC00)/(21*28) == 5
}

func rankWeight(rank int) float64 { return 1 / math.Pow(float64(rank), 0.8) }

func readCSV(path string, data []byte) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF") // the sigpwned files start with a BOM
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s: %d fields, header has %d", path, len(rec), len(header))
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows, nil
}

func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s: not UTF-8", path)
	}
	return b, nil
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// ---------------------------------------------------------------------------------------------------
// sigpwned lists (forenames and surnames by country)

type entry struct {
	country, group string
	rank           int
	count          float64 // surnames: the count when the source gives one, else 0
	unranked       bool    // surnames listed without a rank (Greek, Bosnian, Albanian examples)
	gender         string
	loc, rom       string
}

// readSigpwned reads a sigpwned list and groups consecutive rows of the same name group: the rows of
// one group are spellings of one name (romanization variants, kanji readings, Hanja/Hangul forms).
func readSigpwned(path string, keep map[string]bool, given bool) ([][]entry, error) {
	raw, err := readFile(path)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(path, raw)
	if err != nil {
		return nil, err
	}
	fix := fixes()
	var groups [][]entry
	prev := ""
	dropped := 0
	for _, r := range rows {
		c := r["Country"]
		if !keep[c] {
			continue
		}
		e := entry{country: c, group: r["Name Group"], loc: clean(r["Localized Name"]), rom: clean(r["Romanized Name"])}
		same := e.loc == e.rom
		for _, p := range []*string{&e.loc, &e.rom} {
			if f, ok := fix[[2]string{c, *p}]; ok && *p != "" {
				if p == &e.loc || !same {
					log.Printf("%s %s: %q corrected to %q", filepath.Base(path), c, *p, f)
				}
				*p = f
			}
		}
		if e.loc == "" && e.rom == "" {
			dropped++
			continue
		}
		rank := r["Rank"]
		if given || rank == "" {
			e.unranked = !given
			rank = r["Index"]
		}
		if e.rank, err = strconv.Atoi(rank); err != nil || e.rank < 1 {
			return nil, fmt.Errorf("%s %s: bad rank %q", path, c, rank)
		}
		if given {
			switch r["Gender"] {
			case "F":
				e.gender = "female"
			case "M":
				e.gender = "male"
			default:
				return nil, fmt.Errorf("%s %s: gender %q", path, c, r["Gender"])
			}
		} else if n := strings.ReplaceAll(r["Count"], ",", ""); n != "" {
			if e.count, err = strconv.ParseFloat(n, 64); err != nil {
				return nil, fmt.Errorf("%s %s: count %q", path, c, r["Count"])
			}
		}
		key := c + "\x00" + e.group
		if key == prev {
			groups[len(groups)-1] = append(groups[len(groups)-1], e)
		} else {
			groups = append(groups, []entry{e})
		}
		prev = key
	}
	if dropped > 0 {
		log.Printf("%s: %d rows dropped by corrections", filepath.Base(path), dropped)
	}
	return groups, nil
}

// spellings turns one name group into the names to ship: for each script, the first spelling gets the
// full weight, further spellings of the same script share half of it (Chén → Chen w, Ch'en/Chan/... w/2
// together). Native scripts keep only their first spelling (王 of 王/王, 김 of 김/金).
type spelling struct {
	script, name string
	weight       float64
}

func spellings(g []entry, w float64) ([]spelling, error) {
	c := g[0].country
	latin := []string{}
	native := map[string]string{}
	var nativeOrder []string
	for _, e := range g {
		var loc, rom []string
		if e.loc != "" {
			loc = []string{e.loc}
		}
		if e.rom != "" {
			rom = strings.Split(e.rom, "/") // Vietnamese "Huỳnh/Hoàng": two names of one rank
		}
		for _, n := range loc {
			s, err := scriptOf(n)
			if err != nil {
				return nil, err
			}
			switch {
			case s == "Latn" && c == "IE":
				// Irish-language form (Ó Murchú); the anglicized romanized column is what people use.
			case s == "Latn":
				latin = append(latin, n)
			case c == "VN" || (c == "KR" && s == "Hani"):
				// Vietnamese chữ Hán and Korean Hanja are not how these names are written today.
			default:
				if c == "JP" && s == "Hani" {
					s = "Jpan"
				}
				if cur, ok := native[s]; !ok {
					native[s] = n
					nativeOrder = append(nativeOrder, s)
				} else if s == "Hang" && hangulInitialRieul(cur) && !hangulInitialRieul(n) {
					// The list puts North Korean spellings first (리, 림, 류 ...); the South Korean
					// ones (이, 임, 유 ...) drop the initial ㄹ and are what the diaspora writes.
					native[s] = n
				}
			}
		}
		for _, n := range rom {
			n = strings.TrimSpace(n)
			s, err := scriptOf(n)
			if err != nil {
				log.Printf("%s %s: romanized %v, skipped", c, e.group, err)
				continue
			}
			if s != "Latn" {
				log.Printf("%s %s: romanized %q is not Latin, skipped", c, e.group, n)
				continue
			}
			if c == "CN" || c == "TW" || c == "JP" {
				n = stripMarks(n)
			}
			if e.loc != "" && c != "IE" && c != "VN" {
				if s2, _ := scriptOf(e.loc); s2 == "Latn" {
					continue // Latin localized name already taken; romanized is the same or an ASCII form
				}
			}
			latin = append(latin, n)
		}
	}
	var out []spelling
	// de-duplicate Latin spellings, keep order
	var uniq []string
	for _, n := range latin {
		if !slices.Contains(uniq, n) {
			uniq = append(uniq, n)
		}
	}
	// Vietnamese "Huỳnh/Hoàng" (two names of one rank) and Irish "O'Kelly"/"Kelly" (both forms in
	// wide use) share the weight evenly.
	split := len(uniq) > 1 && (c == "IE" || (c == "VN" && strings.Contains(g[0].rom, "/")))
	for i, n := range uniq {
		switch {
		case split:
			out = append(out, spelling{"Latn", n, w / float64(len(uniq))})
		case i == 0:
			out = append(out, spelling{"Latn", n, w})
		default:
			out = append(out, spelling{"Latn", n, w / 2 / float64(len(uniq)-1)})
		}
	}
	for _, s := range nativeOrder {
		out = append(out, spelling{s, native[s], w})
	}
	return out, nil
}

// ---------------------------------------------------------------------------------------------------
// Given names

func buildGiven(src string) (*table, error) {
	keep := set(givenOrigins())
	groups, err := readSigpwned(filepath.Join(src, "sigpwned_common-forenames-by-country.csv"), keep, true)
	if err != nil {
		return nil, err
	}
	t := newTable()
	arm := armenianGiven()
	for _, g := range groups {
		// IL: only the Jewish list (group 4), which matches the Hebrew surname list.
		if g[0].country == "IL" && !strings.HasPrefix(g[0].group, "N-IL-4-") {
			continue
		}
		sp, err := spellings(g, rankWeight(g[0].rank))
		if err != nil {
			return nil, err
		}
		for _, s := range sp {
			t.add(g[0].country, s.script, s.name, g[0].gender, s.weight)
			if g[0].country == "AM" && s.script == "Latn" {
				if a, ok := arm[s.name]; ok {
					t.add("AM", "Armn", a, g[0].gender, s.weight)
				}
			}
		}
	}

	// Germany: the Berlin registry lists (first given name of children born 2023 in Mitte and
	// Neukölln, with counts) give the long tail; the short national top list keeps the common names
	// common. Shares inside the DE list: 60 % national list, 40 % Berlin.
	national := t.extract("DE")
	berlin, err := readBerlin(src)
	if err != nil {
		return nil, err
	}
	mergeScaled(t, national, 0.6)
	mergeScaled(t, berlin, 0.4)
	return t, nil
}

// mergeScaled adds rows scaled so that they sum to share.
func mergeScaled(t *table, rows map[[4]string]float64, share float64) {
	sum := 0.0
	for _, w := range rows {
		sum += w
	}
	for k, w := range rows {
		t.add(k[0], k[1], k[2], k[3], w/sum*share)
	}
}

func readBerlin(src string) (map[[4]string]float64, error) {
	out := map[[4]string]float64{}
	var skipped []string
	for _, f := range []string{"berlin_vornamen_2023_mitte.csv", "berlin_vornamen_2023_neukoelln.csv"} {
		path := filepath.Join(src, f)
		raw, err := readFile(path)
		if err != nil {
			return nil, err
		}
		rows, err := readCSV(path, raw)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r["position"] != "1" { // later given names (second, third ...) are not the name in use
				continue
			}
			n := clean(r["vorname"])
			s, err := scriptOf(n)
			first, _ := utf8.DecodeRuneInString(n)
			if err != nil || s != "Latn" || !unicode.IsUpper(first) {
				skipped = append(skipped, n)
				continue
			}
			var g string
			switch r["geschlecht"] {
			case "w":
				g = "female"
			case "m":
				g = "male"
			case "d":
				g = ""
			default:
				return nil, fmt.Errorf("%s: geschlecht %q", path, r["geschlecht"])
			}
			c, err := strconv.Atoi(r["anzahl"])
			if err != nil {
				return nil, fmt.Errorf("%s: anzahl %q", path, r["anzahl"])
			}
			out[[4]string{"DE", "Latn", n, g}] += float64(c)
		}
	}
	log.Printf("Berlin: %d first given names (position 1), skipped %q", len(out), skipped)
	return out, nil
}

// ---------------------------------------------------------------------------------------------------
// Family names

func buildFamily(src string, given *table) (*table, error) {
	keep := set(familyOrigins())
	groups, err := readSigpwned(filepath.Join(src, "sigpwned_common-surnames-by-country.csv"), keep, false)
	if err != nil {
		return nil, err
	}
	// A list uses its counts when every row has one, else rank weights.
	counted := map[string]bool{}
	for _, g := range groups {
		c := g[0].country
		if _, seen := counted[c]; !seen {
			counted[c] = true
		}
		for _, e := range g {
			if e.count <= 0 {
				counted[c] = false
			}
		}
	}
	repairCounts(groups, counted)
	t := newTable()
	for _, g := range groups {
		c := g[0].country
		if c == "XK" && g[0].rank > 10 {
			continue // ranks 11-20 of the Kosovo list are given names (Fatime, Bajram, Emine ...)
		}
		w := rankWeight(g[0].rank)
		switch {
		case counted[c]:
			w = g[0].count
		case g[0].unranked:
			w = 1 // a list of examples without an order: all equally likely
		}
		if c == "BG" {
			// The Bulgarian list gives both forms with one rank: Иванов/Ivanov, Иванова/Ivanova.
			for _, e := range g {
				gender := "male"
				if strings.HasSuffix(e.rom, "a") {
					gender = "female"
				}
				t.add(c, "Latn", e.rom, gender, w)
				t.add(c, "Cyrl", e.loc, gender, w)
				if gender == "female" {
					t.pair[[4]string{c, "Latn", e.rom, gender}] = true
					t.pair[[4]string{c, "Cyrl", e.loc, gender}] = true
				}
			}
			continue
		}
		sp, err := spellings(g, w)
		if err != nil {
			return nil, err
		}
		for _, s := range sp {
			switch {
			case c == "IN" && s.name == "Devi":
				t.add(c, s.script, s.name, "female", s.weight) // used by women only
			case c == "IN" && s.name == "Kumar":
				t.add(c, s.script, s.name, "male", s.weight) // women: Kumari
			default:
				t.addFamily(c, s.script, s.name, s.weight)
			}
		}
	}
	if err := addGerman(src, groups, t); err != nil {
		return nil, err
	}
	if err := addCensus(src, t); err != nil {
		return nil, err
	}
	// Patronymic family names for Arabic-speaking origins, from their male given names.
	ar := set(arabicOrigins())
	n := 0
	for k, w := range given.rows {
		if ar[k[0]] && k[3] == "male" {
			t.add(k[0], k[1], k[2], "", w)
			n++
		}
	}
	log.Printf("family: %d patronymic family names from the male given names of %v", n, arabicOrigins())
	return t, nil
}

// repairCounts fixes counts that break the rank order by more than a factor of ten (Norway's
// "Larsen" has 38 between 49,303 and 37,206): such a count takes the mean of its neighbours.
func repairCounts(groups [][]entry, counted map[string]bool) {
	for i := 1; i+1 < len(groups); i++ {
		c := groups[i][0].country
		if !counted[c] || groups[i-1][0].country != c || groups[i+1][0].country != c {
			continue
		}
		prev, cur, next := groups[i-1][0].count, groups[i][0].count, groups[i+1][0].count
		if cur*10 < next {
			fixed := (prev + next) / 2
			log.Printf("surnames %s %q: count %v out of rank order, set to %v", c, groups[i][0].rom, cur, fixed)
			for j := range groups[i] {
				groups[i][j].count = fixed
			}
		}
	}
}

// addGerman reads the 99 most common German surnames (a ranked list without counts, Latin-1 with
// CRLF line ends) and weights them with the counts of the sigpwned DE top ten; ranks beyond ten get
// counts from a power law fitted to those ten.
func addGerman(src string, groups [][]entry, t *table) error {
	path := filepath.Join(src, "pentestical_most_common_german_surnames_latin1_crlf.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	runes := make([]rune, len(raw)) // Latin-1: every byte is the code point of the same number
	for i, b := range raw {
		runes[i] = rune(b)
	}
	var names []string
	for _, l := range strings.Split(string(runes), "\n") {
		if l = clean(strings.TrimSuffix(l, "\r")); l != "" {
			if s, err := scriptOf(l); err != nil || s != "Latn" {
				return fmt.Errorf("%s: %q", path, l)
			}
			names = append(names, l)
		}
	}
	top := map[string]float64{}
	var xs, ys []float64
	sig := map[string]bool{"DE": true}
	gs, err := readSigpwned(filepath.Join(src, "sigpwned_common-surnames-by-country.csv"), sig, false)
	if err != nil {
		return err
	}
	for _, g := range gs {
		top[g[0].loc] = g[0].count
		xs = append(xs, math.Log(float64(g[0].rank)))
		ys = append(ys, math.Log(g[0].count))
	}
	a, b := fit(xs, ys)
	missing := 0
	for i, n := range names {
		w, ok := top[n]
		if !ok {
			w = math.Exp(a + b*math.Log(float64(i+1)))
		}
		t.add("DE", "Latn", n, "", w)
		delete(top, n)
		if i < 10 && !ok {
			missing++
		}
	}
	if len(top) > 0 {
		return fmt.Errorf("sigpwned DE surnames %v not in the list of 99", top)
	}
	log.Printf("German surnames: %d names; counts for ranks > 10 from count = %.0f × rank^%.3f (%d of the top ten only in one list)",
		len(names), math.Exp(a), b, missing)
	return nil
}

// fit returns a, b of the least-squares line y = a + b·x.
func fit(xs, ys []float64) (float64, float64) {
	var sx, sy, sxx, sxy float64
	n := float64(len(xs))
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	b := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return (sy - b*sx) / n, b
}

// addCensus reads the 1,000 most frequent US surnames of the 2010 Census with their counts.
func addCensus(src string, t *table) error {
	path := filepath.Join(src, "us_census2010_surnames_top1000.csv")
	raw, err := readFile(path)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	special := censusSpecial()
	n := 0
	for _, rec := range recs {
		if len(rec) < 3 || rec[0] == "" || rec[0] == "SURNAME" || strings.Trim(rec[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			continue // title, blank, header and source lines
		}
		c, err := strconv.Atoi(strings.ReplaceAll(rec[2], ",", ""))
		if err != nil {
			return fmt.Errorf("%s: count %q of %s", path, rec[2], rec[0])
		}
		name, ok := special[rec[0]]
		if !ok {
			name = titleCase(rec[0])
		}
		t.add("US", "Latn", name, "", float64(c))
		n++
	}
	if n != 1000 {
		return fmt.Errorf("%s: %d surnames, want 1000", path, n)
	}
	return nil
}

// titleCase turns "SMITH" into "Smith" and "MCDONALD" into "McDonald".
func titleCase(s string) string {
	s = strings.ToLower(s)
	rs := []rune(s)
	rs[0] = unicode.ToUpper(rs[0])
	if len(rs) > 3 && rs[0] == 'M' && rs[1] == 'c' {
		rs[2] = unicode.ToUpper(rs[2])
	}
	return string(rs)
}
