package browsertest

import (
	"net/http"
	"strings"
	"testing"
)

// München's officer opens a contact of Augsburg by its address: the page is the plain not-found page with
// nothing of the contact on it, not even in the HTML. Searching for her by name, e-mail or member number
// finds nobody, while a search for München's own contact does find him.
func TestOtherCountysContactStaysHidden(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(countyEmail, password)
		if status := tb.open("/contacts/" + itoa(s.zoe.ID)); status != http.StatusNotFound {
			t.Errorf("another county's contact answered %d, want %d", status, http.StatusNotFound)
		}
		if got := tb.heading(); got != s.en("ui.error.not_found") {
			t.Errorf("heading %q, want the not-found page", got)
		}
		html := tb.html()
		for _, secret := range []string{"Zoë", "Weiß", "zoe@example.org", "Augsburg"} {
			if strings.Contains(html, secret) {
				t.Errorf("the not-found page holds %q", secret)
			}
		}

		for _, query := range []string{"Weiß", "zoe@example.org", s.zoe.MemberNumber} {
			tb.search(query)
			if got := tb.mainText(); !strings.Contains(got, s.en("ui.contacts.no_results")) {
				t.Errorf("search for %q: want no results, the page says %q", query, got)
			}
			if strings.Contains(tb.pageText(), "Zoë") || tb.count(`a[href="/contacts/`+itoa(s.zoe.ID)+`"]`) != 0 {
				t.Errorf("search for %q shows the other county's contact", query)
			}
		}
		tb.search("Öztürk")
		if tb.count(`a[href="/contacts/`+itoa(s.juergen.ID)+`"]`) != 1 {
			t.Errorf("a search for München's own contact does not find him: %s", tb.mainText())
		}
	})
}
