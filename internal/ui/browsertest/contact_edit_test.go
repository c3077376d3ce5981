package browsertest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// München's officer corrects a family name in the edit form; the contact page shows the new name and its
// history says who changed which field from what to what.
func TestEditShowsInHistory(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(countyEmail, password)
		page := "/contacts/" + itoa(s.juergen.ID)
		tb.open(page)
		tb.follow(chromedp.Click(link(s.en("ui.form.edit"))))
		if got := tb.heading(); got != s.en("ui.contact.edit_title", "name", "Jürgen Öztürk") {
			t.Fatalf("heading %q, want the edit form", got)
		}
		family := field(s.en("ui.contact.family_name"))
		tb.do(chromedp.Click(family), selectAll, chromedp.KeyEvent("Öztürk-Schmidt"))
		if status := tb.follow(chromedp.Click(button(s.en("ui.form.save")))); status != http.StatusOK {
			t.Fatalf("saving answered %d: %s", status, tb.mainText())
		}
		if got := tb.path(); got != page {
			t.Fatalf("after saving the page is %s: %s", got, tb.mainText())
		}
		waitVisible(tb, saying(s.en("ui.flash.contact_saved")))
		if got := tb.heading(); got != "Jürgen Öztürk-Schmidt" {
			t.Errorf("heading %q after the edit", got)
		}

		tb.showSection(s.en("ui.contact.history"))
		change := `//section[h2[normalize-space()=` + xq(s.en("ui.contact.history")) + `]]` +
			`//ol/li[.//strong[normalize-space()=` + xq(s.en("ui.action.contact.update")) + `]]`
		// The audit trail names people by their sign-in e-mail address.
		if entry := textOf(tb, chromedp.Search(change)); !strings.Contains(entry, countyEmail) {
			t.Errorf("history entry %q does not say who changed it", entry)
		}
		familyName := change + `//li[span[normalize-space()=` + xq(s.en("ui.field.family_name")+":") + `]]`
		old, now := textOf(tb, chromedp.Search(familyName+`/del`)), textOf(tb, chromedp.Search(familyName+`/ins`))
		if old != "Öztürk" || now != "Öztürk-Schmidt" {
			t.Errorf("history shows the family name changed %q → %q, want Öztürk → Öztürk-Schmidt", old, now)
		}

		tb.open(page)
		if n := tb.count(".flash"); n != 0 {
			t.Errorf("the confirmation is still shown when the page is loaded again")
		}
		tb.screenshotFor("contact-page.png")
	})
}
