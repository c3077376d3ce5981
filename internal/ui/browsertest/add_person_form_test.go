package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// layouts are the screens and languages each form flow is tried in.
var layouts = []struct {
	name  string
	phone bool
	lang  string
}{{"desktop-en", false, "en"}, {"desktop-de", false, "de"}, {"phone-en", true, "en"}, {"phone-de", true, "de"}}

// eachLayout runs fn in a fresh tab per layout, signed in as email, in the layout's language and width.
func eachLayout(t *testing.T, s *site, email string, fn func(t *testing.T, tb *tab, lang string)) {
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			tb := s.newTab(t)
			if l.phone {
				tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
			}
			tb.signIn(email, password)
			// The language switch keeps its choice in a cookie; set it as the switch would.
			eval[string](tb, `document.cookie = "roster_lang=`+l.lang+`; path=/"`)
			fn(t, tb, l.lang)
		})
	}
}

// A county officer, whose only unit is München, adds people. The blank form shows no coloured box above
// Save. The unit is preset, yet a München postal code still says it suggests München and fills in the town.
// An Augsburg code is questioned at once (the town becomes Augsburg); saving without an answer asks again
// from the server, ticking "save in München all the same" saves.
func TestAddPersonPostalCodeInBrowser(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		eachLayout(t, s, countyEmail, func(t *testing.T, tb *tab, lang string) {
			m := func(key string, params ...string) string { return s.msg(lang, key, params...) }
			tb.open("/contacts/new")
			if got := tb.heading(); got != m("ui.contact.new_title") {
				t.Fatalf("heading %q, want the add-person form in %s", got, lang)
			}
			if h := eval[float64](tb, `document.getElementById("duplicates").getBoundingClientRect().height`); h != 0 {
				t.Errorf("the blank form shows a box %v px high where likely duplicates would be", h)
			}
			unit, town, code := field(m("ui.contact.home_unit")), field(m("ui.contact.city")), field(m("ui.contact.postal_code"))
			if got := valueOf(tb, unit); got != itoa(s.munich.ID) {
				t.Fatalf("home unit %q, want the officer's only unit München preset", got)
			}
			tb.fill(m("ui.contact.given_name"), "Paula")
			tb.fill(m("ui.contact.family_name"), "Pendler")
			tb.fill(m("ui.contact.postal_code"), munichCode)
			waitVisible(tb, saying(m("ui.contact.unit_suggested", "unit", "München")))
			if got := valueOf(tb, town); got != "München" {
				t.Errorf("town %q after the München postal code, want it filled in", got)
			}

			tb.do(chromedp.Click(code), selectAll, chromedp.KeyEvent(augsburgCode))
			question := m("ui.contact.postal_outside", "code", augsburgCode, "place", "Augsburg", "unit", "München")
			waitVisible(tb, saying(question))
			if got := valueOf(tb, town); got != "Augsburg" {
				t.Errorf("town %q after the Augsburg postal code, want Augsburg", got)
			}
			if eval[bool](tb, `!document.getElementById("unit-suggestion").hidden`) {
				t.Errorf("the suggestion of München still shows for the Augsburg postal code")
			}
			checkFitsScreen(t, tb, "add-person form with the question")
			if lang == "en" && !tb.isPhone() {
				tb.screenshotFor("add-person-postal-code.png")
			}

			tb.follow(chromedp.Click(button(m("ui.form.save"))))
			if p := tb.path(); p != "/contacts" {
				t.Fatalf("saving without an answer went to %s", p)
			}
			waitVisible(tb, saying(question))
			tb.do(chromedp.Click(field(m("ui.contact.postal_outside_confirm", "unit", "München"))))
			tb.follow(chromedp.Click(button(m("ui.form.save"))))
			if p := tb.path(); !contactPath.MatchString(p) {
				t.Fatalf("after confirming, the page is %s: %s", p, tb.mainText())
			}
			if got := tb.heading(); got != "Paula Pendler" {
				t.Errorf("saved contact %q", got)
			}
		})
	})
}

// A likely duplicate's link opens the existing person beside the form: the form keeps what was typed.
func TestAddPersonDuplicateLinkKeepsTheForm(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		eachLayout(t, s, countyEmail, func(t *testing.T, tb *tab, lang string) {
			m := func(key string, params ...string) string { return s.msg(lang, key, params...) }
			tb.open("/contacts/new")
			tb.fill(m("ui.contact.given_name"), "Jürgen")
			tb.fill(m("ui.contact.email"), "juergen@example.org")
			tb.fill(m("ui.contact.family_name"), "Öztürk") // leaving the e-mail field asks for duplicates
			waitVisible(tb, link("Jürgen Öztürk"))
			if got := eval[string](tb, `[...document.querySelectorAll("#duplicates a")].map(a => a.target + " " + a.rel).join()`); got != "_blank noopener" {
				t.Errorf("the duplicate's link is %q, want target=_blank rel=noopener", got)
			}
			tb.do(chromedp.Click(link("Jürgen Öztürk")))
			if p := tb.path(); p != "/contacts/new" {
				t.Errorf("the link replaced the form with %s", p)
			}
			if got := valueOf(tb, field(m("ui.contact.email"))); got != "juergen@example.org" {
				t.Errorf("the form lost what was typed: e-mail %q", got)
			}
			if strings.TrimSpace(tb.heading()) != m("ui.contact.new_title") {
				t.Errorf("heading %q", tb.heading())
			}
		})
	})
}

// isPhone reports whether the tab has a phone's width.
func (tb *tab) isPhone() bool { return eval[int](tb, `window.innerWidth`) < 600 }
