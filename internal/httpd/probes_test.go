package httpd_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// server serves the whole handler over st with no fixtures: for probes, which must work on any database.
func server(t *testing.T, st *store.Store, opt httpd.Options) *httptest.Server {
	t.Helper()
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpd.Handler(service.New(st, service.Options{Logger: opt.Logger}), cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, url string) response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(body)}
}

// TestReadinessNeedsTheCurrentSchema: a database that an operator has not migrated yet (a new Roster
// deployed on an old database) is reported as not ready, with the versions, until it is migrated; the
// process stays healthy all along.
func TestReadinessNeedsTheCurrentSchema(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.OpenEmpty(t)
		status, err := st.SchemaStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Migrate(ctx, status.Latest-1); err != nil {
			t.Fatal(err)
		}
		srv := server(t, st, httpd.Options{})

		res := fetch(t, srv.URL+"/readyz")
		want := fmt.Sprintf("schema is at version %d, this Roster needs version %d", status.Latest-1, status.Latest)
		if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, want) {
			t.Errorf("/readyz on a schema one version behind: %d %q, want 503 saying %q", res.status, res.body, want)
		}
		if res := fetch(t, srv.URL+"/healthz"); res.status != http.StatusOK {
			t.Errorf("/healthz on a schema behind: %d, want 200", res.status)
		}

		if _, err := st.Migrate(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if res := fetch(t, srv.URL+"/readyz"); res.status != http.StatusOK || res.body != "ready\n" {
			t.Errorf("/readyz after migrating: %d %q", res.status, res.body)
		}
	})
}

// TestProbesArePlainAndUncached: load balancers read the status and the text; a cached "ok" would hide an
// outage, and neither probe may ask for a session.
func TestProbesArePlainAndUncached(t *testing.T) {
	srv := server(t, storetest.Backends()[0].Open(t), httpd.Options{})
	for _, path := range []string{"/healthz", "/readyz"} {
		res := fetch(t, srv.URL+path)
		if res.status != http.StatusOK || res.header.Get("Cache-Control") != "no-store" ||
			!strings.HasPrefix(res.header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s: %d, Cache-Control %q, Content-Type %q", path, res.status, res.header.Get("Cache-Control"),
				res.header.Get("Content-Type"))
		}
	}
}

// TestHSTSOnlyOverHTTPS: behind HTTPS, browsers are told to stay on HTTPS; on plain HTTP (a laptop, a LAN)
// the header would be meaningless and is not sent.
func TestHSTSOnlyOverHTTPS(t *testing.T) {
	st := storetest.Backends()[0].Open(t)
	for secure, want := range map[bool]bool{true: true, false: false} {
		res := fetch(t, server(t, st, httpd.Options{Secure: secure}).URL+"/login")
		if got := strings.HasPrefix(res.header.Get("Strict-Transport-Security"), "max-age="); got != want {
			t.Errorf("secure %v: Strict-Transport-Security %q", secure, res.header.Get("Strict-Transport-Security"))
		}
	}
}
