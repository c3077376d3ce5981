package service_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// A unit archive loaded into a Roster where its authors have no account lost who created and changed each
// record. They are kept by the name the archive gives (the e-mail address), shown as the author, written into
// the next archive, and replaced as soon as someone here changes the record.
func TestArchiveKeepsAuthorsUnknownHere(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		src := newArchiveWorld(t, b.Open(t))
		data, _, err := src.export(src.officer, src.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		dst := newFixture(t, b.Open(t)) // no user north@example.org here
		dst.now = src.now.Add(24 * time.Hour)
		got, err := dst.svc.ImportArchive(dst.ctx, dst.system(), bytes.NewReader(data), int64(len(data)), 0)
		if err != nil {
			t.Fatal(err)
		}
		sys := dst.system()
		ada := must(dst.svc.GetContact(dst.ctx, sys, findContact(t, dst, sys, "Dr. Ada King Byron")))
		if ada.CreatedBy != src.officerEmail || ada.UpdatedBy != src.officerEmail {
			t.Errorf("Ada's authors here: created by %q, changed by %q", ada.CreatedBy, ada.UpdatedBy)
		}
		notes := must(dst.svc.Notes(dst.ctx, sys, ada.ID))
		if len(notes) != 2 || notes[1].CreatedBy != src.officerEmail || notes[0].CreatedBy != "" {
			t.Errorf("notes' authors: %+v", notes)
		}

		// A second archive from here names them as the first did.
		var buf bytes.Buffer
		if _, err = dst.svc.ExportArchive(dst.ctx, sys, got.RootUnit.ID, &buf); err != nil {
			t.Fatal(err)
		}
		files := zipText(t, buf.Bytes())
		for file, cols := range map[string][]string{"contacts.csv": {"created_by", "updated_by"},
			"memberships.csv": {"created_by", "updated_by"}, "notes.csv": {"created_by"}, "relationships.csv": {"created_by"}} {
			recs := must(csv.NewReader(strings.NewReader(files[file])).ReadAll())
			for _, col := range cols {
				i := indexOf(recs[0], col)
				found := false
				for _, r := range recs[1:] {
					found = found || r[i] == src.officerEmail
				}
				if !found {
					t.Errorf("%s: no %s of %s in\n%s", file, col, src.officerEmail, files[file])
				}
			}
		}
		contacts := must(csv.NewReader(strings.NewReader(files["contacts.csv"])).ReadAll())
		for _, r := range contacts[1:] {
			if r[indexOf(contacts[0], "family_name")] == "Byron" && r[indexOf(contacts[0], "given_name")] == "Bob" &&
				r[indexOf(contacts[0], "deleted_by")] != src.officerEmail {
				t.Errorf("Bob, trashed by the officer, is trashed by %q", r[indexOf(contacts[0], "deleted_by")])
			}
		}

		// A change here names its own author.
		editor := dst.user("editor@example.org")
		dst.grant(editor.ID, got.RootUnit.ID, "manager", nil)
		ada = must(dst.svc.UpdateContact(dst.ctx, dst.actor(editor.ID), ada.ID, domain.ContactInput{MiddleName: ptr("K.")}))
		if ada.CreatedBy != src.officerEmail || ada.UpdatedBy != "editor@example.org" {
			t.Errorf("after an edit here: created by %q, changed by %q", ada.CreatedBy, ada.UpdatedBy)
		}
	})
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}
