package httpd_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/metrics"
	"github.com/roster-crm/roster/internal/store/storetest"
)

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// keptForm reads the form the unavailable page offers again: its action and hidden fields.
func keptForm(t *testing.T, page string) (string, url.Values) {
	t.Helper()
	m := regexp.MustCompile(`<form method="post" action="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form to send again in the page:\n%s", page)
	}
	vals := url.Values{}
	for _, f := range hiddenField.FindAllStringSubmatch(page, -1) {
		vals.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	return html.UnescapeString(m[1]), vals
}

// TestDatabaseOutage takes the database away from a running server, with a browser and an API client signed
// in, and brings it back: meanwhile every page and API call answers 503 with Retry-After (no 401, no
// redirect to the sign-in form, no 500), each logged once with its cause, a form typed during the outage is
// kept and can be sent again, and afterwards the same session and token work with no restart.
func TestDatabaseOutage(t *testing.T) {
	st, proxy := storetest.PostgresBehindProxy(t)
	reg := metrics.NewRegistry()
	reg.MustRegister(metrics.NewPools(st.PoolStats))
	s := newSite(t, st, httpd.Options{Metrics: reg, MetricsToken: strings.Repeat("m", 32)})
	contactAPI := fmt.Sprintf("/api/v1/contacts/%d", s.contact.ID)
	for _, res := range []response{s.api("GET", contactAPI, ""), s.get(s.contactPath()), s.plainGet("/readyz")} {
		if res.status != http.StatusOK {
			t.Fatalf("before the outage: status %d\n%s", res.status, res.body)
		}
	}

	// The cut itself, with requests in flight: each either finished before it or fails as unavailable.
	cutting := make(chan map[int]int)
	go func() { cutting <- underLoad(t, s, contactAPI, 4, 10) }()
	time.Sleep(50 * time.Millisecond)
	proxy.Cut()
	inFlight := <-cutting
	t.Logf("while the database was taken away, 4 clients: statuses %v", inFlight)
	for status, n := range inFlight {
		if status != http.StatusOK && status != http.StatusSeeOther && status != http.StatusServiceUnavailable {
			t.Errorf("while the database was taken away: %d responses with status %d", n, status)
		}
	}
	unavailable := inFlight[http.StatusServiceUnavailable]

	if res := s.plainGet("/healthz"); res.status != http.StatusOK {
		t.Errorf("/healthz during the outage: %d, want 200: the process is alive", res.status)
	}
	if res := s.plainGet("/readyz"); res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, "cannot be reached") {
		t.Errorf("/readyz during the outage: %d %q, want 503 saying the database cannot be reached", res.status, res.body)
	}

	note := "Called about the statutes.\nSecond line with <b>markup</b> & \"quotes\"."
	res := s.post(s.contactPath()+"/notes", url.Values{"body": {note}})
	if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" {
		t.Fatalf("note during the outage: status %d, Retry-After %q\n%s", res.status, res.header.Get("Retry-After"), res.body)
	}
	if !strings.Contains(res.body, "Roster cannot reach its database") {
		t.Errorf("the page does not say what happened:\n%s", res.body)
	}
	action, kept := keptForm(t, res.body)
	if action != s.contactPath()+"/notes" || kept.Get("body") != note {
		t.Errorf("kept form: action %q, fields %v; want the note as typed", action, kept)
	}

	newPassword := "a brand new passphrase 2024"
	res = s.post("/account/password", url.Values{"current_password": {password}, "password": {newPassword},
		"password_confirm": {newPassword}})
	if res.status != http.StatusServiceUnavailable {
		t.Errorf("password change during the outage: status %d", res.status)
	}
	if strings.Contains(res.body, password) || strings.Contains(res.body, newPassword) {
		t.Errorf("the unavailable page writes a password into the page:\n%s", res.body)
	}
	if n := strings.Count(res.body, `type="password"`); n != 3 {
		t.Errorf("%d password fields to type again, want 3:\n%s", n, res.body)
	}

	statuses := underLoad(t, s, contactAPI, 4, 25)
	t.Logf("during the outage, 4 clients: statuses %v", statuses)
	for status, n := range statuses {
		if status != http.StatusServiceUnavailable {
			t.Errorf("during the outage: %d responses with status %d, want only 503", n, status)
		}
	}
	if got, want := strings.Count(s.log.String(), `msg="database unavailable"`), unavailable+statuses[http.StatusServiceUnavailable]+2; got != want {
		t.Errorf("%d log lines for %d unavailable answers, want one each", got, want)
	}
	if !strings.Contains(s.log.String(), "connect") {
		t.Errorf("the log does not name the cause:\n%s", s.log.String())
	}
	res = s.plainGet("/metrics", "Authorization", "Bearer "+strings.Repeat("m", 32))
	if res.status != http.StatusOK || !strings.Contains(res.body, `roster_http_request_duration_seconds_count{route="GET /api/v1/contacts/{id}",status="5xx"}`) {
		t.Errorf("metrics during the outage: %d\n%s", res.status, res.body)
	}

	proxy.Restore()
	back := time.Now()
	for s.api("GET", contactAPI, "").status != http.StatusOK {
		if time.Since(back) > 15*time.Second {
			t.Fatal("the API did not recover within 15 s of the database coming back")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("served again %s after the database came back", time.Since(back).Round(time.Millisecond))
	if res := s.get(s.contactPath()); res.status != http.StatusOK {
		t.Errorf("the browser's session after the outage: status %d, want 200 (still signed in)", res.status)
	}
	if res := s.plainGet("/readyz"); res.status != http.StatusOK {
		t.Errorf("/readyz after the outage: %d %s", res.status, res.body)
	}
	if res := s.post(action, kept); res.status != http.StatusSeeOther {
		t.Fatalf("sending the kept note again: status %d\n%s", res.status, res.body)
	}
	saved := 0
	for _, n := range must(s.svc.Notes(context.Background(), s.admin, s.contact.ID))(t) {
		if strings.ReplaceAll(n.Body, "\r\n", "\n") == note {
			saved++
		}
	}
	if saved != 1 {
		t.Errorf("the note typed during the outage was saved %d times after sending the kept form again, want once", saved)
	}
	if statuses := underLoad(t, s, contactAPI, 4, 5); len(statuses) != 2 || statuses[http.StatusOK] == 0 || statuses[http.StatusSeeOther] == 0 {
		t.Errorf("after the outage: statuses %v, want only 200 and 303", statuses)
	}
}

// underLoad runs clients concurrently, each sending rounds of an API read, a page and a form (a note), and
// counts the statuses.
func underLoad(t *testing.T, s *site, contactAPI string, clients, rounds int) map[int]int {
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range rounds {
				for _, res := range []response{
					s.api("GET", contactAPI, ""),
					s.api("GET", "/api/v1/contacts?limit=10", ""),
					s.get(s.contactPath()),
					s.post(s.contactPath()+"/notes", url.Values{"body": {fmt.Sprintf("client %d, round %d", c, i)}}),
				} {
					mu.Lock()
					statuses[res.status]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return statuses
}

// TestDatabaseThatDoesNotAnswer: a database host that drops packets instead of refusing connections must not
// hold requests for the minutes of TCP retries: the connect timeout turns it into a 503 within seconds.
func TestDatabaseThatDoesNotAnswer(t *testing.T) {
	st, proxy := storetest.PostgresBehindProxy(t)
	s := newSite(t, st, httpd.Options{})
	contactAPI := fmt.Sprintf("/api/v1/contacts/%d", s.contact.ID)

	proxy.Blackhole()
	// The first requests fail at once on the pool's broken connections; then a new connection is opened,
	// which the database never answers.
	var slowest time.Duration
	for i := 0; i < 8 && slowest < 4*time.Second; i++ {
		start := time.Now()
		res := s.api("GET", contactAPI, "")
		took := time.Since(start)
		slowest = max(slowest, took)
		if res.status != http.StatusServiceUnavailable || took > 10*time.Second {
			t.Fatalf("API with the database not answering: %d after %s, want 503 within 10 s", res.status, took)
		}
	}
	t.Logf("a request waiting for a new connection answered 503 after %s", slowest.Round(time.Millisecond))
	if slowest < 4*time.Second {
		t.Errorf("no request waited for a new connection (slowest %s): the test did not reach the connect timeout", slowest)
	}
	start := time.Now()
	if res := s.plainGet("/readyz"); res.status != http.StatusServiceUnavailable || time.Since(start) > 5*time.Second {
		t.Errorf("/readyz with the database not answering: %d after %s, want 503 within its 2 s timeout", res.status, time.Since(start))
	}

	proxy.Cut()
	proxy.Restore()
	deadline := time.Now().Add(15 * time.Second)
	for s.api("GET", contactAPI, "").status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("the API did not recover within 15 s of the database answering again")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
