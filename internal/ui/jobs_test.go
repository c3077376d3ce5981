package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
)

// The jobs page shows an admin the imports of the units they administer, by whom, and the periodic work; a
// county officer, who administers nothing, gets 403. A finished job cannot be stopped, and the page says so.
func TestJobsPage(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		page := officer.finished(officer.run(officer.uploadOK("mitglieder.csv", []byte("Vorname;Nachname;PLZ\nEva;Erste;80331\nOhne;;8033\n")),
			url.Values{"field.0": {"given_name"}, "field.1": {"family_name"}, "field.2": {"postal_code"}, "on_match": {"skip"}}))
		if !strings.Contains(page, "import-status-done") {
			t.Fatalf("the import did not finish:\n%s", page)
		}
		if res := officer.get("/jobs"); res.status != http.StatusForbidden {
			t.Errorf("a county officer on /jobs: %d, want 403", res.status)
		}

		admin := w.signIn("admin@example.org")
		var jobs string
		for i := 0; i < 400; i++ { // the periodic work is queued a moment after the queue starts
			jobs = admin.mustGet("/jobs")
			if strings.Contains(jobs, esc(w.msg("en", "ui.jobs.kind.unit_counts"))) {
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
		for _, want := range []string{"mitglieder.csv", esc(w.msg("en", "ui.jobs.by", "name", "Otto Officer")),
			esc(w.msg("en", "ui.import.status.done")), esc(w.msg("en", "ui.jobs.kind.unit_counts"))} {
			if !strings.Contains(jobs, want) {
				t.Errorf("the jobs page lacks %q", want)
			}
		}
		if regexp.MustCompile(`href="/imports/\d+"`).MatchString(jobs) {
			t.Error("the admin gets a link to another person's import report")
		}
		// The rejected rows are for the admins of the import's unit too, to fix and import again.
		download := regexp.MustCompile(`href="(/imports/\d+/report/rejected\.csv)"`).FindStringSubmatch(jobs)
		if download == nil || !strings.Contains(jobs, esc(w.msg("en", "ui.jobs.rejected_rows", "count", "1"))) {
			t.Fatalf("the jobs page offers no download of the rejected row:\n%s", jobs)
		}
		if res := admin.get(download[1]); res.status != http.StatusOK || !strings.Contains(res.body, "Ohne,,8033,") {
			t.Errorf("the admin's download: %d\n%s", res.status, res.body)
		}
		id := regexp.MustCompile(`<tr id="job-(\d+)">\s*<td[^>]*>Import`).FindStringSubmatch(jobs)
		if id == nil {
			t.Fatalf("no import job row:\n%s", jobs)
		}
		res := admin.post("/jobs/"+id[1]+"/cancel", url.Values{})
		if res.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d\n%s", res.status, res.body)
		}
		if page := admin.mustGet("/jobs"); !strings.Contains(page, esc(w.msg("en", "ui.flash.job_not_cancellable"))) {
			t.Error("stopping a finished import does not say it has ended")
		}
		w.user("augsburg@example.org", "Anton Augsburg", "en", w.augsburg.ID, access.Admin)
		if res := w.signIn("augsburg@example.org").post("/jobs/"+id[1]+"/cancel", url.Values{}); res.status != http.StatusNotFound {
			t.Errorf("another county's admin stopping the job: %d, want 404", res.status)
		}
		w.user("bund@example.org", "Berta Bund", "de", w.national.ID, access.Admin)
		if page := w.signIn("bund@example.org").mustGet("/jobs"); !strings.Contains(page, esc(w.msg("de", "ui.jobs.title"))) ||
			!strings.Contains(page, esc(w.msg("de", "ui.jobs.kind.unit_counts"))) {
			t.Error("the jobs page is not in German")
		}
	})
}
