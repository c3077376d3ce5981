package importfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// sharedData returns a file of the shared reference data (../shared/data beside the repository, or
// $ROSTER_SHARED_DATA), or skips the test when the folder is absent, as on a fresh clone.
func sharedData(t *testing.T, rel string) []byte {
	t.Helper()
	dir := os.Getenv("ROSTER_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("shared reference data not found (%s); set ROSTER_SHARED_DATA to run this test", filepath.Join(dir, rel))
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, header)
	}
	return i
}

func TestCiviCRMUnicode(t *testing.T) {
	r, got := readAll(t, sharedData(t, "4-civicrm/individual_unicode.csv"), "individual_unicode.csv", Options{})
	if r.Encoding() != UTF8 || len(got.rows) != 1 || len(got.errs) != 0 {
		t.Fatalf("%s, %d rows, errors %q", r.Encoding(), len(got.rows), got.errs)
	}
	row := got.rows[0]
	if row[column(t, got.header, "Country")] != "Côte d'Ivoire" || !strings.Contains(row[2], "কানাডা") {
		t.Errorf("row %q", row)
	}
	if f := strings.Join(fieldsOf(Suggest(got.header)), "|"); f != "given_name|family_name||country" {
		t.Errorf("mapping %s", f)
	}
}

// CiviCRM's date test file marks each row Valid or Invalid; a row is valid when all four dates parse.
func TestCiviCRMDates(t *testing.T) {
	_, got := readAll(t, sharedData(t, "4-civicrm/individual_dates_type1.csv"), "individual_dates_type1.csv", Options{})
	m := Suggest(got.header)
	if m.Index(GivenName) != 0 || m.Index(FamilyName) != 1 || m.Index(BirthDate) != 2 || m.Index(DeceasedOn) != 3 ||
		m.Index(Street) != 6 {
		t.Errorf("mapping %q", fieldsOf(m))
	}
	expected := column(t, got.header, "expected")
	for _, row := range got.rows {
		valid := true
		for c := 2; c <= 5; c++ {
			if _, err := ParseDate(row[c], DetectDateOrder([]string{row[c]})); err != nil {
				valid = false
			}
		}
		if want := row[expected] == "Valid"; valid != want {
			t.Errorf("row %q: valid %v, CiviCRM expects %s", row, valid, row[expected])
		}
	}
}

func TestCiviCRMRelatedContacts(t *testing.T) {
	_, got := readAll(t, sharedData(t, "4-civicrm/individual_locations_with_related.csv"), "x.csv", Options{})
	if len(got.rows) != 1 || len(got.errs) != 0 {
		t.Fatalf("%d rows, errors %q", len(got.rows), got.errs)
	}
	m := Suggest(got.header)
	want := map[string]Field{
		"First Name": GivenName, "Birth Date": BirthDate, "Street Address": Street, "City": City,
		"Postal Code": PostalCode, "Country": Country, "State": Region, "Email": Email, "Phone": Phone,
		"Phone Ext": Ignore, "Website": Ignore, "Mum-email": Ignore, "Mum-phone": Ignore, "Team email": Ignore,
		"Mum\u2019s first name": Ignore, "Sister-Street Address": Ignore, "Team Address1": Ignore,
	}
	lastNames := 0
	for i, c := range m.Columns {
		if f, ok := want[strings.TrimSpace(c.Header)]; ok && Field(c.Field) != f {
			t.Errorf("%q → %q, want %q", c.Header, c.Field, f)
		}
		if c.Header == "Last Name" {
			if lastNames == 0 && Field(c.Field) != FamilyName || lastNames == 1 && Field(c.Field) != Ignore {
				t.Errorf("Last Name #%d (column %d) → %q", lastNames+1, i, c.Field)
			}
			lastNames++
		}
	}
	if lastNames != 2 {
		t.Errorf("%d Last Name columns", lastNames)
	}
	if d, err := ParseDate(got.rows[0][m.Index(BirthDate)], ""); err != nil || d.String() != "2002-01-08" {
		t.Errorf("birth date %v, %v", d, err)
	}
}

func TestCiviCRMOtherFiles(t *testing.T) {
	for _, tc := range []struct {
		file, fields string
		rows         int
	}{
		{"organization_multiple_duplicates_invalid.csv", "organization_name|email", 3},
		{"contribute_contributions.csv", "external_id:external||||||note|", 1},
		{"contribute_soft_credit_extended.csv", "organization_name|||||||", 2},
		{"individual_country_state_county_with_related.csv",
			"given_name|family_name|email||country|region||||||||||||||||", 8},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, got := readAll(t, sharedData(t, "4-civicrm/"+tc.file), tc.file, Options{})
			if len(got.rows) != tc.rows || len(got.errs) != 0 {
				t.Errorf("%d rows, errors %q", len(got.rows), got.errs)
			}
			if f := strings.Join(fieldsOf(Suggest(got.header)), "|"); f != tc.fields {
				t.Errorf("mapping\n%s\nwant\n%s", f, tc.fields)
			}
		})
	}
}

func TestNorthCarolinaSyntheticFile(t *testing.T) {
	r, got := readAll(t, sharedData(t, "3-voter-files/nvf_test_nc.csv"), "nvf_test_nc.csv", Options{})
	if r.Delimiter() != '\t' || len(got.rows) != 100 || len(got.errs) != 0 {
		t.Fatalf("delimiter %q, %d rows, errors %q", r.Delimiter(), len(got.rows), got.errs)
	}
	m := Suggest(got.header)
	if m.Preset != "us-nc-ncvoter" {
		t.Fatalf("preset %q; mapping %q", m.Preset, fieldsOf(m))
	}
	if err := m.Validate(got.header); err != nil {
		t.Fatal(err)
	}
	ncid, reg, county := column(t, got.header, "ncid"), column(t, got.header, "voter_reg_num"), column(t, got.header, "county_id")
	registered := column(t, got.header, "registr_dt")
	seen := map[string]bool{}
	for _, row := range got.rows {
		if v := m.Value(row, ncid); v == "" || seen[v] {
			t.Errorf("ncid %q empty or repeated", v)
		} else {
			seen[v] = true
		}
		if v := m.Value(row, reg); v != strings.TrimSpace(row[county])+":"+strings.TrimSpace(row[reg]) {
			t.Errorf("voter_reg_num value %q", v)
		}
		if _, err := ParseDate(row[registered], DateOrder(m.Columns[registered].DateOrder)); err != nil {
			t.Errorf("registr_dt: %v", err)
		}
	}
	if f := m.Columns[column(t, got.header, "birth_age")].Field; Field(f) != Ignore {
		t.Errorf("birth_age (an age, not a date) → %q", f)
	}
}

func TestOtherVoterFiles(t *testing.T) {
	for _, tc := range []struct {
		file  string
		delim rune
		rows  int
		want  map[string]Field
	}{
		{"nvf_test_oh.csv", ',', 100, map[string]Field{"FIRST_NAME": GivenName, "LAST_NAME": FamilyName,
			"DATE_OF_BIRTH": BirthDate, "MIDDLE_NAME": MiddleName, "SUFFIX": HonorificSuffix}},
		{"nvf_test_wa.csv", '\t', 1000, map[string]Field{"FName": GivenName, "LName": FamilyName,
			"MName": MiddleName, "Birthdate": BirthDate, "Gender": Gender, "Title": HonorificPrefix}},
		{"nvf_test_fl.csv", '\t', 99, nil}, // no header row: the first voter is taken for one
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, got := readAll(t, sharedData(t, "3-voter-files/"+tc.file), tc.file, Options{})
			if r.Delimiter() != tc.delim || len(got.rows) != tc.rows || len(got.errs) != 0 {
				t.Fatalf("delimiter %q, %d rows, errors %q", r.Delimiter(), len(got.rows), got.errs)
			}
			m := Suggest(got.header)
			for i, h := range got.header {
				if f, ok := tc.want[h]; ok && Field(m.Columns[i].Field) != f {
					t.Errorf("%s → %q, want %q", h, m.Columns[i].Field, f)
				}
			}
		})
	}
}

func TestLatin1NameListWithCRLF(t *testing.T) {
	data := sharedData(t, "7-names/pentestical_most_common_german_surnames_latin1_crlf.txt")
	r, got := readAll(t, data, "names.txt", Options{NoHeader: true})
	if r.Encoding() != Windows1252 || len(got.header) != 1 || len(got.errs) != 0 {
		t.Fatalf("%s, header %q, errors %q", r.Encoding(), got.header, got.errs)
	}
	n := bytes.Count(data, []byte("\r\n"))
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		n++ // the last line has no line end
	}
	if len(got.rows) != n {
		t.Errorf("%d rows for %d lines", len(got.rows), n)
	}
	var names []string
	for _, row := range got.rows {
		if strings.ContainsAny(row[0], "\r\n") {
			t.Errorf("line end left in %q", row[0])
		}
		names = append(names, row[0])
	}
	for _, want := range []string{"Müller", "Schäfer", "Schröder"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s missing from %q", want, names[:20])
		}
	}
}

// A UTF-8 file with one stray byte deep inside (a county name from another encoding): that row is read as
// Windows-1252 and counted, the rest stays UTF-8.
func TestStrayByteInUTF8File(t *testing.T) {
	r, got := readAll(t, sharedData(t, "2-us-zip-fips/kjhealy_county_fips_master.csv"), "county.csv", Options{})
	if r.Encoding() != UTF8 || r.Recoded() != 1 || len(got.errs) != 0 {
		t.Fatalf("%s, %d recoded, errors %q", r.Encoding(), r.Recoded(), got.errs)
	}
	found := false
	for _, row := range got.rows {
		if strings.HasPrefix(row[1], "Do") && strings.HasSuffix(row[1], "a Ana County") {
			found = utf8.ValidString(row[1])
		}
	}
	if !found {
		t.Error("Doña Ana County not read as valid text")
	}
}

// Every CSV of the shared data decodes without a fatal error into valid UTF-8; where Go's strict
// encoding/csv also reads the file, both give the same rows.
func TestSharedCSVFilesAgreeWithEncodingCSV(t *testing.T) {
	sharedData(t, "README.md")
	dir := os.Getenv("ROSTER_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.csv"))
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r, got := readAll(t, data, filepath.Base(path), Options{NoHeader: true})
			for _, row := range got.rows {
				for _, f := range row {
					if !utf8.ValidString(f) {
						t.Fatalf("invalid UTF-8 in %q", row)
					}
				}
			}
			if r.Encoding() != UTF8 || r.Recoded() > 0 {
				return
			}
			cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
			cr.Comma, cr.FieldsPerRecord = r.Delimiter(), -1
			var want [][]string
			for {
				rec, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Logf("encoding/csv refuses the file (%v); not compared", err)
					return
				}
				if strings.TrimSpace(strings.Join(rec, "")) != "" {
					want = append(want, rec)
				}
			}
			for i := range got.rows { // undo the padding of short rows for the comparison
				got.rows[i] = got.rows[i][:len(want[i])]
			}
			if !reflect.DeepEqual(got.rows, want) {
				t.Errorf("rows differ from encoding/csv")
			}
		})
	}
}
