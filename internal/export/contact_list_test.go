package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/roster-crm/roster/internal/domain"
)

func TestDefuseFormula(t *testing.T) {
	for in, want := range map[string]string{
		"+49 89 1234567":             "+49 89 1234567", // a phone number stays dialable
		"+1 (919) 555-0100":          "+1 (919) 555-0100",
		"-12.50":                     "-12.50",
		"0049/89-123":                "0049/89-123",
		"Müller":                     "Müller",
		"=HYPERLINK(\"http://x\")":   "'=HYPERLINK(\"http://x\")",
		"@SUM(A1)":                   "'@SUM(A1)",
		"+1+cmd|' /C calc'!A0":       "'+1+cmd|' /C calc'!A0",
		"-2+3+cmd|' /C calc'!A0":     "'-2+3+cmd|' /C calc'!A0",
		"+A1":                        "'+A1",
		"-Müller":                    "'-Müller",
		"\t=1+1":                     "'\t=1+1",
		"\r=1+1":                     "'\r=1+1",
		"":                           "",
		"+49 89 1234567 ext. office": "'+49 89 1234567 ext. office",
	} {
		if got := DefuseFormula(in); got != want {
			t.Errorf("DefuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

var sampleContact = ContactRow{ID: 17, Name: "Jürgen Öztürk", MemberNumber: "000815", Status: domain.StatusGrace,
	HomeUnit: "München", Email: "juergen@example.org", Phone: "+49 89 1234567", Street: "Sendlinger Straße 1",
	PostalCode: "80331", City: "München", PaidUpUntil: domain.Date{Year: 2026, Month: 3, Day: 31}}

func contactList(t *testing.T, f Format, lang string, rows ...ContactRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	l, err := NewContactList(&buf, f, catalog(t), lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := l.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestContactListMachineVariant(t *testing.T) {
	noMember := ContactRow{ID: 18, Name: "Łukasz Dąbrowski", HomeUnit: "Berlin"}
	out := contactList(t, CSV, "", sampleContact, noMember)
	if bytes.HasPrefix(out, []byte(utf8BOM)) {
		t.Error("the machine variant starts with a byte order mark")
	}
	recs := readCSV(t, out)
	if !slices.Equal(recs[0], ContactColumns()) {
		t.Errorf("header %q", recs[0])
	}
	want := []string{"17", "Jürgen Öztürk", "000815", "grace", "München", "juergen@example.org", "+49 89 1234567",
		"Sendlinger Straße 1", "80331", "München", "2026-03-31"}
	if !slices.Equal(recs[1], want) {
		t.Errorf("row\n%q, want\n%q", recs[1], want)
	}
	if got := recs[2]; got[3] != "" || got[10] != "" {
		t.Errorf("a contact without membership: status %q, paid up until %q", got[3], got[10])
	}
}

func TestContactListForPeople(t *testing.T) {
	body, ok := bytes.CutPrefix(contactList(t, CSV, "de", sampleContact), []byte(utf8BOM))
	if !ok {
		t.Error("no byte order mark: spreadsheets would garble the umlauts")
	}
	recs := readCSV(t, body)
	header := []string{"Roster-ID", "Name", "Mitgliedsnr.", "Status", "Heimatgliederung", "E-Mail", "Telefon", "Straße",
		"PLZ", "Ort", "Bezahlt bis"}
	if !slices.Equal(recs[0], header) {
		t.Errorf("header %q", recs[0])
	}
	row := []string{"17", "Jürgen Öztürk", "000815", "Nachfrist", "München", "juergen@example.org", "+49 89 1234567",
		"Sendlinger Straße 1", "80331", "München", "31.03.2026"}
	if !slices.Equal(recs[1], row) {
		t.Errorf("row\n%q, want\n%q", recs[1], row)
	}

	x, err := excelize.OpenReader(bytes.NewReader(contactList(t, XLSX, "en", sampleContact)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Contacts")
	if err != nil || len(rows) != 2 {
		t.Fatalf("sheet Contacts: %q %v", rows, err)
	}
	if rows[0][1] != "Name" || rows[0][10] != "Paid up until" || rows[1][3] != "Grace period" || rows[1][10] != "2026-03-31" ||
		rows[1][6] != "+49 89 1234567" {
		t.Errorf("English workbook: %q", rows)
	}
}
