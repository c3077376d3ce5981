package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// A county officer's daily lists, at desktop and phone width, in English and German: the unit page names
// the units above without links to pages the officer cannot open, offers the accreditation list with the
// meeting's name and date, and says what its count counts; a saved list is shared with the county's other
// officers, who find it and see their own contacts in it, while the officer of a sibling county sees
// nothing of it; a read-only colleague is offered no export.
func TestDailyListsFlow(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		for _, lang := range []string{"en", "de"} {
			for _, phone := range []bool{false, true} {
				name := lang + "-desktop"
				if phone {
					name = lang + "-phone"
				}
				t.Run(name, func(t *testing.T) { s.dailyLists(t, lang, name, phone) })
			}
		}
	})
}

func (s *site) dailyLists(t *testing.T, lang, name string, phone bool) {
	s.userIn(t, name+"-officer@example.org", "Olga Officer "+name, lang, s.munich.ID, access.Manager)
	s.userIn(t, name+"-colleague@example.org", "Carl Colleague "+name, lang, s.munich.ID, access.Viewer)
	s.userIn(t, name+"-sibling@example.org", "Sina Sibling "+name, lang, s.augsburg.ID, access.Manager)
	m := func(key string, params ...string) string { return s.msg(lang, key, params...) }
	open := func() *tab {
		tb := s.newTab(t)
		if phone {
			tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		}
		return tb
	}

	// The unit page.
	tb := open()
	tb.signIn(name+"-officer@example.org", password)
	tb.open("/units/" + itoa(s.munich.ID))
	if tb.has(link("Bayern")) || tb.has(link("Bund")) {
		t.Error("the breadcrumbs link units above the officer's scope")
	}
	if path := textOf(tb, chromedp.CSS("ol.path")); !strings.Contains(path, "Bayern") || !strings.Contains(path, "Bund") {
		t.Errorf("the breadcrumbs do not name the units above: %q", path)
	}
	tb.showSection(m("ui.unit.accreditation"))
	tb.fill(m("ui.accreditation.meeting"), "Kreisversammlung")
	if got := valueOf(tb, field(m("ui.accreditation.meeting"))); got != "Kreisversammlung" {
		t.Errorf("meeting field holds %q", got)
	}
	if !tb.has(button(m("ui.accreditation.pdf"))) || !tb.has(field(m("ui.accreditation.meeting_date"))) {
		t.Error("the accreditation form lacks its date or its button")
	}
	waitVisible(tb, saying(m("ui.unit.counts_affiliated")))
	if phone {
		checkFitsScreen(t, tb, "unit page")
	}
	tb.screenshotFor("lists-unit-" + name + ".png")

	// Save the county's list and share it with the county's officers.
	tb.open("/contacts?unit=" + itoa(s.munich.ID))
	listName := "Delegierte " + name
	tb.fill(m("ui.lists.name"), listName)
	tb.follow(chromedp.Click(button(m("ui.lists.save"))))
	tb.follow(chromedp.Click(button(m("ui.lists.share"))))
	waitVisible(tb, saying(m("ui.lists.shared_with", "name", listName, "unit", "München")))
	if !tb.has(link(m("ui.contacts.export"))) {
		t.Error("the officer is not offered the export")
	}
	if phone {
		checkFitsScreen(t, tb, "contact list with a shared list")
	}
	tb.screenshotFor("lists-shared-" + name + ".png")

	// The colleague finds it and sees München's contacts in it, with no export.
	colleague := open()
	colleague.signIn(name+"-colleague@example.org", password)
	waitVisible(colleague, saying(m("ui.lists.shared_title")))
	colleague.follow(chromedp.Click(link(listName)))
	text := colleague.mainText()
	if !strings.Contains(text, "Jürgen Öztürk") || strings.Contains(text, "Zoë Weiß") {
		t.Errorf("the colleague's view of the shared list: %q", text)
	}
	if colleague.has(link(m("ui.contacts.export"))) || colleague.has(link(m("ui.contacts.export_xlsx"))) {
		t.Error("the read-only colleague is offered an export")
	}

	// The sibling county's officer sees neither the list nor München's contacts.
	sibling := open()
	sibling.signIn(name+"-sibling@example.org", password)
	if strings.Contains(sibling.pageText(), listName) {
		t.Error("the sibling county's officer sees the shared list")
	}
	if status := sibling.open("/contacts?unit=" + itoa(s.munich.ID)); status != 404 || strings.Contains(sibling.pageText(), "Jürgen") {
		t.Errorf("the sibling opens München's list: %d", status)
	}
}

// userIn adds a user with a language and one grant.
func (s *site) userIn(t *testing.T, email, name, lang string, unit int64, role string) domain.User {
	t.Helper()
	ctx := context.Background()
	u := must(s.svc.CreateUser(ctx, s.sys, domain.UserInput{Email: &email, Name: &name, Language: &lang,
		Password: new(password)}))(t)
	must(s.svc.GrantRole(ctx, s.sys, domain.GrantInput{UserID: u.ID, UnitID: unit, Role: role}))(t)
	return u
}
