package names

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNewUnknownCountry(t *testing.T) {
	for _, c := range []string{"", "fr", "DE", "usa"} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%q): want an error", c)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, c := range []string{"de", "us"} {
		g1, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		g2, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		r1, r2 := rand.New(rand.NewPCG(7, 42)), rand.New(rand.NewPCG(7, 42))
		r3 := rand.New(rand.NewPCG(8, 42))
		differs := false
		for i := 0; i < 2000; i++ {
			a, b, o := g1.Person(r1), g2.Person(r2), g1.Person(r3)
			if a != b {
				t.Fatalf("%s: draw %d differs for the same seed: %+v vs %+v", c, i, a, b)
			}
			if a != o {
				differs = true
			}
		}
		if !differs {
			t.Errorf("%s: another seed gave the same 2000 names", c)
		}
	}
}

// isLatin reports whether every letter of s is a Latin letter.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

type stats struct {
	n, female, male, unknown, nonASCII, nonLatin, domestic int
	origins                                                map[string]int
	scripts                                                map[string]int
	family                                                 map[string]int
}

func sample(t *testing.T, country string, n int) stats {
	t.Helper()
	g, err := New(country)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2024, 1))
	s := stats{n: n, origins: map[string]int{}, scripts: map[string]int{}, family: map[string]int{}}
	scripts := []struct {
		name string
		tab  *unicode.RangeTable
	}{{"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek}, {"Han", unicode.Han}, {"Hangul", unicode.Hangul},
		{"Armenian", unicode.Armenian}, {"Georgian", unicode.Georgian}, {"Arabic", unicode.Arabic}}
	for i := 0; i < n; i++ {
		p := g.Person(r)
		if p.Given == "" || p.Family == "" || p.Origin == "" {
			t.Fatalf("%s: incomplete person %+v", country, p)
		}
		for _, f := range []string{p.Given, p.Family} {
			if !utf8.ValidString(f) || strings.TrimSpace(f) != f || strings.ContainsAny(f, "\t\n\r\u00a0") {
				t.Fatalf("%s: bad name %q in %+v", country, f, p)
			}
		}
		if len(p.Origin) != 2 || strings.ToUpper(p.Origin) != p.Origin {
			t.Fatalf("%s: origin %q is not an ISO country code", country, p.Origin)
		}
		if isLatin(p.Given) != isLatin(p.Family) {
			t.Fatalf("%s: given and family name in different scripts: %+v", country, p)
		}
		switch p.Gender {
		case "female":
			s.female++
		case "male":
			s.male++
		case "":
			s.unknown++
		default:
			t.Fatalf("%s: gender %q", country, p.Gender)
		}
		if !isASCII(p.Given + p.Family) {
			s.nonASCII++
		}
		if !isLatin(p.Given + p.Family) {
			s.nonLatin++
			for _, sc := range scripts {
				r, _ := utf8.DecodeRuneInString(p.Family)
				if unicode.Is(sc.tab, r) {
					s.scripts[sc.name]++
				}
			}
		}
		if p.Origin == strings.ToUpper(country) {
			s.domestic++
		}
		s.origins[p.Origin]++
		s.family[p.Family]++
		checkGenderForm(t, p)
	}
	return s
}

// checkGenderForm asserts that gendered surnames agree with the person's gender.
func checkGenderForm(t *testing.T, p Person) {
	t.Helper()
	bad := false
	switch {
	case p.Origin == "PL" && p.Gender == "female":
		bad = strings.HasSuffix(p.Family, "ski") || strings.HasSuffix(p.Family, "cki")
	case p.Origin == "PL" && p.Gender == "male":
		bad = strings.HasSuffix(p.Family, "ska") || strings.HasSuffix(p.Family, "cka")
	case (p.Origin == "RU" || p.Origin == "BG") && p.Gender == "male":
		bad = strings.HasSuffix(p.Family, "ova") || strings.HasSuffix(p.Family, "ева") || strings.HasSuffix(p.Family, "ова")
	case (p.Origin == "RU" || p.Origin == "BG") && p.Gender == "female":
		bad = strings.HasSuffix(p.Family, "ov") || strings.HasSuffix(p.Family, "ов") || strings.HasSuffix(p.Family, "ев")
	case p.Origin == "GR" && p.Gender == "female":
		bad = strings.HasSuffix(p.Family, "ς") || strings.HasSuffix(p.Family, "os")
	}
	if bad {
		t.Fatalf("surname form does not match gender: %+v", p)
	}
}

func share(k, n int) float64 { return float64(k) / float64(n) }

func TestMix(t *testing.T) {
	cases := []struct {
		country                  string
		domesticMin, domesticMax float64
		nonASCIIMin, nonASCIIMax float64
		nonLatinMin, nonLatinMax float64
		mustHave                 []string // family names that a 100k sample must contain
		mustScripts              []string
		minOrigins               int
	}{
		{"de", 0.65, 0.85, 0.12, 0.45, 0.01, 0.05,
			[]string{"Müller", "Schmidt", "Yılmaz", "Çelik", "Nowak", "Kowalska", "Rossi", "Nguyễn", "Иванов"},
			[]string{"Cyrillic", "Greek", "Han", "Armenian"}, 30},
		{"us", 0.55, 0.80, 0.03, 0.20, 0.01, 0.05,
			[]string{"Smith", "Garcia", "García", "Hernández", "Nguyen", "Patel", "Murphy", "O'Brien", "Kim"},
			[]string{"Cyrillic", "Greek", "Han", "Hangul", "Armenian"}, 30},
	}
	for _, c := range cases {
		s := sample(t, c.country, 100_000)
		t.Logf("%s: domestic %.1f%%, female %.1f%%, male %.1f%%, unknown gender %.2f%%, non-ASCII %.1f%%, non-Latin %.2f%% %v, %d origins, %d distinct family names",
			c.country, 100*share(s.domestic, s.n), 100*share(s.female, s.n), 100*share(s.male, s.n), 100*share(s.unknown, s.n),
			100*share(s.nonASCII, s.n), 100*share(s.nonLatin, s.n), s.scripts, len(s.origins), len(s.family))
		if d := share(s.domestic, s.n); d < c.domesticMin || d > c.domesticMax {
			t.Errorf("%s: domestic share %.3f outside [%.2f, %.2f]", c.country, d, c.domesticMin, c.domesticMax)
		}
		if d := share(s.nonASCII, s.n); d < c.nonASCIIMin || d > c.nonASCIIMax {
			t.Errorf("%s: non-ASCII share %.3f outside [%.2f, %.2f]", c.country, d, c.nonASCIIMin, c.nonASCIIMax)
		}
		if d := share(s.nonLatin, s.n); d < c.nonLatinMin || d > c.nonLatinMax {
			t.Errorf("%s: non-Latin share %.4f outside [%.2f, %.2f]", c.country, d, c.nonLatinMin, c.nonLatinMax)
		}
		for _, g := range []int{s.female, s.male} {
			if d := share(g, s.n); d < 0.40 || d > 0.60 {
				t.Errorf("%s: gender shares female %d / male %d out of balance", c.country, s.female, s.male)
			}
		}
		for _, f := range c.mustHave {
			if s.family[f] == 0 {
				t.Errorf("%s: family name %q not drawn in %d people", c.country, f, s.n)
			}
		}
		for _, sc := range c.mustScripts {
			if s.scripts[sc] == 0 {
				t.Errorf("%s: no %s names", c.country, sc)
			}
		}
		if len(s.origins) < c.minOrigins {
			t.Errorf("%s: only %d origins: %v", c.country, len(s.origins), s.origins)
		}
		// The most common family name must not dominate.
		for f, k := range s.family {
			if share(k, s.n) > 0.05 {
				t.Errorf("%s: family name %q is %.1f%% of all", c.country, f, 100*share(k, s.n))
			}
		}
	}
}

func TestPersonDoesNotAllocate(t *testing.T) {
	g, err := New("de")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	var sink Person
	if a := testing.AllocsPerRun(1000, func() { sink = g.Person(r) }); a != 0 {
		t.Errorf("Person allocates %.1f times per call", a)
	}
	_ = sink
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Hernández": "Hernandez", "Nguyễn": "Nguyen", "Đặng": "Dang", "Łukasz": "Lukasz",
		"Sørensen": "Sorensen", "Núñez": "Nunez", "María José": "Maria Jose", "Smith": "Smith",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkPerson(b *testing.B) {
	for _, c := range []string{"de", "us"} {
		b.Run(c, func(b *testing.B) {
			g, err := New(c)
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n += len(g.Person(r).Family)
			}
			if n == 0 {
				b.Fatal("no names")
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New("de"); err != nil {
			b.Fatal(err)
		}
	}
}
