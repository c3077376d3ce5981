package ui_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// TestPagesLeaveNoTraceOfContactsOutOfScope is a black-box probe of the pages a Munich admin and a Munich
// officer can open, after Berlin's Carla got a tag and a note, and Munich's Anna — edited and annotated by
// the Munich admin — moved to Berlin. No page, export or download may show the name, e-mail address, tag or
// note of either.
func TestPagesLeaveNoTraceOfContactsOutOfScope(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mia := w.user("munich-admin@example.org", "Mia Admin", "en", w.munich.ID, access.Admin)
		admin, err := w.svc.ActorFor(ctx, mia.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{
			func() error {
				_, _, err := w.svc.TagContacts(ctx, w.sys, []int64{w.carla.ID}, "Spreegeheimnis", true)
				return err
			}(),
			func() error { _, err := w.svc.AddNote(ctx, w.sys, w.carla.ID, "Carlas Notiz"); return err }(),
			func() error {
				_, _, err := w.svc.TagContacts(ctx, admin, []int64{w.anna.ID}, "Isargeheimnis", true)
				return err
			}(),
			func() error { _, err := w.svc.AddNote(ctx, admin, w.anna.ID, "Annas Notiz"); return err }(),
			func() error {
				_, err := w.svc.UpdateContact(ctx, w.sys, w.anna.ID, domain.ContactInput{HomeUnitID: &w.berlin.ID})
				return err
			}(),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		secrets := []string{"Carla", "Berliner", "carla@", "Spreegeheimnis", "Carlas Notiz", "Anna", "Münchner",
			"anna@", "Isargeheimnis", "Annas Notiz"}
		var paths []string
		for _, q := range []string{"", "q=Carla", "q=carla%40example.org", "q=Anna", "tag=Spreegeheimnis",
			"tag=Isargeheimnis", "trashed=1"} {
			for _, p := range []string{"/contacts", "/contacts/export.csv", "/contacts/export.xlsx"} {
				paths = append(paths, p+"?"+q)
			}
		}
		for _, id := range []int64{w.anna.ID, w.carla.ID, w.bert.ID} {
			paths = append(paths, "/contacts/"+itoa(id), "/contacts/"+itoa(id)+"/edit", "/contacts/"+itoa(id)+"/data.json")
		}
		paths = append(paths, "/contacts/new", "/units", "/units/"+itoa(w.munich.ID), "/units/"+itoa(w.bavaria.ID),
			"/units/"+itoa(w.munich.ID)+"/accreditation.csv", "/duplicates", "/duplicates/"+itoa(w.bert.ID)+"/"+itoa(w.carla.ID),
			"/audit", "/imports", "/users", "/invitations", "/access-requests", "/account")
		for _, email := range []string{"munich-admin@example.org", "officer@example.org"} {
			b := w.signIn(email)
			for _, p := range paths {
				res := b.get(p)
				if res.status >= 500 {
					t.Errorf("%s GET %s: %d", email, p, res.status)
				}
				text := html.UnescapeString(unzipped(t, res.body))
				if u, err := url.QueryUnescape(text); err == nil {
					text += u
				}
				typed, _ := url.QueryUnescape(p)
				for _, s := range secrets {
					if strings.Contains(text, s) && !strings.Contains(typed, s) { // the search box shows what was typed
						t.Errorf("%s GET %s shows %q of a contact out of scope", email, p, s)
					}
				}
			}
		}
	})
}

// unzipped is the text of every file in body when it is a zip file (a workbook), else body.
func unzipped(t *testing.T, body string) string {
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(&b, rc)
		rc.Close()
	}
	return b.String()
}
