package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestEveryPageKeepsTheContentSecurityPolicy visits every page and checks that nothing needs
// 'unsafe-inline': scripts only from files, no style or event-handler attributes.
func TestEveryPageKeepsTheContentSecurityPolicy(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		admin := w.signIn("admin@example.org")
		me := regexp.MustCompile(`href="/users/(\d+)"`).FindStringSubmatch(admin.mustGet("/units/" + itoa(w.munich.ID)))
		if me == nil {
			t.Fatal("unit page shows no one with access")
		}
		anna := "/contacts/" + itoa(w.anna.ID)
		pages := map[string]string{}
		for _, path := range []string{"/contacts", "/contacts?trashed=1", "/contacts?q=anna", "/contacts/new", anna, anna + "/edit",
			"/contacts?tag=x&status=new%2Ccurrent&sort=-name&has_email=1&joined_from=2024-01-01", anna + "/edit?block=name",
			anna + "/edit?block=channels",
			"/units", "/units?archived=1", "/units/" + itoa(w.munich.ID), "/users", "/users/new", "/users/" + me[1], "/account"} {
			pages[path] = admin.mustGet(path)
		}
		pages["404"] = admin.get("/no/such/page").body
		pages["duplicates"] = admin.post("/contacts", url.Values{"family_name": {"X"}, "email": {"anna@example.org"},
			"home_unit_id": {itoa(w.munich.ID)}}).body
		pages["bad filter"] = admin.get("/contacts?joined_from=2024-02-01&joined_to=2024-01-01").body
		pages["login"] = w.browser().mustGet("/login")
		script := regexp.MustCompile(`<script[^>]*>`)
		handler := regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
		for path, page := range pages {
			for _, tag := range script.FindAllString(page, -1) {
				if !strings.Contains(tag, ` src="/static/`) {
					t.Errorf("%s: inline script %s", path, tag)
				}
			}
			if strings.Contains(page, " style=") || strings.Contains(page, "<style") {
				t.Errorf("%s: inline style", path)
			}
			if handler.MatchString(page) {
				t.Errorf("%s: event handler attribute %s", path, handler.FindString(page))
			}
			if !strings.Contains(page, `<html lang="en">`) {
				t.Errorf("%s: no html lang", path)
			}
		}
		res := admin.get("/contacts")
		if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("CSP header %q", csp)
		}
		if cc := res.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("pages with personal data are cacheable: %q", cc)
		}
	})
}

func TestStaticAssets(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		b := w.browser()
		page := b.mustGet("/login")
		for _, m := range []struct{ name, ctype string }{{"app.css", "text/css"}, {"app.js", "javascript"}} {
			url := regexp.MustCompile(`"(/static/[0-9a-f]{16}/` + regexp.QuoteMeta(m.name) + `)"`).FindStringSubmatch(page)
			if url == nil {
				t.Fatalf("%s not linked with a hash URL", m.name)
			}
			res := b.get(url[1])
			if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Type"), m.ctype) || len(res.body) < 100 {
				t.Errorf("%s: %d %q", url[1], res.status, res.header.Get("Content-Type"))
			}
			if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("%s: cache %q", m.name, cc)
			}
			if res := b.get("/static/0000000000000000/" + m.name); res.status != http.StatusNotFound {
				t.Errorf("stale hash answered %d", res.status)
			}
		}
	})
}

func TestMalformedForms(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		officer := w.signIn("officer@example.org")
		before := w.count()
		if res := officer.postRaw("/contacts", "family_name=%FF%FE&home_unit_id="+itoa(w.munich.ID)); res.status != http.StatusBadRequest ||
			!strings.Contains(res.body, esc(w.msg("en", "error.invalid_utf8"))) {
			t.Errorf("invalid UTF-8: %d", res.status)
		}
		if res := officer.get("/contacts?q=%FF"); res.status != http.StatusBadRequest {
			t.Errorf("invalid UTF-8 query: %d", res.status)
		}
		big := url.Values{"family_name": {strings.Repeat("x", 2<<20)}}.Encode()
		if res := officer.postRaw("/contacts", big); res.status != http.StatusRequestEntityTooLarge {
			t.Errorf("2 MiB form: %d", res.status)
		}
		if w.count() != before {
			t.Error("a malformed form saved a contact")
		}
		if res := officer.get("/contacts/abc"); res.status != http.StatusNotFound {
			t.Errorf("non-numeric id: %d", res.status)
		}
		if res := officer.get("/contacts?after=abc"); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad cursor: %d", res.status)
		}
		if res := officer.get("/"); res.status != http.StatusSeeOther || res.location != "/contacts" {
			t.Errorf("home: %d %q", res.status, res.location)
		}
	})
}
