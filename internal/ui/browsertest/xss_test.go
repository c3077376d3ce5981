package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/roster-crm/roster/internal/domain"
)

// A family name that is HTML with scripts shows as the text it is, on the list, on the contact page, in
// the title and when searched for; no element of it gets into the page and no dialog opens.
func TestMarkupInNamesIsText(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		const payload = `<img src=x onerror=alert(1)><script>alert(2)</script>`
		name := "Mallory " + payload
		s.contact(t, domain.ContactInput{GivenName: new("Mallory"), FamilyName: new(payload), HomeUnitID: &s.munich.ID})
		tb := s.newTab(t)
		tb.signIn(adminEmail, password)

		waitVisible(tb, link(name))
		checkNoInjection(t, tb, "list")
		tb.follow(chromedp.Click(link(name)))
		if got := tb.heading(); got != name {
			t.Errorf("contact page heading %q, want %q", got, name)
		}
		if got := eval[string](tb, `document.title`); !strings.HasPrefix(got, name) {
			t.Errorf("title %q, want it to start with %q", got, name)
		}
		checkNoInjection(t, tb, "contact page")

		tb.search(payload)
		if got := valueOf(tb, field(s.en("ui.layout.search_label"))); got != payload {
			t.Errorf("search box holds %q, want %q", got, payload)
		}
		checkNoInjection(t, tb, "search results")
		if d := tb.dialogsOpened(); len(d) != 0 {
			t.Errorf("dialogs opened: %q", d)
		}
	})
}

// checkNoInjection fails when the page has an element that came from the payload: an image, or a script
// other than the site's own.
func checkNoInjection(t *testing.T, tb *tab, where string) {
	t.Helper()
	if n := tb.count(`img, script:not([src*="/static/"])`); n != 0 {
		t.Errorf("%s: %d injected img or script elements", where, n)
	}
}
