// Command gen derives the compact unit and postal-code tables that package geodata embeds.
//
// It reads the public source files in the shared data folder (see /work/shared/data/README.md and
// PROVENANCE.tsv) and writes, into the output folder:
//
//	de_units.tsv      Germany: Bund, 16 Länder, 400 Kreise and kreisfreie Städte (AGS codes)
//	de_postal.tsv     German PLZ → Kreis (one row per PLZ and Kreis) with a place name
//	us_units.tsv      United States: nation, 50 states + DC, counties (FIPS codes)
//	us_postal.tsv.gz  US ZIP (ZCTA 2000) → county with a place name, gzip-compressed
//
// Run it from the module root; a fresh clone never needs to, the outputs are committed:
//
//	go run ./internal/geodata/internal/gen -src /work/shared/data -out internal/geodata/data
//
// The program checks its own output (every postal code maps to a unit of the tree, unit counts per
// level) and fails instead of writing a table that does not pass.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func main() {
	src := flag.String("src", "/work/shared/data", "folder with the public source files")
	out := flag.String("out", filepath.Join("internal", "geodata", "data"), "folder to write the derived tables to")
	flag.Parse()
	log.SetFlags(0)
	if err := run(*src, *out); err != nil {
		log.Fatal("gen: ", err)
	}
}

func run(src, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	de, err := buildDE(filepath.Join(src, "1-de-plz", "suche-postleitzahl_zuordnung_plz_ort.csv"))
	if err != nil {
		return fmt.Errorf("germany: %w", err)
	}
	if err := de.write(out, "de", false); err != nil {
		return err
	}
	us, err := buildUS(filepath.Join(src, "2-us-zip-fips", "kjhealy_county_fips_master.csv"),
		filepath.Join(src, "2-us-zip-fips", "scpike_geo-data.csv"))
	if err != nil {
		return fmt.Errorf("united states: %w", err)
	}
	return us.write(out, "us", true)
}

type unit struct{ code, name, kind, parent string }

type postal struct{ code, unit, place string }

type dataset struct {
	units  []unit
	postal []postal
}

// check verifies the invariants that package geodata promises and its tests assert.
func (d *dataset) check() error {
	seen := map[string]bool{}
	for i, u := range d.units {
		if u.code == "" || u.name == "" || u.kind == "" {
			return fmt.Errorf("unit %d incomplete: %+v", i, u)
		}
		if seen[u.code] {
			return fmt.Errorf("duplicate unit code %q", u.code)
		}
		if (i == 0) != (u.parent == "") {
			return fmt.Errorf("unit %q: only the first unit may be the root", u.code)
		}
		if u.parent != "" && !seen[u.parent] {
			return fmt.Errorf("unit %q: parent %q missing or after the child", u.code, u.parent)
		}
		seen[u.code] = true
	}
	units := map[string]unit{}
	parents := map[string]bool{}
	for _, u := range d.units {
		units[u.code] = u
		parents[u.parent] = true
	}
	for i, p := range d.postal {
		u, ok := units[p.unit]
		if !ok {
			return fmt.Errorf("postal code %s: unknown unit %q", p.code, p.unit)
		}
		if parents[u.code] {
			return fmt.Errorf("postal code %s: unit %q is not a lowest-level unit", p.code, p.unit)
		}
		if len(p.code) != 5 || strings.Trim(p.code, "0123456789") != "" {
			return fmt.Errorf("postal code %q is not five digits", p.code)
		}
		if i > 0 {
			q := d.postal[i-1]
			if q.code > p.code || (q.code == p.code && q.unit >= p.unit) {
				return fmt.Errorf("postal codes not sorted/unique at %s/%s", p.code, p.unit)
			}
		}
	}
	return nil
}

func (d *dataset) write(dir, prefix string, gz bool) error {
	if err := d.check(); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("code\tname\tkind\tparent\n")
	for _, u := range d.units {
		writeRow(&b, u.code, u.name, u.kind, u.parent)
	}
	if err := os.WriteFile(filepath.Join(dir, prefix+"_units.tsv"), b.Bytes(), 0o644); err != nil {
		return err
	}
	b.Reset()
	b.WriteString("code\tunit\tplace\n")
	for _, p := range d.postal {
		writeRow(&b, p.code, p.unit, p.place)
	}
	name := prefix + "_postal.tsv"
	data := b.Bytes()
	if gz {
		name += ".gz"
		var z bytes.Buffer
		w, err := gzip.NewWriterLevel(&z, gzip.BestCompression) // header without name or time: reproducible bytes
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		data = z.Bytes()
	}
	return os.WriteFile(filepath.Join(dir, name), data, 0o644)
}

func writeRow(b *bytes.Buffer, fields ...string) {
	for i, f := range fields {
		if strings.ContainsAny(f, "\t\r\n") || !utf8.ValidString(f) {
			log.Fatalf("gen: field %q cannot be written to TSV", f)
		}
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f)
	}
	b.WriteByte('\n')
}

// readCSV reads a comma-separated file with a header line and returns the rows as maps by column name.
func readCSV(path string, data []byte) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, m)
	}
	return rows, nil
}

func need(rows []map[string]string, cols ...string) error {
	if len(rows) == 0 {
		return errors.New("no rows")
	}
	for _, c := range cols {
		if _, ok := rows[0][c]; !ok {
			return fmt.Errorf("column %q missing", c)
		}
	}
	return nil
}

func pad(s string, n int) (string, error) {
	if s == "" || len(s) > n || strings.Trim(s, "0123456789") != "" {
		return "", fmt.Errorf("code %q is not a number of at most %d digits", s, n)
	}
	return strings.Repeat("0", n-len(s)) + s, nil
}

// ---------------------------------------------------------------------------------------------------
// Germany

// buildDE derives the German tree from the OpenStreetMap-based PLZ → municipality table of
// suche-postleitzahl.org. Each row carries the 8-digit AGS of a municipality (Gemeinde); its first
// two digits are the Land, its first five the Kreis. The export lost leading zeros (numeric
// columns), so PLZ and AGS are zero-padded again here.
func buildDE(path string) (*dataset, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(path, raw)
	if err != nil {
		return nil, err
	}
	if err := need(rows, "ags", "ort", "plz", "landkreis", "bundesland"); err != nil {
		return nil, err
	}
	type muni struct{ ags, ort string }
	landName := map[string]string{}
	kreisLK := map[string]map[string]bool{} // non-empty landkreis values per Kreis
	cityName := map[string]string{}         // Kreis → name of the municipality with AGS xxxxx000 (kreisfreie Stadt)
	plzOf := map[muni]map[string]bool{}
	type key struct{ plz, kreis string }
	cands := map[key][]muni{}
	padded := 0
	for _, r := range rows {
		plz, err := pad(r["plz"], 5)
		if err != nil {
			return nil, err
		}
		ags, err := pad(r["ags"], 8)
		if err != nil {
			return nil, err
		}
		if plz != r["plz"] || ags != r["ags"] {
			padded++
		}
		land, kreis := ags[:2], ags[:5]
		if n, ok := landName[land]; ok && n != r["bundesland"] {
			return nil, fmt.Errorf("Land %s named both %q and %q", land, n, r["bundesland"])
		}
		landName[land] = r["bundesland"]
		if kreisLK[kreis] == nil {
			kreisLK[kreis] = map[string]bool{}
		}
		if r["landkreis"] != "" {
			kreisLK[kreis][r["landkreis"]] = true
		}
		if strings.HasSuffix(ags, "000") {
			if n, ok := cityName[kreis]; ok && n != r["ort"] {
				return nil, fmt.Errorf("Kreis %s: two cities %q and %q", kreis, n, r["ort"])
			}
			cityName[kreis] = r["ort"]
		}
		m := muni{ags, r["ort"]}
		if plzOf[m] == nil {
			plzOf[m] = map[string]bool{}
		}
		plzOf[m][plz] = true
		k := key{plz, kreis}
		if !slices.Contains(cands[k], m) {
			cands[k] = append(cands[k], m)
		}
	}
	log.Printf("DE: %d rows, %d with leading zeros restored", len(rows), padded)

	d := &dataset{units: []unit{{"DE", "Deutschland", "Bundesverband", ""}}}
	lands := sortedKeys(landName)
	for _, l := range lands {
		d.units = append(d.units, unit{l, landName[l], "Landesverband", "DE"})
	}
	perLand := map[string]int{}
	var kreisfrei []string
	for _, k := range sortedKeys(kreisLK) {
		var name string
		switch lk := sortedKeys(kreisLK[k]); {
		case len(lk) == 1:
			name = lk[0]
			if cityName[k] != "" {
				// Eisenach (16063105) lost its own Kreis in 2021; OSM still tags it without a
				// Landkreis, but its AGS is Wartburgkreis'. Other Kreise must not be mixed.
				log.Printf("DE: Kreis %s %q also has a city AGS %s000 (%s)", k, name, k, cityName[k])
			}
		case len(lk) > 1:
			return nil, fmt.Errorf("Kreis %s has several names %v", k, lk)
		default:
			name = cityName[k]
			if name == "" {
				return nil, fmt.Errorf("Kreis %s has neither a Landkreis name nor a city", k)
			}
			// Bilingual official names "Cottbus - Chóśebuz": the Kreis takes the German part.
			if i := strings.Index(name, " - "); i > 0 {
				log.Printf("DE: Kreis %s: %q shortened to %q", k, name, name[:i])
				name = name[:i]
			}
			kreisfrei = append(kreisfrei, k)
		}
		d.units = append(d.units, unit{k, name, "Kreisverband", k[:2]})
		perLand[k[:2]]++
	}
	var counts []string
	for _, l := range lands {
		counts = append(counts, fmt.Sprintf("%s %s %d", l, landName[l], perLand[l]))
	}
	log.Printf("DE: %d Länder, %d Kreise (%d kreisfreie Städte incl. Berlin, Hamburg, Bremen, Bremerhaven): %s",
		len(lands), len(kreisLK), len(kreisfrei), strings.Join(counts, "; "))
	if len(lands) != 16 || len(kreisLK) != 400 {
		return nil, fmt.Errorf("expected 16 Länder and 400 Kreise, got %d and %d", len(lands), len(kreisLK))
	}

	// Place: among the municipalities that share this PLZ inside one Kreis, the one with the most
	// postal codes overall (a proxy for the larger town, which the Post usually names); ties by name.
	multi := 0
	for k, ms := range cands {
		if len(ms) > 1 {
			multi++
		}
		slices.SortFunc(ms, func(a, b muni) int {
			if n := len(plzOf[b]) - len(plzOf[a]); n != 0 {
				return n
			}
			return strings.Compare(a.ort+a.ags, b.ort+b.ags)
		})
		d.postal = append(d.postal, postal{k.plz, k.kreis, ms[0].ort})
	}
	sortPostal(d.postal)
	plzs := map[string]bool{}
	for _, p := range d.postal {
		plzs[p.code] = true
	}
	log.Printf("DE: %d PLZ, %d PLZ-Kreis rows (%d PLZ in several Kreise), %d rows chose among several municipalities",
		len(plzs), len(d.postal), len(d.postal)-len(plzs), multi)
	return d, nil
}

func sortPostal(p []postal) {
	slices.SortFunc(p, func(a, b postal) int {
		if c := strings.Compare(a.code, b.code); c != 0 {
			return c
		}
		return strings.Compare(a.unit, b.unit)
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ---------------------------------------------------------------------------------------------------
// United States

// countyNameFix repairs county names whose source bytes are not valid UTF-8. The county master
// holds "Do\xd0a Ana County": a single byte 0xD0 where "ñ" belongs (in Latin-1 0xD0 would be "Ð",
// so the byte is simply wrong and cannot be decoded by any charset).
func countyNameFixes() map[string]string {
	return map[string]string{
		"35013": "Doña Ana County",
	}
}

// zipCountyAlias maps county names of the ZIP file (Census 2000) that no longer exist, or were
// truncated in the file, to today's county of the tree (by state and name as written in the ZIP file).
func zipCountyAliases() map[[2]string]string {
	return map[[2]string]string{
		{"AK", "Wade Hampton Census Area"}: "02158", // renamed Kusilvak Census Area (2015)
		{"AK", "Yakutat Borou"}:            "02282", // truncated: Yakutat City and Borough
		{"SD", "Shannon"}:                  "46102", // renamed Oglala Lakota County (2015)
		{"VA", "Clifton Forge city"}:       "51005", // became a town in Alleghany County (2001)
	}
}

// zipCityAlias handles Alaskan census areas of 2000 that were split later; the ZIP's town decides.
func zipCityAliases() map[[3]string]string {
	return map[[3]string]string{
		// Skagway-Hoonah-Angoon Census Area (split 2007)
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Skagway"}:         "02230", // Skagway Municipality
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Angoon"}:          "02105", // Hoonah-Angoon Census Area
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Elfin cove"}:      "02105",
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Gustavus"}:        "02105",
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Hoonah"}:          "02105",
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Pelican"}:         "02105",
		{"AK", "Skagway-Hoonah-Angoon Census Area", "Tenakee springs"}: "02105",
		// Wrangell-Petersburg Census Area (split 2008/2013)
		{"AK", "Wrangell-Petersburg Census Area", "Wrangell"}:   "02275", // Wrangell City and Borough
		{"AK", "Wrangell-Petersburg Census Area", "Petersburg"}: "02195", // Petersburg Borough
		{"AK", "Wrangell-Petersburg Census Area", "Kake"}:       "02198", // Prince of Wales-Hyder Census Area
		// Prince of Wales-Outer Ketchikan Census Area (name truncated in the file; reorganized 2008)
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Meyers chuck"}: "02275", // annexed by Wrangell
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Coffman cove"}: "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Thorne bay"}:   "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Craig"}:        "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Hydaburg"}:     "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Hyder"}:        "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Klawock"}:      "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Metlakatla"}:   "02198",
		{"AK", "Prince of Wales-Outer Ketchikan Census", "Point baker"}:  "02198",
	}
}

// countyKey folds a county name for matching: accents removed, lower case, the kind of county
// ("County", "Parish", "Borough", "Census Area", "City and Borough", "Municipality") dropped, and
// everything but letters and digits removed, so "St. Clair" = "St Clair" and "DeKalb" = "De Kalb".
// " city" is kept on purpose: Virginia's independent cities sit next to counties of the same name.
func countyKey(s string) string {
	s = strings.ToLower(s)
	for _, suf := range []string{" city and borough", " census area", " municipality", " borough", " county", " parish"} {
		if strings.HasSuffix(s, suf) {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func buildUS(countyPath, zipPath string) (*dataset, error) {
	raw, err := os.ReadFile(countyPath)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		bad := 0
		for i := 0; i < len(raw); {
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				bad++
			}
			i += n
		}
		log.Printf("US: county file holds %d byte(s) that are not UTF-8; replaced, then repaired by FIPS", bad)
		raw = []byte(strings.ToValidUTF8(string(raw), "\uFFFD"))
	}
	rows, err := readCSV(countyPath, raw)
	if err != nil {
		return nil, err
	}
	if err := need(rows, "fips", "county_name", "state_abbr", "state_name", "sumlev"); err != nil {
		return nil, err
	}
	countyNameFix, zipCountyAlias, zipCityAlias := countyNameFixes(), zipCountyAliases(), zipCityAliases()
	stateName := map[string]string{}   // FIPS → name
	stateByAbbr := map[string]string{} // USPS abbreviation → FIPS
	countyName := map[string]string{}  // FIPS → name
	byKey := map[[2]string][]string{}  // state abbreviation, countyKey → county FIPS
	skipped := 0
	for _, r := range rows {
		if r["sumlev"] != "50" { // 40 = the DC state row; NA = counties that no longer exist
			skipped++
			continue
		}
		fips, err := pad(r["fips"], 5)
		if err != nil {
			return nil, err
		}
		name := r["county_name"]
		if strings.ContainsRune(name, utf8.RuneError) {
			fix, ok := countyNameFix[fips]
			if !ok {
				return nil, fmt.Errorf("county %s: name %q not valid UTF-8 and no repair known", fips, name)
			}
			log.Printf("US: county %s name repaired to %q", fips, fix)
			name = fix
		}
		if _, dup := countyName[fips]; dup {
			return nil, fmt.Errorf("county %s twice", fips)
		}
		countyName[fips] = name
		st := fips[:2]
		if n, ok := stateName[st]; ok && n != r["state_name"] {
			return nil, fmt.Errorf("state %s named %q and %q", st, n, r["state_name"])
		}
		stateName[st] = r["state_name"]
		stateByAbbr[r["state_abbr"]] = st
		k := [2]string{r["state_abbr"], countyKey(name)}
		byKey[k] = append(byKey[k], fips)
	}
	for k, v := range byKey {
		if len(v) > 1 {
			return nil, fmt.Errorf("county key %v ambiguous: %v", k, v)
		}
	}
	log.Printf("US: %d states (incl. DC), %d counties; %d county-file rows skipped (sumlev not 50)",
		len(stateName), len(countyName), skipped)
	if len(stateName) != 51 {
		return nil, fmt.Errorf("expected 50 states + DC, got %d", len(stateName))
	}
	for _, f := range zipCountyAlias {
		if countyName[f] == "" {
			return nil, fmt.Errorf("alias target %s not in the county list", f)
		}
	}
	for _, f := range zipCityAlias {
		if countyName[f] == "" {
			return nil, fmt.Errorf("alias target %s not in the county list", f)
		}
	}

	d := &dataset{units: []unit{{"US", "United States", "national", ""}}}
	for _, st := range sortedKeys(stateName) {
		d.units = append(d.units, unit{st, stateName[st], "state", "US"})
	}
	for _, c := range sortedKeys(countyName) {
		d.units = append(d.units, unit{c, countyName[c], "county", c[:2]})
	}

	raw, err = os.ReadFile(zipPath)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("%s is not UTF-8", zipPath)
	}
	zrows, err := readCSV(zipPath, raw)
	if err != nil {
		return nil, err
	}
	if err := need(zrows, "state_abbr", "zipcode", "county", "city"); err != nil {
		return nil, err
	}
	var pseudo, territory, byName, byAlias int
	unmatched := map[string]int{}
	placeOf := map[string]string{} // ZIP → a non-empty place name seen on any of its rows
	type zk struct{ zip, county string }
	seen := map[zk]int{} // index into d.postal
	for _, r := range zrows {
		zip := r["zipcode"]
		if len(zip) != 5 || strings.Trim(zip, "0123456789") != "" {
			pseudo++ // "350HH", "350XX": Census pseudo-ZCTAs for water and unassigned land
			continue
		}
		st := r["state_abbr"]
		if _, ok := stateByAbbr[st]; !ok {
			territory++
			continue
		}
		var fips string
		if v := byKey[[2]string{st, countyKey(r["county"])}]; len(v) == 1 {
			fips = v[0]
			byName++
		} else if f, ok := zipCountyAlias[[2]string{st, r["county"]}]; ok {
			fips = f
			byAlias++
		} else if f, ok := zipCityAlias[[3]string{st, r["county"], r["city"]}]; ok {
			fips = f
			byAlias++
		} else {
			unmatched[st+" "+r["county"]]++
			continue
		}
		place := usPlace(r["city"])
		if place != "" && placeOf[zip] == "" {
			placeOf[zip] = place
		}
		if i, dup := seen[zk{zip, fips}]; dup {
			if d.postal[i].place == "" {
				d.postal[i].place = place
			}
			continue
		}
		seen[zk{zip, fips}] = len(d.postal)
		d.postal = append(d.postal, postal{zip, fips, place})
	}
	filled := 0
	for i := range d.postal {
		if d.postal[i].place == "" && placeOf[d.postal[i].code] != "" {
			d.postal[i].place = placeOf[d.postal[i].code]
			filled++
		}
	}
	sortPostal(d.postal)
	nUnmatched := 0
	for _, n := range unmatched {
		nUnmatched += n
	}
	zips := map[string]bool{}
	noPlace := 0
	for _, p := range d.postal {
		zips[p.code] = true
		if p.place == "" {
			noPlace++
		}
	}
	log.Printf("US: %d ZIP rows read: %d pseudo-ZCTAs (HH/XX) dropped, %d outside the 50 states + DC dropped, "+
		"%d matched by county name, %d by a documented alias, %d unmatched %v",
		len(zrows), pseudo, territory, byName, byAlias, nUnmatched, unmatched)
	log.Printf("US: %d ZIPs, %d ZIP-county rows; %d places taken from another row of the same ZIP, %d without a place",
		len(zips), len(d.postal), filled, noPlace)
	return d, nil
}

// usPlace turns the ZIP file's sentence-case city ("Los angeles", "Fort mcdowell") into title case
// ("Los Angeles", "Fort McDowell"). "Zcta 35128" placeholders (no postal city) give "".
func usPlace(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || strings.HasPrefix(strings.ToLower(s), "zcta ") {
		return ""
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case i > 0 && (lw == "of" || lw == "the" || lw == "and"):
			words[i] = lw
		case lw == "afb" || lw == "mcas" || lw == "nas" || lw == "ii" || lw == "iii":
			words[i] = strings.ToUpper(w)
		default:
			words[i] = capWord(w)
		}
	}
	return strings.Join(words, " ")
}

// capWord capitalizes the first letter of w and of each part after '-', '/' or an "O'" / "D'"
// prefix, and the letter after a leading "Mc".
func capWord(w string) string {
	rs := []rune(w)
	up := true
	for i, r := range rs {
		if up && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			up = false
		}
		if r == '-' || r == '/' || r == '.' {
			up = true
		}
		if r == '\'' && i == 1 {
			up = true
		}
	}
	if len(rs) > 3 && (rs[0] == 'M' && rs[1] == 'c') && unicode.IsLetter(rs[2]) {
		rs[2] = unicode.ToUpper(rs[2])
	}
	return string(rs)
}
