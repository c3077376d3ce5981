package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// The contact page of a member whose dues are unpaid, read by München's officer at desktop and phone width in
// English and German: the language by its name, the phone's label translated, e-mail and phone as links, and
// why the member may not vote and until when grace lasts.
func TestContactPageFactsInBrowser(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		name, months, grace := "Beitragsmitglied", 0, 60
		dues := must(s.svc.SaveMembershipType(ctx, s.sys, 0, domain.MembershipTypeInput{Name: &name, DurationMonths: &months,
			GraceDays: &grace, RequiresDues: new(true), Voting: new(true)}))(t)
		today := s.svc.Today()
		paid := today.AddDays(-10)
		c := must(s.svc.CreateMember(ctx, s.sys, domain.ContactInput{GivenName: new("Dora"), FamilyName: new("Dörfler"),
			HomeUnitID: &s.munich.ID, Language: new("tr"), Emails: &[]domain.Email{{Address: "dora@example.org"}},
			Phones: &[]domain.Phone{{Number: "+49 89 1234-567", Label: "mobile"}}},
			&domain.MembershipInput{TypeID: &dues.ID, StartDate: new(today.AddDays(-400)), PaidUntil: &paid}))(t)
		eachLayout(t, s, countyEmail, func(t *testing.T, tb *tab, lang string) {
			tb.open("/contacts/" + itoa(c.ID))
			m := func(key string, params ...string) string { return s.msg(lang, key, params...) }
			details := textOf(tb, section(m("ui.contact.details")))
			if want := map[string]string{"en": "Turkish", "de": "Türkisch"}[lang]; !containsText(details, want) {
				t.Errorf("details %q lack the language %s", details, want)
			}
			reach := section(m("ui.contact.reach"))
			if got := textOf(tb, reach); !containsText(got, "+49 89 1234-567 ("+m("ui.channel_label.mobile")+")") {
				t.Errorf("reach %q lacks the phone with its label in %s", got, lang)
			}
			links := eval[[]string](tb, `[...document.querySelectorAll("#block-channels a[href^=mailto], #block-channels a[href^=tel]")].map(a => a.getAttribute("href"))`)
			if len(links) != 2 || links[0] != "mailto:dora@example.org" || links[1] != "tel:+49891234567" {
				t.Errorf("links to write and call: %q", links)
			}
			summary := textOf(tb, section(m("ui.contact.membership")))
			why := m("ui.membership.no_vote.dues_unpaid", "date", pageDate(lang, paid.AddDays(1)))
			until := pageDate(lang, paid.AddDays(grace))
			if !containsText(summary, m("ui.no")+" – "+why) || !containsText(summary, until) {
				t.Errorf("membership summary %q does not say %q and grace until %s", summary, why, until)
			}
			checkFitsScreen(t, tb, "contact page")
			if lang == "en" && !tb.isPhone() {
				tb.screenshotFor("contact-why-no-vote.png")
			}
		})
	})
}

// containsText reports whether text contains want, with runs of white space (line breaks of the layout)
// taken as one space.
func containsText(text, want string) bool {
	return strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(want), " "))
}

// pageDate is a date as the pages write it in lang.
func pageDate(lang string, d domain.Date) string {
	layout := map[string]string{"en": "Jan 2, 2006", "de": "02.01.2006"}[lang]
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(layout)
}
