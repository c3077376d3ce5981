package httpd_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/jobs/jobstest"
	"github.com/roster-crm/roster/internal/metrics"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

const metricsToken = "0123456789abcdef0123456789abcdef"

// withMetrics is a site whose registry holds what the serve command registers.
func withMetrics(t *testing.T, st *store.Store, token string) *site {
	reg := metrics.NewRegistry()
	s := newSite(t, st, httpd.Options{Metrics: reg, MetricsToken: token})
	reg.MustRegister(metrics.NewPools(st.PoolStats), metrics.NewImports(s.svc.ImportCounts), metrics.NewJobs(s.svc.JobCounts))
	return s
}

// TestJobMetrics: the operator sees the job queue's jobs by kind and state, whichever server ran them.
func TestJobMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := withMetrics(t, st, metricsToken)
		jobstest.Start(t, st, s.svc)
		var body string
		for i := 0; i < 400 && !strings.Contains(body, `roster_jobs{kind="clean_up",state="completed"} 1`); i++ {
			time.Sleep(25 * time.Millisecond)
			body = s.plainGet("/metrics", "Authorization", "Bearer "+metricsToken).body
		}
		if !strings.Contains(body, `roster_jobs{kind="clean_up",state="completed"} 1`) ||
			!strings.Contains(body, `roster_jobs{kind="unit_counts",state="completed"} 1`) {
			t.Errorf("the periodic work's first runs are not counted:\n%s", grep(body, "roster_jobs"))
		}
	})
}

// TestMetricsOnTheMainListenerNeedTheToken: /metrics tells how busy the server is and what it imports; on the
// public listener only a scraper with the token may read it.
func TestMetricsOnTheMainListenerNeedTheToken(t *testing.T) {
	s := withMetrics(t, storetest.Backends()[0].Open(t), metricsToken)
	for _, auth := range []string{"", "Bearer ", "Bearer " + metricsToken[:31], "Bearer " + metricsToken + "0",
		"Bearer " + strings.ToUpper(metricsToken), "Basic " + metricsToken} {
		res := s.plainGet("/metrics", "Authorization", auth)
		if res.status != http.StatusUnauthorized || strings.Contains(res.body, "roster_") {
			t.Errorf("Authorization %q: status %d, want 401 and no metrics", auth, res.status)
		}
	}
	res := s.plainGet("/metrics", "Authorization", "Bearer "+metricsToken)
	if res.status != http.StatusOK || res.header.Get("Cache-Control") != "no-store" || !strings.Contains(res.body, "go_goroutines") {
		t.Errorf("with the token: status %d, Cache-Control %q\n%s", res.status, res.header.Get("Cache-Control"), res.body)
	}
}

// TestNoMetricsEndpointUnlessConfigured: with neither a token nor a separate listener, /metrics is an
// ordinary unknown page.
func TestNoMetricsEndpointUnlessConfigured(t *testing.T) {
	st := storetest.Backends()[0].Open(t)
	for name, s := range map[string]*site{"registry without token": withMetrics(t, st, ""),
		"no registry": newSite(t, storetest.Backends()[0].Open(t), httpd.Options{})} {
		res := s.plainGet("/metrics", "Authorization", "Bearer "+metricsToken)
		if res.status != http.StatusNotFound || strings.Contains(res.body, "go_goroutines") {
			t.Errorf("%s: /metrics answers %d", name, res.status)
		}
	}
}

// TestRequestDurationsByRoute: requests are counted under their route pattern and status class. The id in the
// path never becomes a label: one series per route, however many contacts there are.
func TestRequestDurationsByRoute(t *testing.T) {
	s := withMetrics(t, storetest.Backends()[0].Open(t), metricsToken)
	contact := fmt.Sprintf("/api/v1/contacts/%d", s.contact.ID)
	s.api("GET", contact, "")
	s.api("GET", contact, "")
	s.api("GET", "/api/v1/contacts/999999", "")
	s.get(s.contactPath())
	s.plainGet("/no/such/page")
	body := s.plainGet("/metrics", "Authorization", "Bearer "+metricsToken).body
	for _, want := range []string{
		`roster_http_request_duration_seconds_count{route="GET /api/v1/contacts/{id}",status="2xx"} 2`,
		`roster_http_request_duration_seconds_count{route="GET /api/v1/contacts/{id}",status="4xx"} 1`,
		`roster_http_request_duration_seconds_count{route="GET /contacts/{id}",status="2xx"} 1`,
		`roster_http_request_duration_seconds_count{route="/",status="4xx"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(body, contact) || strings.Contains(body, "999999") || strings.Contains(body, "/no/such") {
		t.Errorf("a raw path became a label:\n%s", grep(body, "roster_http"))
	}
}

// TestPoolAndImportMetrics: the operator sees the connection pools (SQLite's writer beside its readers, one
// PostgreSQL pool) and how many imports ran and what they wrote.
func TestPoolAndImportMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := withMetrics(t, st, metricsToken)
		if err := st.ExecScript(context.Background(), `
			INSERT INTO import_batches (source, settings, status, rows_done, created, updated, skipped, invalid, out_of_scope, started_at)
			VALUES ('a.csv', '{}', 'done', 10, 6, 2, 1, 1, 0, '2026-01-01T00:00:00Z'),
			       ('b.csv', '{}', 'done', 5, 5, 0, 0, 0, 0, '2026-01-02T00:00:00Z'),
			       ('c.csv', '{}', 'dry_run', 7, 7, 0, 0, 0, 0, '2026-01-03T00:00:00Z')`); err != nil {
			t.Fatal(err)
		}
		body := s.plainGet("/metrics", "Authorization", "Bearer "+metricsToken).body
		pools := []string{`pool="read"`, `pool="write"`}
		if st.Dialect() == "postgres" {
			pools = []string{`pool="readwrite"`}
		}
		for _, p := range pools {
			if !strings.Contains(body, "roster_db_open_connections{"+p+"}") || !strings.Contains(body, "roster_db_max_open_connections{"+p+"}") {
				t.Errorf("no statistics of the pool %s:\n%s", p, grep(body, "roster_db"))
			}
		}
		for _, want := range []string{`roster_import_batches{status="done"} 2`, `roster_import_batches{status="dry_run"} 1`,
			`roster_import_batches{status="failed"} 0`, `roster_import_rows{outcome="create"} 11`,
			`roster_import_rows{outcome="update"} 2`, `roster_import_rows{outcome="invalid"} 1`, `roster_import_rows{outcome="out_of_scope"} 0`} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %s in\n%s", want, grep(body, "roster_import"))
			}
		}
	})
}

// TestMetricsListener: on a listener of its own, /metrics needs no token (the operator keeps the address off
// the public network), and nothing else of Roster is served there.
func TestMetricsListener(t *testing.T) {
	reg := metrics.NewRegistry()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := httpd.ServeMetrics(context.Background(), ln, reg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	base := "http://" + ln.Addr().String()
	if res := fetch(t, base+"/metrics"); res.status != http.StatusOK || !strings.Contains(res.body, "go_goroutines") {
		t.Errorf("/metrics on the metrics listener: %d", res.status)
	}
	for _, path := range []string{"/login", "/api/v1/me", "/healthz"} {
		if res := fetch(t, base+path); res.status != http.StatusNotFound {
			t.Errorf("%s on the metrics listener: %d, want 404", path, res.status)
		}
	}
	stop()
	if _, err := http.Get(base + "/metrics"); err == nil {
		t.Error("the metrics listener still answers after stop")
	}
}

// grep keeps the lines of a metrics page that contain s, for readable failures.
func grep(body, s string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
