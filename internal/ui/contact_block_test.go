package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// blockSection is the HTML of a block of a page, from its opening tag to the end of its form.
func blockSection(t *testing.T, page, block string) string {
	t.Helper()
	i := strings.Index(page, `id="block-`+block+`"`)
	if i < 0 {
		t.Fatalf("no block %s on the page", block)
	}
	end := strings.Index(page[i:], "</section>")
	return page[i : i+end]
}

func TestEditNameBlockWithoutScript(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		if page := officer.mustGet(path); !strings.Contains(page, `href="`+path+`/edit?block=name" data-block-edit`) {
			t.Fatal("the personal details have no edit link")
		}
		form := officer.mustGet(path + "/edit?block=name")
		section := blockSection(t, form, "name")
		version := versionField.FindStringSubmatch(section)
		if version == nil || !strings.Contains(section, `action="`+path+`/edit?block=name"`) || !strings.Contains(section, `value="Münchner"`) {
			t.Fatalf("block form:\n%s", section)
		}
		fields := url.Values{"version": {version[1]}, "given_name": {"Anna"}, "family_name": {"Münchner-Huber"},
			"birth_date": {"1980-05-17"}, "member_number": {"M-17"}}
		res := officer.post(path+"/edit?block=name", fields)
		if res.status != http.StatusSeeOther || res.location != path+"#block-name" {
			t.Fatalf("save: %d %q\n%s", res.status, res.location, res.body)
		}
		c := must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t)
		if c.FamilyName != "Münchner-Huber" || c.MemberNumber != "M-17" || c.BirthDate.String() != "1980-05-17" ||
			len(c.Emails) != 1 || c.Emails[0].Address != "anna@example.org" {
			t.Fatalf("saved contact: %+v", c)
		}
		page := officer.mustGet(path)
		if !strings.Contains(page, "<h1>Anna Münchner-Huber</h1>") || !strings.Contains(page, esc(w.msg("en", "ui.flash.contact_saved"))) {
			t.Error("contact page does not show the change")
		}
		// The same form again is stale: the conflict message inside the block, the values entered kept.
		fields.Set("family_name", "Überschrieben")
		res = officer.post(path+"/edit?block=name", fields)
		if res.status != http.StatusConflict {
			t.Fatalf("stale save: %d", res.status)
		}
		section = blockSection(t, res.body, "name")
		if !strings.Contains(section, esc(w.msg("en", "error.conflict"))) || !strings.Contains(section, `value="Überschrieben"`) ||
			!strings.Contains(section, `href="`+path+`/edit?block=name" data-block-edit>`) {
			t.Errorf("conflict block:\n%s", section)
		}
		if c := must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t); c.FamilyName != "Münchner-Huber" {
			t.Error("a stale block overwrote the record")
		}
		// Problems next to the block's fields.
		res = officer.post(path+"/edit?block=name", url.Values{"version": {itoa(int64(c.Version))}, "given_name": {""}, "family_name": {""},
			"birth_date": {"1800-01-01"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "family_name") != esc(w.msg("en", "error.name_required")) ||
			fieldError(res.body, "birth_date") != esc(w.msg("en", "error.implausible_date")) {
			t.Errorf("invalid name block: %d %q %q", res.status, fieldError(res.body, "family_name"), fieldError(res.body, "birth_date"))
		}
	})
}

func TestEditChannelsBlockKeepsOtherEntries(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		must(w.svc.UpdateContact(context.Background(), w.sys, w.anna.ID, domain.ContactInput{Emails: &[]domain.Email{
			{Address: "anna@example.org", Label: "home", Primary: true}, {Address: "anna.work@example.org", Label: "work"}}}))(t)
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		section := blockSection(t, officer.mustGet(path+"/edit?block=channels"), "channels")
		version := versionField.FindStringSubmatch(section)
		if version == nil || !strings.Contains(section, `value="anna@example.org"`) || strings.Contains(section, "anna.work@") {
			t.Fatalf("channels form:\n%s", section)
		}
		res := officer.post(path+"/edit?block=channels", url.Values{"version": {version[1]}, "email": {"anna.neu@example.org"},
			"email_dnc": {"1"}, "phone": {"+49 89 1234567"}, "street": {"Leopoldstr. 5"}, "postal_code": {"80802"},
			"city": {"München"}, "country": {"DE"}})
		if res.status != http.StatusSeeOther || res.location != path+"#block-channels" {
			t.Fatalf("save: %d %q\n%s", res.status, res.location, res.body)
		}
		c := must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t)
		wantEmails := []domain.Email{{Address: "anna.neu@example.org", Label: "home", Primary: true, DoNotContact: true},
			{Address: "anna.work@example.org", Label: "work"}}
		if !slices.Equal(c.Emails, wantEmails) || len(c.Phones) != 1 || c.Phones[0].Number != "+49 89 1234567" ||
			len(c.Addresses) != 1 || c.Addresses[0].Street != "Leopoldstr. 5" || !c.Addresses[0].Primary {
			t.Fatalf("saved channels: %+v %+v %+v", c.Emails, c.Phones, c.Addresses)
		}
		page := officer.mustGet(path)
		reach := blockSection(t, page, "channels")
		if !strings.Contains(reach, "anna.neu@example.org") || !strings.Contains(reach, w.msg("en", "ui.contact.do_not_contact")) {
			t.Errorf("contact details block:\n%s", reach)
		}
		// Emptying the primary e-mail removes it; the other one becomes primary.
		res = officer.post(path+"/edit?block=channels", url.Values{"version": {itoa(int64(c.Version))}, "email": {""},
			"phone": {"+49 89 1234567"}, "street": {"Leopoldstr. 5"}, "postal_code": {"80802"}, "city": {"München"}, "country": {"DE"}})
		c = must(w.svc.GetContact(context.Background(), w.sys, w.anna.ID))(t)
		if res.status != http.StatusSeeOther || len(c.Emails) != 1 || c.Emails[0].Address != "anna.work@example.org" || !c.Emails[0].Primary {
			t.Errorf("emptied primary e-mail: %d %+v", res.status, c.Emails)
		}
		res = officer.post(path+"/edit?block=channels", url.Values{"version": {itoa(int64(c.Version))}, "email": {"kaputt@"},
			"postal_code": {"1234"}, "country": {"DE"}})
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "email") != esc(w.msg("en", "error.invalid_email")) ||
			fieldError(res.body, "postal_code") != esc(w.msg("en", "error.invalid_postal_code")) {
			t.Errorf("invalid channels: %d %q %q", res.status, fieldError(res.body, "email"), fieldError(res.body, "postal_code"))
		}
	})
}

func TestBlockEditIsRefusedWhereEditingIs(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		w.user("viewer@example.org", "Vera Viewer", "en", w.bavaria.ID, access.Viewer)
		viewer := w.signIn("viewer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		if res := viewer.get(path + "/edit?block=name"); res.status != http.StatusForbidden {
			t.Errorf("viewer block page: %d", res.status)
		}
		if res := viewer.post(path+"/edit?block=name", url.Values{"version": {"1"}, "family_name": {"X"}}); res.status != http.StatusForbidden {
			t.Errorf("viewer block save: %d", res.status)
		}
		if res := viewer.post(path+"/tags", url.Values{"tag": {"X"}}); res.status != http.StatusForbidden {
			t.Errorf("viewer tag: %d", res.status)
		}
		officer := w.signIn("officer@example.org")
		bert := "/contacts/" + itoa(w.bert.ID)
		for _, res := range []response{officer.get(bert + "/edit?block=channels"), officer.post(bert+"/edit?block=channels", url.Values{"version": {"1"}}),
			officer.post(bert+"/tags", url.Values{"tag": {"X"}}), officer.get(path + "/edit?block=everything")} {
			if res.status != http.StatusNotFound {
				t.Errorf("out of scope or unknown block: %d", res.status)
			}
		}
		officer.post(path+"/trash", nil)
		if res := officer.get(path + "/edit?block=name"); res.status != http.StatusConflict {
			t.Errorf("block of a trashed contact: %d", res.status)
		}
	})
}

func TestTagsBlockAddsAndRemovesInPlace(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		path := "/contacts/" + itoa(w.anna.ID)
		res := officer.post(path+"/tags", url.Values{"tag": {"Ortsvorstand"}})
		if res.status != http.StatusSeeOther || res.location != path+"#tags" {
			t.Fatalf("add tag: %d %q\n%s", res.status, res.location, res.body)
		}
		page := officer.mustGet(path)
		tags := blockSection(t, page, "tags")
		if !strings.Contains(tags, `<a href="/contacts?tag=Ortsvorstand">Ortsvorstand</a>`) ||
			!strings.Contains(tags, `action="`+path+`/tags/remove"`) || !strings.Contains(page, w.msg("en", "ui.flash.tag_added_one")) {
			t.Errorf("tags block after adding:\n%s", tags)
		}
		if res := officer.post(path+"/tags", url.Values{"tag": {""}}); res.status != http.StatusUnprocessableEntity ||
			fieldError(res.body, "tag") != esc(w.msg("en", "error.required")) {
			t.Errorf("empty tag: %d %q", res.status, fieldError(res.body, "tag"))
		}
		if res := officer.post(path+"/tags/remove", url.Values{"tag": {"Ortsvorstand"}}); res.status != http.StatusSeeOther {
			t.Fatalf("remove tag: %d", res.status)
		}
		if len(w.tags(w.anna)) != 0 {
			t.Errorf("tags after removing: %v", w.tags(w.anna))
		}
		if page := officer.mustGet(path); !strings.Contains(page, w.msg("en", "ui.action.contact.untag")) {
			t.Error("history lacks the removed tag")
		}
	})
}
