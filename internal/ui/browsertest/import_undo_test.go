package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// An officer imports a short list in the browser, in English and in German, at desktop and at phone width.
// When the import has run, the page says that it finished and what it did, with links. A note is then added
// to one of the new people; undoing the import first shows a page that warns about that person and keeps
// them, and the result says so.
func TestImportFinishedAndUndoWarning(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eachSite(t, func(t *testing.T, s *site) {
		for i, c := range []struct {
			lang  string
			phone bool
		}{{"en", false}, {"de", false}, {"en", true}, {"de", true}} {
			name := fmt.Sprintf("%s-%s", c.lang, map[bool]string{false: "desktop", true: "phone"}[c.phone])
			t.Run(name, func(t *testing.T) { importAndUndo(t, s, i, c.lang, c.phone) })
		}
	})
}

func importAndUndo(t *testing.T, s *site, i int, lang string, phone bool) {
	ctx := context.Background()
	email := fmt.Sprintf("officer%d@example.org", i)
	u := must(s.svc.CreateUser(ctx, s.sys, domain.UserInput{Email: &email, Name: new("Officer " + lang),
		Language: &lang, Password: new(password)}))(t)
	must(s.svc.GrantRole(ctx, s.sys, domain.GrantInput{UserID: u.ID, UnitID: s.munich.ID, Role: access.Manager}))(t)
	msg := func(key string, params ...string) string { return s.msg(lang, key, params...) }
	n := fmt.Sprint(i)
	file := filepath.Join(t.TempDir(), "Liste "+n+".csv")
	csv := "Vorname;Nachname;E-Mail;PLZ\n" +
		"Nina;Neumann" + n + ";nina" + n + "@example.org;80331\n" +
		"Ole;Ohlsen" + n + ";ole" + n + "@example.org;80331\n" +
		"Pia;Problem" + n + ";kein-at;80331\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}

	tb := s.newTab(t)
	if phone {
		tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	}
	tb.signIn(email, password)
	tb.open("/imports")
	tb.do(chromedp.SetUploadFiles(field(msg("ui.import.file")), []string{file}))
	tb.follow(chromedp.Click(button(msg("ui.import.upload_submit"))))
	tb.follow(chromedp.Click(button(msg("ui.import.run"))))

	// The page refreshes itself while the import runs, then says what it did.
	finished := waitFor(tb, `.import-finished`, 30*time.Second)
	want := msg("ui.import.finished_lead") + " " + msg("ui.import.finished_added", "count", "2") + ", " +
		msg("ui.import.finished_updated", "count", "0") + ", " + msg("ui.import.finished_rejected", "count", "1") + "."
	if finished != want {
		t.Errorf("the finished import says %q, want %q", finished, want)
	}
	if !tb.has(link(msg("ui.import.finished_added", "count", "2"))) || !tb.has(link(msg("ui.import.finished_rejected", "count", "1"))) ||
		!tb.has(link(msg("ui.import.rejected_download"))) {
		t.Errorf("the finished message does not link the new and the rejected rows: %s", tb.mainText())
	}
	if got := eval[string](tb, `document.querySelector(".import-finished").getAttribute("role")`); got != "status" {
		t.Errorf("the finished message has role %q, want status (read out by screen readers)", got)
	}
	if phone {
		checkFitsScreen(t, tb, "finished import")
	}
	if lang == "en" && !phone {
		tb.screenshotFor("import-finished.png")
	}

	nina := findContact(t, s, "Nina Neumann"+n)
	must(s.svc.AddNote(ctx, s.sys, nina, "Called back after the import."))(t)

	tb.follow(chromedp.Click(link(msg("ui.import.undo"))))
	if got := tb.heading(); got != msg("ui.import.undo_title", "name", "Liste "+n+".csv") {
		t.Fatalf("the undo link leads to %q: %s", got, tb.mainText())
	}
	kept := textOf(tb, section(msg("ui.import.kept_title", "count", "1")))
	if !strings.Contains(kept, "Nina Neumann"+n) || !strings.Contains(kept, msg("ui.import.kept.note")) ||
		!strings.Contains(kept, msg("ui.import.kept_hint")) {
		t.Errorf("the undo page does not warn about Nina, who got a note after the import:\n%s", kept)
	}
	if !strings.Contains(tb.mainText(), msg("ui.import.undo_will", "removed", "1", "restored", "0")) {
		t.Errorf("the undo page does not say what undo does: %s", tb.mainText())
	}
	if phone {
		checkFitsScreen(t, tb, "undo page")
	}
	if lang == "en" && !phone {
		tb.screenshotFor("import-undo.png")
	}

	tb.follow(chromedp.Click(button(msg("ui.import.undo"))))
	flash := textOf(tb, chromedp.CSS(".flash"))
	if want := msg("ui.flash.import_undone", "removed", "1", "restored", "0", "kept", "1"); flash != want {
		t.Errorf("after the undo the page says %q, want %q", flash, want)
	}
	if notes := must(s.svc.Notes(ctx, s.sys, nina))(t); len(notes) != 1 {
		t.Errorf("Nina's note after the undo: %+v", notes)
	}
	if ole := searchContact(t, s, "Ole Ohlsen"+n); ole != 0 {
		t.Error("Ole, untouched since the import, was not removed")
	}
}

// waitFor waits until an element matching css is on the page, reloading as the page itself does, and returns
// its text.
func waitFor(tb *tab, css string, limit time.Duration) string {
	tb.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		// The page may be reloading itself: a failed look is tried again.
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+js(css)+`).length`))
		cancel()
		if err == nil && n > 0 {
			return textOf(tb, chromedp.CSS(css))
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("no %s after %s: %s", css, limit, tb.mainText())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// findContact returns the id of the contact of this name, failing when there is none.
func findContact(t *testing.T, s *site, name string) int64 {
	t.Helper()
	id := searchContact(t, s, name)
	if id == 0 {
		t.Fatalf("no contact %q", name)
	}
	return id
}

func searchContact(t *testing.T, s *site, name string) int64 {
	t.Helper()
	for _, c := range must(s.svc.SearchContacts(context.Background(), s.sys, name, 5))(t) {
		if c.DisplayName == name {
			return c.ID
		}
	}
	return 0
}
