package service_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

func TestPersonDataReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newListWorld(t, st)
		f := w.f
		sys := f.system()
		if _, err := f.svc.AddNote(f.ctx, w.officer, w.inA.ID, "Prefers calls in the evening."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddNote(f.ctx, sys, w.inB.ID, "Secret note about Bernd."); err != nil {
			t.Fatal(err)
		}
		partner := f.person(sys, w.a.ID, "Carla", "Partnerin")
		if _, err := f.svc.AddRelationship(f.ctx, w.officer, w.inA.ID, partner.ID, "partner"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateContact(f.ctx, w.officer, w.inA.ID, domain.ContactInput{Tags: &[]string{"Presse"}}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.svc.PersonData(f.ctx, w.officer, w.inA.ID, "json", "en", &buf); err != nil {
			t.Fatal(err)
		}
		var r export.Person
		if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		c := r.Contact
		if c.ID != w.inA.ID || len(c.Emails) != 1 || c.Emails[0].Address != "anna@example.org" || c.MemberNumber != "555001" ||
			len(c.Addresses) != 1 || c.Addresses[0].PostalCode != "10115" || len(c.Tags) != 1 {
			t.Errorf("contact %+v", c)
		}
		if len(r.Notes) != 1 || r.Notes[0].Body != "Prefers calls in the evening." {
			t.Errorf("notes %+v", r.Notes)
		}
		if len(r.Relationships) != 1 || r.Relationships[0].Other.Name != "Carla Partnerin" {
			t.Errorf("relationships %+v", r.Relationships)
		}
		actions := map[string]bool{}
		for _, e := range r.History {
			actions[e.Action] = true
			if e.ContactID != w.inA.ID {
				t.Errorf("history entry of contact %d", e.ContactID)
			}
		}
		if !actions["contact.create"] || !actions["note.create"] || !actions["contact.update"] {
			t.Errorf("history actions %v", actions)
		}
		// Nothing of anybody else, though both are called Schmidt.
		for _, other := range []string{"Bernd", "bernd@example.org", "Secret note", "20095", "555002"} {
			if strings.Contains(buf.String(), other) {
				t.Errorf("the report of Anna holds %q", other)
			}
		}
		buf.Reset()
		if err := f.svc.PersonData(f.ctx, w.officer, w.inA.ID, "pdf", "de", &buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
		if text, ok := pdfText(t, buf.Bytes()); ok {
			for _, want := range []string{"Anna Schmidt", "anna@example.org", "Prefers calls in the evening.", "Carla Partnerin", "Presse", "10115 Town"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF report does not show %q", want)
				}
			}
			if strings.Contains(text, "Bernd") || strings.Contains(text, "Secret") {
				t.Error("the PDF report shows another contact's data")
			}
		}
		// Out of scope: not found, nothing written; two reports audited against the contact.
		buf.Reset()
		if err := f.svc.PersonData(f.ctx, w.officer, w.inB.ID, "json", "en", &buf); !errors.Is(err, domain.ErrNotFound) || buf.Len() != 0 {
			t.Errorf("out of scope: %v, %d bytes", err, buf.Len())
		}
		if err := f.svc.PersonData(f.ctx, w.officer, w.inA.ID, "csv", "en", &buf); !isInvalid(err, "format") {
			t.Errorf("csv report: %v", err)
		}
		log, err := f.svc.AuditLog(f.ctx, sys, domain.AuditFilter{Action: "contact.export_person"})
		if err != nil || len(log) != 2 || log[0].ContactID != w.inA.ID || log[0].ActorName != "officer@example.org" ||
			log[0].Changes["format"].New != "pdf" {
			t.Fatalf("audit %+v %v", log, err)
		}
	})
}
