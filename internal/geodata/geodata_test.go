package geodata

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func load(t *testing.T, country string) *Dataset {
	t.Helper()
	d, err := Load(country)
	if err != nil {
		t.Fatalf("Load(%q): %v", country, err)
	}
	return d
}

func TestCountries(t *testing.T) {
	if got := Countries(); !slices.Equal(got, []string{"de", "us"}) {
		t.Fatalf("Countries() = %v", got)
	}
	for _, c := range []string{"", "DE", "fr", "../de"} {
		if _, err := Load(c); err == nil {
			t.Errorf("Load(%q): want an error", c)
		}
	}
}

// TestInvariants checks what the package promises for every country.
func TestInvariants(t *testing.T) {
	kinds := map[string][]string{
		"de": {"Bundesverband", "Landesverband", "Kreisverband"},
		"us": {"national", "state", "county"},
	}
	for _, c := range Countries() {
		d := load(t, c)
		if d.Country != c || d.Name == "" || d.Attribution == "" {
			t.Errorf("%s: header fields %q %q %q", c, d.Country, d.Name, d.Attribution)
		}
		if len(d.Units) == 0 || d.Units[0].Parent != "" {
			t.Fatalf("%s: first unit must be the root", c)
		}
		depth := map[string]int{}
		hasChild := map[string]bool{}
		for i, u := range d.Units {
			for _, s := range []string{u.Code, u.Name, u.Kind, u.Parent} {
				if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
					t.Errorf("%s: unit %d: bad text %q", c, i, s)
				}
			}
			if u.Code == "" || u.Name == "" {
				t.Errorf("%s: unit %d incomplete: %+v", c, i, u)
			}
			if _, dup := depth[u.Code]; dup {
				t.Errorf("%s: duplicate code %q", c, u.Code)
			}
			if i == 0 {
				depth[u.Code] = 0
			} else {
				pd, ok := depth[u.Parent]
				if !ok {
					t.Fatalf("%s: unit %q: parent %q missing or not before the child", c, u.Code, u.Parent)
				}
				depth[u.Code] = pd + 1
				hasChild[u.Parent] = true
			}
			if dep := depth[u.Code]; dep >= 3 || u.Kind != kinds[c][dep] {
				t.Errorf("%s: unit %q at depth %d has kind %q", c, u.Code, dep, u.Kind)
			}
			if dep := depth[u.Code]; dep > 0 && !strings.HasPrefix(u.Code, u.Parent) && u.Parent != d.Units[0].Code {
				t.Errorf("%s: code %q does not start with its parent's %q", c, u.Code, u.Parent)
			}
		}
		units := map[string]bool{}
		for _, u := range d.Units {
			units[u.Code] = true
		}
		for i, p := range d.PostalCodes {
			if len(p.Code) != 5 || strings.Trim(p.Code, "0123456789") != "" {
				t.Fatalf("%s: postal code %q is not five digits", c, p.Code)
			}
			if !units[p.Unit] {
				t.Fatalf("%s: postal code %s maps to unknown unit %q", c, p.Code, p.Unit)
			}
			if hasChild[p.Unit] || depth[p.Unit] != 2 {
				t.Fatalf("%s: postal code %s maps to %q, not a lowest-level unit", c, p.Code, p.Unit)
			}
			if !utf8.ValidString(p.Place) || strings.TrimSpace(p.Place) != p.Place {
				t.Fatalf("%s: postal code %s: bad place %q", c, p.Code, p.Place)
			}
			if i > 0 {
				q := d.PostalCodes[i-1]
				if q.Code > p.Code || (q.Code == p.Code && q.Unit >= p.Unit) {
					t.Fatalf("%s: postal codes not sorted by code then unit, or duplicated, at %v after %v", c, p, q)
				}
			}
		}
		// Every Kreis has a PLZ. The US ZIP table (Census 2000 ZCTAs, one county per ZCTA) misses a
		// few counties: Broomfield (created 2001) and small Virginia cities whose ZCTAs are counted
		// to the surrounding county.
		covered := map[string]bool{}
		for _, p := range d.PostalCodes {
			covered[p.Unit] = true
		}
		var uncovered []string
		for _, u := range d.Units {
			if depth[u.Code] == 2 && !covered[u.Code] {
				uncovered = append(uncovered, u.Code+" "+u.Name)
			}
		}
		if limit := map[string]int{"de": 0, "us": 10}[c]; len(uncovered) > limit {
			t.Errorf("%s: %d lowest-level units without a postal code: %v", c, len(uncovered), uncovered)
		} else if len(uncovered) > 0 {
			t.Logf("%s: units without a postal code: %v", c, uncovered)
		}
	}
}

func index(d *Dataset) (map[string]Unit, map[string][]PostalCode) {
	units := map[string]Unit{}
	for _, u := range d.Units {
		units[u.Code] = u
	}
	postal := map[string][]PostalCode{}
	for _, p := range d.PostalCodes {
		postal[p.Code] = append(postal[p.Code], p)
	}
	return units, postal
}

func countKinds(d *Dataset) map[string]int {
	n := map[string]int{}
	for _, u := range d.Units {
		n[u.Kind]++
	}
	return n
}

func TestGermany(t *testing.T) {
	d := load(t, "de")
	units, postal := index(d)
	if r := d.Units[0]; r != (Unit{"DE", "Deutschland", "Bundesverband", ""}) {
		t.Errorf("root = %+v", r)
	}
	k := countKinds(d)
	if k["Landesverband"] != 16 || k["Kreisverband"] != 400 {
		t.Errorf("kinds = %v, want 16 Länder and 400 Kreise", k)
	}
	for code, name := range map[string]string{
		"01": "Schleswig-Holstein", "02": "Hamburg", "05": "Nordrhein-Westfalen", "08": "Baden-Württemberg",
		"09": "Bayern", "11": "Berlin", "16": "Thüringen",
		"09162": "München", "09184": "Landkreis München", "11000": "Berlin", "02000": "Hamburg",
		"05315": "Köln", "03241": "Region Hannover", "12052": "Cottbus",
	} {
		if units[code].Name != name {
			t.Errorf("unit %s = %q, want %q", code, units[code].Name, name)
		}
	}
	perLand := map[string]int{}
	for _, u := range d.Units {
		if u.Kind == "Kreisverband" {
			perLand[u.Parent]++
		}
	}
	for land, n := range map[string]int{"09": 96, "05": 53, "03": 45, "08": 44, "11": 1, "02": 1, "04": 2, "16": 22} {
		if perLand[land] != n {
			t.Errorf("Land %s has %d Kreise, want %d", land, perLand[land], n)
		}
	}
	for plz, want := range map[string]string{"80331": "09162", "10115": "11000", "20095": "02000", "50667": "05315", "01067": "14612"} {
		ps := postal[plz]
		if len(ps) != 1 || ps[0].Unit != want {
			t.Errorf("PLZ %s → %v, want Kreis %s", plz, ps, want)
		}
	}
	if p := postal["80331"]; len(p) == 1 && p[0].Place != "München" {
		t.Errorf("PLZ 80331 place %q", p[0].Place)
	}
	// A PLZ across a Land border: 22113 lies in Hamburg and in Kreis Stormarn (Oststeinbek).
	var got []string
	for _, p := range postal["22113"] {
		got = append(got, p.Unit)
	}
	if !slices.Equal(got, []string{"01062", "02000"}) {
		t.Errorf("PLZ 22113 → %v, want [01062 02000]", got)
	}
	if n := len(postal); n < 8100 || n > 8400 {
		t.Errorf("%d distinct PLZ, want about 8,200", n)
	}
	if !strings.Contains(d.Attribution, "OpenStreetMap") || !strings.Contains(d.Attribution, "ODbL") {
		t.Errorf("attribution lacks OpenStreetMap/ODbL: %q", d.Attribution)
	}
}

func TestUnitedStates(t *testing.T) {
	d := load(t, "us")
	units, postal := index(d)
	if r := d.Units[0]; r != (Unit{"US", "United States", "national", ""}) {
		t.Errorf("root = %+v", r)
	}
	k := countKinds(d)
	if k["state"] != 51 || k["county"] < 3100 || k["county"] > 3250 {
		t.Errorf("kinds = %v, want 51 states (with DC) and about 3,140 counties", k)
	}
	for code, name := range map[string]string{
		"06": "California", "11": "District of Columbia", "02": "Alaska", "56": "Wyoming",
		"06037": "Los Angeles County", "35013": "Doña Ana County", "11001": "District of Columbia",
		"51600": "Fairfax city", "51059": "Fairfax County", "22071": "Orleans Parish", "01115": "St. Clair County",
	} {
		if units[code].Name != name {
			t.Errorf("unit %s = %q, want %q", code, units[code].Name, name)
		}
	}
	for zip, want := range map[string]string{"90012": "06037", "10001": "36061", "20001": "11001", "35004": "01115", "88001": "35013"} {
		ps := postal[zip]
		if len(ps) != 1 || ps[0].Unit != want {
			t.Errorf("ZIP %s → %v, want county %s", zip, ps, want)
		}
	}
	if p := postal["90012"]; len(p) == 1 && p[0].Place != "Los Angeles" {
		t.Errorf("ZIP 90012 place %q", p[0].Place)
	}
	if n := len(postal); n < 30000 {
		t.Errorf("only %d ZIPs", n)
	}
	if !strings.Contains(d.Attribution, "Census") {
		t.Errorf("attribution lacks the Census Bureau: %q", d.Attribution)
	}
}

func TestLoadReturnsFreshCopies(t *testing.T) {
	a := load(t, "de")
	a.Units[0].Name = "changed"
	a.PostalCodes = a.PostalCodes[:1]
	b := load(t, "de")
	if b.Units[0].Name != "Deutschland" || len(b.PostalCodes) < 8000 {
		t.Error("a Dataset shares state with later Loads")
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, c := range Countries() {
		b.Run(c, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestElectoralDistrictsDE(t *testing.T) {
	d, ok, err := ElectoralDistricts("de")
	if err != nil || !ok {
		t.Fatalf("ElectoralDistricts(de) = %v, %v", ok, err)
	}
	if len(d.ByPostal) < 8000 || d.ByPostal["01067"] != "158 Dresden I" || d.ByPostal["80331"] == "" {
		t.Errorf("%d codes; 01067 → %q, 80331 → %q", len(d.ByPostal), d.ByPostal["01067"], d.ByPostal["80331"])
	}
	if _, ok, _ := ElectoralDistricts("us"); ok {
		t.Error("a US table appeared")
	}
}
