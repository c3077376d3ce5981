package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The language switch in the header, used with the keyboard: focus it and type the first letter of the
// language. The page comes back in German (headings, navigation, <html lang>) on the same address, and
// the same way back in English.
func TestLanguageSwitch(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(countyEmail, password)
		checkLanguage(t, tb, "en")

		tb.do(chromedp.Focus(field(s.msg("en", "ui.layout.language"))))
		tb.follow(chromedp.KeyEvent(s.msg("de", "ui.language_name.de")[:1]))
		checkLanguage(t, tb, "de")

		tb.do(chromedp.Focus(field(s.msg("de", "ui.layout.language"))))
		tb.follow(chromedp.KeyEvent(s.msg("en", "ui.language_name.en")[:1]))
		checkLanguage(t, tb, "en")
	})
}

// checkLanguage checks that the contact list is shown in lang.
func checkLanguage(t *testing.T, tb *tab, lang string) {
	t.Helper()
	s := tb.site
	if got := eval[string](tb, `document.documentElement.lang`); got != lang {
		t.Errorf("<html lang=%q>, want %q", got, lang)
	}
	if got := tb.heading(); got != s.msg(lang, "ui.contacts.title") {
		t.Errorf("heading %q, want %q", got, s.msg(lang, "ui.contacts.title"))
	}
	if tb.count("a[aria-current=page]") != 1 || textOf(tb, chromedp.CSS("nav a[href='/units']")) != s.msg(lang, "ui.nav.units") {
		t.Errorf("navigation not in %s: %q", lang, textOf(tb, chromedp.CSS("nav.main-nav")))
	}
	if got := tb.path(); got != "/contacts" {
		t.Errorf("after the switch the page is %s, want the same /contacts", got)
	}
}
