package browsertest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A state officer adds a person with the mouse. The postal code typed is claimed by Augsburg and by Berlin;
// the page's script asks which units it maps to, gets only Augsburg (Berlin is not the officer's) and
// preselects it, saying so. Saving shows the new contact with its home unit and e-mail address.
func TestAddPerson(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(stateEmail, password)
		tb.follow(chromedp.Click(link(s.en("ui.contacts.add"))))
		if got := tb.heading(); got != s.en("ui.contact.new_title") {
			t.Fatalf("heading %q, want the add-person form", got)
		}
		homeUnit := s.en("ui.contact.home_unit")
		offered := eval[[]string](tb, `[...`+labelled(homeUnit)+`.options].map(o => o.text.trim())`)
		for _, want := range []string{"Bayern", "München", "Augsburg"} {
			if !slices.Contains(offered, want) {
				t.Errorf("home units offered %q, want %s among them", offered, want)
			}
		}
		if slices.Contains(offered, "Berlin") || slices.Contains(offered, "Bund") {
			t.Errorf("home units offered %q include units outside Bayern", offered)
		}
		if got := valueOf(tb, field(homeUnit)); got != "" {
			t.Fatalf("a home unit (%s) is chosen before anything was typed", got)
		}

		tb.fill(s.en("ui.contact.given_name"), "Renée")
		tb.fill(s.en("ui.contact.family_name"), "Çelik")
		tb.fill(s.en("ui.contact.email"), "renee@example.org")
		tb.fill(s.en("ui.contact.postal_code"), sharedCode)
		waitVisible(tb, saying(s.en("ui.contact.unit_suggested", "unit", "Augsburg")))
		if got := valueOf(tb, field(homeUnit)); got != itoa(s.augsburg.ID) {
			t.Errorf("home unit after the postal code: %q, want Augsburg (%d)", got, s.augsburg.ID)
		}
		tb.screenshotFor("add-person.png")

		if status := tb.follow(chromedp.Click(button(s.en("ui.form.save")))); status != http.StatusOK {
			t.Fatalf("saving answered %d; the page says: %s", status, tb.mainText())
		}
		checkNewContact(t, tb, "Renée Çelik", "Augsburg", "renee@example.org")
	})
}

// The same with the keyboard only: focus in the first field, type, Tab from field to field in the order
// they are shown (each with a visible focus mark), Enter to save.
func TestAddPersonWithKeyboardOnly(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(stateEmail, password)
		tb.open("/contacts/new")
		tb.do(chromedp.Focus(field(s.en("ui.contact.given_name"))))
		steps := []struct{ name, text string }{
			{"given_name", "Kübra"},
			{"family_name", "Şahin"},
			{"email", "kuebra@example.org"},
			{"phone", ""},
			{"street", "Marienplatz 8"},
			{"postal_code", munichCode},
			{"city", "München"},
		}
		for i, step := range steps {
			if i > 0 {
				tb.press(kb.Tab)
			}
			if got := tb.focused(); got != step.name {
				t.Fatalf("after %d tabs the focus is on %q, want %q", i, got, step.name)
			}
			if outline := eval[string](tb, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
				t.Errorf("%s has the focus but no visible focus outline", step.name)
			}
			if step.text != "" {
				tb.press(step.text)
			}
		}
		waitVisible(tb, saying(s.en("ui.contact.unit_suggested", "unit", "München")))
		if status := tb.follow(chromedp.KeyEvent(kb.Enter)); status != http.StatusOK {
			t.Fatalf("Enter answered %d; the page says: %s", status, tb.mainText())
		}
		checkNewContact(t, tb, "Kübra Şahin", "München", "kuebra@example.org")
		if reach := textOf(tb, section(s.en("ui.contact.reach"))); !strings.Contains(reach, "Marienplatz 8") {
			t.Errorf("contact details %q lack the street typed", reach)
		}
	})
}

var contactPath = regexp.MustCompile(`^/contacts/\d+$`)

// checkNewContact checks that the tab shows a just-saved contact with its home unit and e-mail address.
func checkNewContact(t *testing.T, tb *tab, name, unit, email string) {
	t.Helper()
	s := tb.site
	if p := tb.path(); !contactPath.MatchString(p) {
		t.Fatalf("after saving the page is %s: %s", p, tb.mainText())
	}
	waitVisible(tb, saying(s.en("ui.flash.contact_created")))
	if got := tb.heading(); got != name {
		t.Errorf("contact page heading %q, want %q", got, name)
	}
	if units := textOf(tb, section(s.en("ui.contact.units"))); !strings.HasSuffix(units, unit) {
		t.Errorf("units section %q, want the home unit %s", units, unit)
	}
	if reach := textOf(tb, section(s.en("ui.contact.reach"))); !strings.Contains(reach, email) {
		t.Errorf("contact details %q lack %s", reach, email)
	}
}
