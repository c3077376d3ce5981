package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The organization's admin gives Bayern numbers of its own on the settings page, at desktop and phone width in
// English and German; the next person added in München as a member gets Bayern's first number.
func TestMemberNumbersSettingsInBrowser(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		eachLayout(t, s, adminEmail, func(t *testing.T, tb *tab, lang string) {
			m := func(key string, params ...string) string { return s.msg(lang, key, params...) }
			tb.open("/settings/accounts")
			tb.follow(chromedp.Click(link(m("ui.member_numbers.title"))))
			if got := tb.heading(); got != m("ui.member_numbers.title") {
				t.Fatalf("heading %q", got)
			}
			prefix := map[string]string{"en": "BY-", "de": "BAY-"}[lang] + map[bool]string{true: "P"}[tb.isPhone()]
			tb.do(chromedp.SetValue(field(m("ui.member_numbers.for_unit")), itoa(s.bavaria.ID)))
			tb.do(chromedp.Click(field(m("ui.member_numbers.prefix"))), selectAll, chromedp.KeyEvent(prefix))
			tb.do(chromedp.Click(field(m("ui.member_numbers.next"))), selectAll, chromedp.KeyEvent("1"))
			tb.do(chromedp.Click(field(m("ui.member_numbers.width"))), selectAll, chromedp.KeyEvent("6"))
			tb.follow(chromedp.Click(button(m("ui.form.save"))))
			waitVisible(tb, saying(m("ui.flash.member_numbers_saved")))
			waitVisible(tb, saying(prefix+"000001"))
			checkFitsScreen(t, tb, "member numbers page")
			if lang == "en" && !tb.isPhone() {
				tb.screenshotFor("member-numbers.png")
			}

			tb.open("/contacts/new")
			tb.fill(m("ui.contact.family_name"), "Neumitglied")
			tb.do(chromedp.SetValue(field(m("ui.contact.home_unit")), itoa(s.munich.ID)))
			tb.do(chromedp.SetValue(field(m("ui.membership.type")), itoa(s.regular.ID)))
			tb.do(chromedp.SetValue(field(m("ui.membership.start")), s.svc.Today().String()))
			tb.follow(chromedp.Click(button(m("ui.form.save"))))
			if got := textOf(tb, chromedp.CSS("h1 + p.meta")); !containsText(got, m("ui.contact.member_number_short", "number", prefix+"000001")) {
				t.Errorf("the new member's page says %q, want the number %s000001", got, prefix)
			}
		})
	})
}
