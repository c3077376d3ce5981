package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// The national admin opens the jobs page from the navigation and sees the state officer's import, done, with
// who ran it, and the system's periodic work; at phone width the table becomes cards that fit the screen.
func TestJobsPageInTheBrowser(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		users := must(s.svc.Users(ctx, s.sys))(t)
		var stateID int64
		for _, u := range users {
			if u.Email == stateEmail {
				stateID = u.ID
			}
		}
		officer := must(s.svc.ActorFor(ctx, stateID))(t)
		text := "Vorname;Nachname;PLZ\nLena;Lindner;" + munichCode + "\n"
		b, err := s.svc.ImportFile(ctx, officer, "Neumitglieder.csv", strings.NewReader(text), service.ImportStart{
			Options: domain.ImportOptions{Columns: []domain.ImportColumn{{Header: "Vorname", Field: "given_name"},
				{Header: "Nachname", Field: "family_name"}, {Header: "PLZ", Field: "postal_code"}}}})
		if err != nil || b.Status != domain.ImportDone {
			t.Fatalf("import: %+v %v", b, err)
		}
		tb := s.newTab(t)
		tb.signIn(adminEmail, password)
		tb.follow(chromedp.Click(link(s.en("ui.nav.jobs"))))
		if got := tb.heading(); got != s.en("ui.jobs.title") {
			t.Fatalf("the jobs page is %q", got)
		}
		for i := 0; i < 50 && !strings.Contains(tb.mainText(), s.en("ui.jobs.kind.unit_counts")); i++ {
			tb.open("/jobs") // the periodic work is queued a moment after the queue starts
		}
		main := tb.mainText()
		for _, want := range []string{"Neumitglieder.csv", s.en("ui.jobs.by", "name", "Birgit Bayer"),
			s.en("ui.import.status.done"), s.en("ui.jobs.kind.unit_counts")} {
			if !strings.Contains(main, want) {
				t.Errorf("the jobs page lacks %q:\n%s", want, main)
			}
		}
		tb.screenshotFor("jobs.png")
		tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		tb.open("/jobs")
		checkFitsScreen(t, tb, "jobs page")
		tb.screenshotFor("phone-jobs.png")
	})
}
