package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone (390×844 CSS pixels) nothing is wider than the screen: the list becomes stacked cards, and
// the contact page and the add-person form fit without sideways scrolling.
func TestPhoneWidth(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		tb.signIn(countyEmail, password)
		checkFitsScreen(t, tb, "contact list")
		if got := eval[string](tb, `getComputedStyle(document.querySelector("table.list td")).display`); got != "block" {
			t.Errorf("list cells are display %q on a phone, want stacked (block)", got)
		}
		tb.screenshotFor("phone-contacts.png")

		tb.follow(chromedp.Click(link("Jürgen Öztürk")))
		checkFitsScreen(t, tb, "contact page")
		tb.screenshotFor("phone-contact-page.png")

		tb.open("/contacts/new")
		checkFitsScreen(t, tb, "add-person form")
		tb.screenshotFor("phone-add-person.png")
	})
}

// checkFitsScreen fails when the page scrolls sideways, naming the widest elements.
func checkFitsScreen(t *testing.T, tb *tab, what string) {
	t.Helper()
	if eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`) {
		return
	}
	wide := eval[[]string](tb, `[...document.querySelectorAll("body *")]
		.filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
		.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))`)
	t.Errorf("%s is wider than the phone's %d px: %v", what, eval[int](tb, `window.innerWidth`), wide)
}
