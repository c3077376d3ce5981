package importfile

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

// fieldsOf lists each column's field, with the key after a colon.
func fieldsOf(m Mapping) []string {
	out := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		out[i] = string(c.Field)
		if c.Key != "" {
			out[i] += ":" + c.Key
		}
	}
	return out
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name   string
		header string // '|'-separated
		want   string // '|'-separated fields, "" for ignored
	}{
		{"German club list",
			"Mitgliedsnummer|Anrede|Titel|Vorname|Nachname|Straße|Hausnummer|PLZ|Ort|Geburtsdatum|Eintrittsdatum|E-Mail|Telefon|Handy|Bemerkung",
			"member_number|salutation|honorific_prefix|given_name|family_name|street|house_number|postal_code|city|birth_date|membership_start|email|phone|mobile|note"},
		{"spelling variants",
			"VORNAME|nach-name|Strasse|Postleitzahl|Wohnort|E-Mail-Adresse|Mobiltelefon|Geb.-Datum|Mitglieds-Nr.|Austritt|Beitragsart",
			"given_name|family_name|street|postal_code|city|email|mobile|birth_date|member_number|membership_end|membership_type"},
		{"English export",
			"First Name|Last Name|Email Address|Phone Number|Mobile Phone|Address Line 1|Address Line 2|ZIP Code|City|State|Country|Date of Birth|Member Since|Tags|Notes",
			"given_name|family_name|email|phone|mobile|street|address_extra|postal_code|city|region|country|birth_date|membership_start|tags|note"},
		{"qualified columns",
			"Email (Primary)|Email 2|Telefon privat|Telefon dienstlich|Work Email|Phone Ext",
			"email|email|phone|phone|email|"},
		{"Name beside Vorname is the family name", "Vorname|Name|Ort", "given_name|family_name|city"},
		{"Name alone is the full name", "Name|E-Mail", "full_name|email"},
		{"a single-valued field takes its first column", "Last Name|Nachname|City", "family_name||city"},
		{"CiviCRM machine names",
			"first_name|last_name|external_identifier|contact_type|organization_name|do_not_email|is_opt_out|birth_date|gender_id|supplemental_address_1|state_province",
			"given_name|family_name|external_id:external|kind|organization_name|do_not_email||birth_date|gender|address_extra|region"},
		{"unknown columns are ignored", "Lieblingsfarbe|Website|Job Title|Vorname", "|||given_name"},
		{"empty header", "|Vorname|", "|given_name|"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header := strings.Split(tc.header, "|")
			m := Suggest(header)
			if got := strings.Join(fieldsOf(m), "|"); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if err := m.Validate(header); err != nil {
				t.Errorf("a suggestion does not validate: %v", err)
			}
		})
	}
}

func TestMappingJSONRoundTrip(t *testing.T) {
	header := []string{"Vorname", "Nachname", "Eintritt", "Legacy ID", "Egal"}
	m := Suggest(header)
	m.Columns[2].DateOrder = string(DayMonthYear)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"columns":[{"header":"Vorname","field":"given_name"},{"header":"Nachname","field":"family_name"},` +
		`{"header":"Eintritt","field":"membership_start","date_order":"dmy"},` +
		`{"header":"Legacy ID","field":"external_id","key":"external"},{"header":"Egal"}]}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	var back Mapping
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, m) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	if got := m.Ignored(); !reflect.DeepEqual(got, []string{"Egal"}) {
		t.Errorf("Ignored = %q", got)
	}
}

func TestValidate(t *testing.T) {
	header := []string{"a", "b", "c", "d"}
	m := Mapping{Columns: []ColumnMapping{
		{Header: "a", Field: "shoe_size"},
		{Header: "b", Field: string(GivenName), Key: "x", DateOrder: string(DayMonthYear)},
		{Header: "c", Field: string(ExternalID), Key: "Not Valid", Qualifier: "zz"},
		{Header: "x", Field: string(GivenName)},
	}}
	err := m.Validate(header)
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"columns.0.field", "columns.1.key", "columns.1.date_order", "columns.2.key",
		"columns.2.qualifier", "columns.3.header", "columns.3.field"} {
		if !ve.Has(f) {
			t.Errorf("no problem reported for %s in %v", f, err)
		}
	}
	if err := (Mapping{}).Validate(header); err == nil {
		t.Error("a mapping without columns validated")
	}
	ok := Mapping{Columns: []ColumnMapping{
		{Header: "a", Field: string(Email)}, {Header: "b", Field: string(Email)},
		{Header: "c", Field: string(Attribute), Key: "party"}, {Header: "d", Field: string(Attribute), Key: "precinct", DateOrder: string(MonthDayYear)},
	}}
	if err := ok.Validate(header); err != nil {
		t.Errorf("valid mapping refused: %v", err)
	}
}

// A mapping saved for last year's file is applied to this year's, whose columns moved and changed.
func TestRebind(t *testing.T) {
	saved := Mapping{Columns: []ColumnMapping{
		{Header: "Nr", Field: string(MemberNumber)},
		{Header: "Vorname", Field: string(GivenName)},
		{Header: "Zuname", Field: string(FamilyName)},
		{Header: "Kreis", Field: string(UnitCode)},
		{Header: "Spende", Field: string(Ignore)},
		{Header: "Fax", Field: string(Phone)},
	}}
	header := []string{"E-Mail", "zuname", "VORNAME", "Nr", "Spende", "Kreis", "Geburtsdatum"}
	got, missing := saved.Rebind(header)
	want := "email|family_name|given_name|member_number||unit_code|birth_date"
	if s := strings.Join(fieldsOf(got), "|"); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
	if got.Columns[1].Header != "zuname" {
		t.Errorf("header not taken from the new file: %q", got.Columns[1].Header)
	}
	if !reflect.DeepEqual(missing, []string{"Fax"}) {
		t.Errorf("missing = %q", missing)
	}
	if err := got.Validate(header); err != nil {
		t.Error(err)
	}
}

func TestValue(t *testing.T) {
	header := []string{"county_id", "voter_reg_num", "ncid"}
	m := Suggest(header)
	m.Columns[1] = ColumnMapping{Header: "voter_reg_num", Field: string(ExternalID), Key: "us-nc-voter-reg", Qualifier: "county_id"}
	for _, tc := range []struct {
		row  []string
		col  int
		want string
	}{
		{[]string{"92", " 000123 ", "AB1"}, 1, "92:000123"},
		{[]string{"", "000123", "AB1"}, 1, ""},
		{[]string{"92", "", "AB1"}, 1, ""},
		{[]string{"92", "1", " AB1 "}, 2, "AB1"},
		{[]string{"92"}, 2, ""},
	} {
		if got := m.Value(tc.row, tc.col); got != tc.want {
			t.Errorf("Value(%q, %d) = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
}

func TestFieldsAreKnown(t *testing.T) {
	seen := map[Field]bool{}
	for _, fi := range Fields() {
		if seen[fi.Field] || fi.Field == Ignore {
			t.Errorf("field %q listed twice or empty", fi.Field)
		}
		seen[fi.Field] = true
	}
	for _, s := range synonyms() {
		if _, ok := s.field.Info(); !ok {
			t.Errorf("synonym for unknown field %q", s.field)
		}
		if info, _ := s.field.Info(); info.NeedsKey != (s.key != "") {
			t.Errorf("synonym for %q: key %q", s.field, s.key)
		}
	}
	// No header name may stand for two fields.
	owner := map[string]Field{}
	for _, s := range synonyms() {
		for _, n := range s.names {
			k := headerKey(n)
			if f, ok := owner[k]; ok && f != s.field {
				t.Errorf("%q (%s) means both %s and %s", n, k, f, s.field)
			}
			owner[k] = s.field
		}
	}
}

func TestKeepAsAttributes(t *testing.T) {
	header := []string{"Vorname", "Website", "Mitglied im Chor?", "€", "Website", "Nachname", "Ünterschrift-Datum"}
	m := Suggest(header).KeepAsAttributes([]int{1, 2, 3, 4, 5, 6, 99, -1})
	var got []string
	for _, c := range m.Columns {
		got = append(got, c.Field+":"+c.Key)
	}
	want := []string{"given_name:", "attribute:website", "attribute:mitglied_im_chor", "attribute:column_4",
		"attribute:website_2", "family_name:", "attribute:unterschrift_datum"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if err := m.Validate(header); err != nil {
		t.Errorf("the mapping does not validate: %v", err)
	}
	if k := AttributeKey(strings.Repeat("long words ", 10), 0); len(k) > 32 || !reKey.MatchString(k) {
		t.Errorf("long key %q", k)
	}
}
