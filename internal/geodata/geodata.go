// Package geodata ships real administrative geography (Germany, United States) as unit trees with postal-code mappings, for demo organizations and address enrichment.
//
// The tables in data/ are derived from public sources by ./internal/gen; NOTICE.md at the repository
// root names the sources, their licences and what was derived. Dataset.Attribution carries the
// attribution that must be shown wherever a dataset is used.
package geodata

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"strings"
)

//go:embed data/de_units.tsv data/de_postal.tsv data/us_units.tsv data/us_postal.tsv.gz data/de_bundestag2025.tsv.gz
var files embed.FS

// Unit is one node of a country's administrative tree.
type Unit struct {
	Code   string // stable official code: "DE", AGS "09" (Land), AGS "09162" (Kreis); "US", FIPS "06" (state), "06037" (county)
	Name   string // e.g. "Bayern", "München", "California", "Los Angeles County"
	Kind   string // DE: "Bundesverband", "Landesverband", "Kreisverband"; US: "national", "state", "county"
	Parent string // Code of the parent; "" for the root
}

// PostalCode maps a postal code to a lowest-level unit.
type PostalCode struct {
	Code  string // "80331", "90012" (as text, leading zeros kept)
	Unit  string // Code of the lowest unit (Kreis/county)
	Place string // place name, e.g. "München"
}

// Dataset is the unit tree and postal-code mapping of one country.
type Dataset struct {
	Country     string       // "de" or "us"
	Name        string       // "Germany" / "United States"
	Units       []Unit       // parents always before children; root first
	PostalCodes []PostalCode // a postal code may map to several units (one row each); sorted by Code then Unit
	Attribution string       // licence/attribution text for this dataset
}

const attributionDE = "Postal codes and their Kreis/municipality assignment: © OpenStreetMap contributors, " +
	"available under the Open Database License (ODbL 1.0), https://www.openstreetmap.org/copyright; " +
	"compiled by suche-postleitzahl.org. Derived table (Länder, Kreise with AGS codes, PLZ → Kreis): " +
	"Roster project, made available under the ODbL 1.0."

const attributionUS = "County and state names and FIPS codes, and ZIP Code Tabulation Areas (Census 2000) → county: " +
	"U.S. Census Bureau (public domain, not endorsed by the Census Bureau), " +
	"via github.com/kjhealy/fips-codes and github.com/scpike/us-state-county-zip. " +
	"ZIP codes are Census ZCTAs of 2000, not the current USPS list."

// Countries returns the codes of the countries Load knows.
func Countries() []string { return []string{"de", "us"} }

// Load parses the embedded tables of a country ("de" or "us") and returns a fresh Dataset; callers
// may modify it. Each call parses again.
func Load(country string) (*Dataset, error) {
	d := &Dataset{Country: country}
	var postal string
	switch country {
	case "de":
		d.Name, d.Attribution, postal = "Germany", attributionDE, "data/de_postal.tsv"
	case "us":
		d.Name, d.Attribution, postal = "United States", attributionUS, "data/us_postal.tsv.gz"
	default:
		return nil, fmt.Errorf("geodata: unknown country %q (want one of %v)", country, Countries())
	}
	err := readTable("data/"+country+"_units.tsv", "code\tname\tkind\tparent", func(n int) {
		d.Units = make([]Unit, 0, n)
	}, func(f []string) {
		d.Units = append(d.Units, Unit{Code: f[0], Name: f[1], Kind: f[2], Parent: f[3]})
	})
	if err != nil {
		return nil, err
	}
	err = readTable(postal, "code\tunit\tplace", func(n int) {
		d.PostalCodes = make([]PostalCode, 0, n)
	}, func(f []string) {
		d.PostalCodes = append(d.PostalCodes, PostalCode{Code: f[0], Unit: f[1], Place: f[2]})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// readTable reads an embedded tab-separated table (gzip-compressed if the name ends in .gz), checks
// its header, calls size with the number of rows and then row with the fields of each line (the
// slice is reused between calls).
func readTable(name, header string, size func(int), row func([]string)) error {
	data, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("geodata: %w", err)
	}
	if strings.HasSuffix(name, ".gz") {
		z, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("geodata: %s: %w", name, err)
		}
		var b bytes.Buffer
		b.Grow(4 * len(data))
		if _, err := b.ReadFrom(z); err != nil {
			return fmt.Errorf("geodata: %s: %w", name, err)
		}
		data = b.Bytes()
	}
	text := string(data) // one copy; all fields are substrings of it
	line, text, _ := strings.Cut(text, "\n")
	if line != header {
		return fmt.Errorf("geodata: %s: unexpected header %q", name, line)
	}
	size(strings.Count(text, "\n"))
	cols := strings.Count(header, "\t") + 1
	f := make([]string, cols)
	for n := 2; text != ""; n++ {
		line, text, _ = strings.Cut(text, "\n")
		for i := range f {
			var ok bool
			f[i], line, ok = strings.Cut(line, "\t")
			if ok != (i < cols-1) {
				return fmt.Errorf("geodata: %s line %d: want %d fields", name, n, cols)
			}
		}
		if f[0] == "" {
			return fmt.Errorf("geodata: %s line %d: empty code", name, n)
		}
		row(f)
	}
	return nil
}

const attributionDistrictsDE = "Postal codes → Bundestag constituencies 2025 (best match by area): " +
	"github.com/jolyphil/postal-codes-to-electoral-districts (MIT), from OpenStreetMap data (ODbL 1.0) and " +
	"the constituency geometries of Die Bundeswahlleiterin (dl-de/by-2.0)."

// Districts is a postal code → electoral district table.
type Districts struct {
	Name        string            // what the district is, used as the attribute name: "bundestag_wahlkreis_2025"
	ByPostal    map[string]string // postal code → "158 Dresden I"
	Attribution string
}

// ElectoralDistricts returns the electoral district table that ships for a country ("de": Bundestag
// constituencies of 2025); false when there is none.
func ElectoralDistricts(country string) (*Districts, bool, error) {
	if country != "de" {
		return nil, false, nil
	}
	d := &Districts{Name: "bundestag_wahlkreis_2025", Attribution: attributionDistrictsDE}
	err := readTable("data/de_bundestag2025.tsv.gz", "code\tnumber\tname", func(n int) {
		d.ByPostal = make(map[string]string, n)
	}, func(f []string) {
		d.ByPostal[f[0]] = f[1] + " " + f[2]
	})
	return d, err == nil, err
}
