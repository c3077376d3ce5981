package importfile

import (
	"strings"
	"testing"
)

// The header of the North Carolina voter file as published since 02/2022 (NCSBE layout_ncvoter.txt).
const ncHeader2022 = "county_id\tcounty_desc\tvoter_reg_num\tncid\tlast_name\tfirst_name\tmiddle_name\tname_suffix_lbl\t" +
	"status_cd\tvoter_status_desc\treason_cd\tvoter_status_reason_desc\tres_street_address\tres_city_desc\tstate_cd\t" +
	"zip_code\tmail_addr1\tmail_addr2\tmail_addr3\tmail_addr4\tmail_city\tmail_state\tmail_zipcode\tfull_phone_number\t" +
	"confidential_ind\tregistr_dt\trace_code\tethnic_code\tparty_cd\tgender_code\tbirth_year\tage_at_year_end\t" +
	"birth_state\tdrivers_lic\tprecinct_abbrv\tprecinct_desc\tmunicipality_abbrv\tmunicipality_desc\tward_abbrv\t" +
	"ward_desc\tcong_dist_abbrv\tsuper_court_abbrv\tjudic_dist_abbrv\tnc_senate_abbrv\tnc_house_abbrv\t" +
	"county_commiss_abbrv\tcounty_commiss_desc\ttownship_abbrv\ttownship_desc\tschool_dist_abbrv\tschool_dist_desc\t" +
	"fire_dist_abbrv\tfire_dist_desc\twater_dist_abbrv\twater_dist_desc\tsewer_dist_abbrv\tsewer_dist_desc\t" +
	"sanit_dist_abbrv\tsanit_dist_desc\trescue_dist_abbrv\trescue_dist_desc\tmunic_dist_abbrv\tmunic_dist_desc\t" +
	"dist_1_abbrv\tdist_1_desc\tvtd_abbrv\tvtd_desc"

func TestPresetsAreValid(t *testing.T) {
	ps := Presets()
	if len(ps) == 0 {
		t.Fatal("no presets")
	}
	for _, p := range ps {
		if p.Name == "" || p.Title == "" || p.Source == "" || len(p.Detect) == 0 {
			t.Errorf("preset %q lacks a name, title, source or detect list", p.Name)
		}
		var header []string
		for _, c := range p.Columns {
			header = append(header, c.Header)
			if c.Qualifier != "" && indexOfKey(header, c.Qualifier) < 0 {
				header = append(header, c.Qualifier)
			}
		}
		m := p.Apply(header)
		for _, d := range p.Detect {
			if indexOfKey(header, d) < 0 {
				t.Errorf("preset %s detects %q, which it does not map", p.Name, d)
			}
		}
		// A file with exactly the preset's columns must validate, except for columns listed under two names
		// (old and new layouts), which never occur together.
		if err := m.Validate(header); err != nil {
			for _, line := range strings.Split(err.Error(), ", ") {
				if !strings.HasSuffix(line, "mapped_twice") {
					t.Errorf("preset %s: %s", p.Name, line)
				}
			}
		}
		if got, ok := DetectPreset(header); !ok || got.Name != p.Name {
			t.Errorf("preset %s not detected from its own columns (got %q)", p.Name, got.Name)
		}
		if byName, ok := PresetByName(p.Name); !ok || byName.Title != p.Title {
			t.Errorf("PresetByName(%q) failed", p.Name)
		}
	}
}

func TestNorthCarolinaPreset(t *testing.T) {
	header := strings.Split(ncHeader2022, "\t")
	m := Suggest(header)
	if m.Preset != "us-nc-ncvoter" {
		t.Fatalf("preset %q", m.Preset)
	}
	if err := m.Validate(header); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ncid":               "external_id:us-nc-ncid",
		"voter_reg_num":      "external_id:us-nc-voter-reg",
		"last_name":          "family_name",
		"first_name":         "given_name",
		"middle_name":        "middle_name",
		"res_street_address": "street",
		"zip_code":           "postal_code",
		"full_phone_number":  "phone",
		"birth_year":         "birth_year",
		"party_cd":           "attribute:party",
		"voter_status_desc":  "attribute:voter_status",
		"registr_dt":         "attribute:voter_registered",
		"race_code":          "",
		"mail_addr1":         "",
		"age_at_year_end":    "",
	}
	fields := fieldsOf(m)
	for i, h := range header {
		if w, ok := want[h]; ok && fields[i] != w {
			t.Errorf("%s → %q, want %q", h, fields[i], w)
		}
	}
	reg := m.Index(ExternalID)
	for i, c := range m.Columns {
		if c.Header == "voter_reg_num" {
			reg = i
		}
	}
	row := make([]string, len(header))
	row[0], row[reg] = "92", "000012345678"
	if v := m.Value(row, reg); v != "92:000012345678" {
		t.Errorf("voter_reg_num value %q: not qualified by the county", v)
	}
	// A generic file that happens to have a last_name column is no voter file.
	if _, ok := DetectPreset([]string{"first_name", "last_name", "zip_code"}); ok {
		t.Error("a generic header was taken for a voter file")
	}
}
