package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The language switch submits by itself where scripts run, so its button is hidden there: not shown, and
// not reached with the Tab key. At desktop and phone width, in English and German.
func TestLanguageButtonHiddenWithScript(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		tb := s.newTab(t)
		tb.signIn(countyEmail, password)
		for _, width := range []int64{desktopWidth, 390} {
			tb.do(chromedp.EmulateViewport(width, desktopHeight))
			for _, lang := range []string{"en", "de"} {
				tb.switchLanguage(lang)
				if got := eval[string](tb, `getComputedStyle(document.querySelector("form.lang button")).display`); got != "none" {
					t.Errorf("%d px, %s: the language button is display %q, want none", width, lang, got)
				}
				if !eval[bool](tb, `document.querySelector("form.lang button").hidden`) {
					t.Errorf("%d px, %s: the script did not hide the button", width, lang)
				}
			}
		}
	})
}

// switchLanguage picks lang in the header's language switch, as a person with the keyboard does, unless the
// page is already in it.
func (tb *tab) switchLanguage(lang string) {
	tb.t.Helper()
	tb.open("/contacts")
	if eval[string](tb, `document.documentElement.lang`) == lang {
		return
	}
	s := tb.site
	tb.do(chromedp.Focus(field(s.msg(eval[string](tb, `document.documentElement.lang`), "ui.layout.language"))))
	tb.follow(chromedp.KeyEvent(s.msg(lang, "ui.language_name."+lang)[:1]))
	if got := eval[string](tb, `document.documentElement.lang`); got != lang {
		tb.t.Fatalf("the page is in %q after switching to %q", got, lang)
	}
}
