package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
	"github.com/roster-crm/roster/internal/ziplimit/ziptest"
)

// fieldErrors reads the field errors of an error answer.
func fieldErrors(t *testing.T, body []byte) map[string][2]string {
	t.Helper()
	var answer struct {
		Error struct {
			Fields []struct{ Field, Code, Message string }
		}
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	fields := map[string][2]string{}
	for _, f := range answer.Error.Fields {
		fields[f.Field] = [2]string{f.Code, f.Message}
	}
	return fields
}

// A file that unpacks beyond the limits is answered with 422 and a field error saying the limit, and nothing is
// written: neither an import batch nor a unit.
func TestUploadsThatUnpackBeyondTheLimits(t *testing.T) {
	bomb := ziptest.WorkbookBomb(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		status, body := e.do("m1", http.MethodPost, "/api/v1/imports?filename=mitglieder.xlsx", bomb)
		want := [2]string{"file_too_large_unpacked", "The file is too large once unpacked: xl/worksheets/sheet1.xml: more than 512 MiB."}
		if got := fieldErrors(t, body)["file"]; status != http.StatusUnprocessableEntity || got != want {
			t.Errorf("workbook: %d %q", status, got)
		}
		if status, body := e.do("m1", http.MethodGet, "/api/v1/imports", nil); status != http.StatusOK || strings.Contains(string(body), "mitglieder") {
			t.Errorf("imports after the refusal: %d %s", status, body)
		}

		status, archive := e.do("admin", http.MethodGet, fmt.Sprintf("/api/v1/units/%d/archive", e.units["c1"].ID), nil)
		if status != http.StatusOK {
			t.Fatalf("archive: %d", status)
		}
		_, unitsBefore := e.do("admin", http.MethodGet, "/api/v1/units", nil)
		for _, c := range []struct {
			name, field string
			data        []byte
			want        [2]string
		}{
			{"contacts ending in 1 GiB of zeros", "contacts.csv:3",
				ziptest.Edit(t, archive, map[string]ziptest.Gen{"contacts.csv": ziptest.Append("", "\x00", 1<<30)}),
				[2]string{"row_too_large", "A row is longer than 1 MiB: the file is damaged or not written by Roster."}},
			{"notes declaring 3 GiB", "notes.csv",
				ziptest.Edit(t, archive, map[string]ziptest.Gen{"notes.csv": nil}, ziptest.Declared("notes.csv", 3<<30)),
				[2]string{"file_too_large_unpacked", "The file is too large once unpacked: more than 2 GiB."}},
		} {
			status, body := e.do("admin", http.MethodPost, fmt.Sprintf("/api/v1/archives?parent=%d", e.units["s2"].ID), c.data)
			if got := fieldErrors(t, body)[c.field]; status != http.StatusUnprocessableEntity || got != c.want {
				t.Errorf("%s: %d %s", c.name, status, body)
			}
		}
		if _, unitsAfter := e.do("admin", http.MethodGet, "/api/v1/units", nil); !bytes.Equal(unitsAfter, unitsBefore) {
			t.Errorf("units changed by refused archives:\n%s\n%s", unitsBefore, unitsAfter)
		}
	})
}
