package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A county officer types a member number into the quick search in the header, presses Enter, sees the one
// member it belongs to and opens the contact.
func TestQuickSearchByMemberNumber(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(countyEmail, password)
		number := s.juergen.MemberNumber
		tb.search(number)

		if got := tb.mainText(); !strings.Contains(got, s.en("ui.contacts.search_results_one", "query", number)) {
			t.Errorf("search result page says %q, want one match for %s", got, number)
		}
		if got := valueOf(tb, field(s.en("ui.layout.search_label"))); got != number {
			t.Errorf("the search box holds %q after the search, want %q", got, number)
		}
		if rows := tb.count("table.list tbody tr"); rows != 1 {
			t.Errorf("%d rows found, want Jürgen Öztürk only", rows)
		}
		tb.follow(chromedp.Click(link("Jürgen Öztürk")))
		if got := tb.heading(); got != "Jürgen Öztürk" {
			t.Fatalf("opened %q, want Jürgen Öztürk", got)
		}
		if got := textOf(tb, chromedp.CSS(".page-head .meta")); !strings.Contains(got, s.en("ui.contact.member_number_short", "number", number)) {
			t.Errorf("contact page says %q, want the member number %s", got, number)
		}
	})
}
