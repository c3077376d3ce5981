package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// widths are the screens the admin pages are tried on: a desktop and a phone.
var widths = []struct {
	name          string
	width, height int64
	phone         bool
}{{"desktop", desktopWidth, desktopHeight, false}, {"phone", 390, 844, true}}

// atWidth sets the tab's screen to a desktop or a phone.
func (tb *tab) atWidth(width, height int64, phone bool) {
	tb.t.Helper()
	if phone {
		tb.do(chromedp.EmulateViewport(width, height, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		return
	}
	tb.do(chromedp.EmulateViewport(width, height))
}

// An admin invites someone to the Landkreis München, not the city: typing in the unit picker's filter box
// narrows the list to the units whose path matches (accents not needed), each shown with its path, and the
// one that is left is chosen. With no mail server the page then says nothing was mailed and shows the link.
func TestInviteWithUnitPicker(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		county := s.unit(t, s.bavaria.ID, "Landkreis München", "county")
		for i, w := range widths {
			for j, lang := range []string{"en", "de"} {
				t.Run(w.name+"-"+lang, func(t *testing.T) {
					tb := s.newTab(t)
					tb.atWidth(w.width, w.height, w.phone)
					tb.signIn(adminEmail, password)
					tb.switchLanguage(lang)
					tb.open("/invitations/new")
					filter := chromedp.CSS(fmt.Sprintf(`input[aria-label=%s]`, js(s.msg(lang, "ui.unit_picker.filter"))))
					tb.do(chromedp.Click(filter), chromedp.KeyEvent("munchen"))
					shown := eval[[]string](tb, `[...document.getElementById("unit_id_0").options].filter(o => !o.hidden).map(o => o.textContent)`)
					if strings.Join(shown, "|") != "Bayern › Landkreis München|Bayern › München" {
						t.Errorf("typing 'munchen' leaves %q", shown)
					}
					if got := textOf(tb, chromedp.CSS("#unit_id_0-matches")); got != s.msg(lang, "ui.unit_picker.count", "count", "2") {
						t.Errorf("the picker says %q", got)
					}
					tb.do(chromedp.Click(filter), chromedp.KeyEvent(" landkreis"))
					if got := valueOf(tb, chromedp.CSS("#unit_id_0")); got != itoa(county.ID) {
						t.Errorf("one unit left, but the chosen one is %q, not the Landkreis (%d)", got, county.ID)
					}
					tb.fill(s.msg(lang, "ui.user.email"), fmt.Sprintf("vera.%d.%d@example.org", i, j))
					tb.fill(s.msg(lang, "ui.user.name"), "Vera Volunteer")
					tb.do(chromedp.SetValue(chromedp.CSS(`#role_0`), "viewer"))
					checkFitsScreen(t, tb, "the invitation form")
					tb.follow(chromedp.Click(button(s.msg(lang, "ui.invite.create"))))
					text := tb.mainText()
					if !strings.Contains(text, s.msg(lang, "ui.invite.not_mailed", "name", "Vera Volunteer")) ||
						!strings.Contains(text, "/invitation/") || strings.Contains(text, s.msg(lang, "ui.invite.sent", "name", "Vera Volunteer", "email", "")[:12]) {
						t.Errorf("after creating the invitation the page says:\n%s", text)
					}
				})
			}
		}
	})
}

// The units page opens at the admin's own level: the states are listed, the counties under a state appear
// when it is opened, and adding a unit is offered at the top, within the first screen.
func TestUnitsTreeOpensOnDemand(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		for _, w := range widths {
			t.Run(w.name, func(t *testing.T) {
				tb := s.newTab(t)
				tb.atWidth(w.width, w.height, w.phone)
				tb.signIn(adminEmail, password)
				tb.open("/units")
				munich := link("München")
				if visible(tb, munich) || !visible(tb, link("Bayern")) {
					t.Fatal("the counties show before their state is opened, or the states do not show")
				}
				add := link(s.en("ui.units.add"))
				if !visible(tb, add) || eval[float64](tb, `document.querySelector('a[href="/units/new"]').getBoundingClientRect().bottom`) > float64(w.height) {
					t.Error("adding a unit is not offered in the first screen")
				}
				// Open Bayern by its row, beside the link (which would go to Bayern's page).
				tb.do(chromedp.Click(chromedp.Search(`//summary[.//a[normalize-space()="Bayern"]]/span/span[contains(@class,"num")][1]`)))
				waitVisible(tb, munich)
				checkFitsScreen(t, tb, "the units page")
				if !w.phone {
					tb.screenshotFor("units.png")
				}
			})
		}
	})
}

// visible reports whether an XPath selector matches an element that is shown now.
func visible(tb *tab, sel chromedp.Search) bool {
	tb.t.Helper()
	return eval[bool](tb, `(() => { const r = document.evaluate(`+js(string(sel))+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
		return !!r && r.checkVisibility() })()`)
}

// On a phone the header, the page's actions and the filters leave room for the list: the first contact is
// on the first screen, for a county officer who may tag (the tagging bar) and a national admin, in English
// and German. The filters are one tap away.
func TestPhoneShowsFirstContactOnFirstScreen(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		for _, email := range []string{countyEmail, adminEmail} {
			for _, lang := range []string{"en", "de"} {
				t.Run(email+"-"+lang, func(t *testing.T) {
					tb := s.newTab(t)
					tb.atWidth(390, 844, true)
					tb.signIn(email, password)
					tb.switchLanguage(lang)
					bottom := eval[float64](tb, `document.querySelector("table.list tbody tr a").getBoundingClientRect().bottom`)
					if bottom > 844 {
						t.Errorf("the first contact's name ends %.0f px down, below the first screen of 844 px", bottom)
					}
					checkFitsScreen(t, tb, "the contact list")
					filters := s.msg(lang, "ui.contacts.filters")
					tb.do(chromedp.Click(chromedp.Search(`//summary[normalize-space()=` + xq(filters) + `]`)))
					waitVisible(tb, field(s.msg(lang, "ui.contacts.filter_status")))
				})
			}
		}
	})
}

// An admin looks into the audit trail for the failed sign-ins, picking the action by its name from the list,
// then for what happened to one contact, found by name. Entries read as sentences: no action codes, no Go
// maps, dates as the page writes them. On a desktop and a phone, in English and German.
func TestAuditTrailFilters(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		if _, err := s.svc.Authenticate(ctx, service.SignInRequest{Email: countyEmail, Password: "not the password", From: "192.0.2.9"}); err == nil {
			t.Fatal("a wrong password signed in")
		}
		birth := domain.Date{Year: 1971, Month: 7, Day: 14}
		must(s.svc.UpdateContact(ctx, s.sys, s.juergen.ID, domain.ContactInput{BirthDate: &birth}))(t)
		for _, w := range widths {
			for _, lang := range []string{"en", "de"} {
				t.Run(w.name+"-"+lang, func(t *testing.T) {
					tb := s.newTab(t)
					tb.atWidth(w.width, w.height, w.phone)
					tb.signIn(adminEmail, password)
					tb.switchLanguage(lang)
					tb.open("/audit")
					if w.phone {
						tb.do(chromedp.Click(chromedp.Search(`//summary[normalize-space()=` + xq(s.msg(lang, "ui.audit.filters")) + `]`)))
					}
					failed := s.msg(lang, "ui.action.signin.failure")
					tb.do(chromedp.SetValue(field(s.msg(lang, "ui.audit.action")), "signin.failure"))
					if got := eval[string](tb, labelled(s.msg(lang, "ui.audit.action"))+`.selectedOptions[0].textContent`); got != failed {
						t.Errorf("the action list names the failed sign-ins %q, want %q", got, failed)
					}
					tb.follow(chromedp.Click(button(s.msg(lang, "ui.audit.filter"))))
					text := tb.mainText()
					if !strings.Contains(text, failed) || strings.Contains(text, "signin.failure") || strings.Contains(text, "Jürgen") {
						t.Errorf("the failed sign-ins:\n%s", text)
					}
					checkFitsScreen(t, tb, "the audit trail")

					tb.open("/audit")
					if w.phone {
						tb.do(chromedp.Click(chromedp.Search(`//summary[normalize-space()=` + xq(s.msg(lang, "ui.audit.filters")) + `]`)))
					}
					tb.fill(s.msg(lang, "ui.audit.contact"), "Öztürk")
					tb.follow(chromedp.Click(button(s.msg(lang, "ui.audit.filter"))))
					text = tb.mainText()
					date := map[string]string{"en": "Jul 14, 1971", "de": "14.07.1971"}[lang]
					if !strings.Contains(text, "Jürgen Öztürk") || !strings.Contains(text, date) || strings.Contains(text, "Anaïs") ||
						strings.Contains(text, "map[") || strings.Contains(text, "1971-07-14") {
						t.Errorf("Jürgen's trail:\n%s", text)
					}
					if !w.phone && lang == "en" {
						tb.screenshotFor("audit.png")
					}
				})
			}
		}
	})
}
