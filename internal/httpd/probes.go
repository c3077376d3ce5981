package httpd

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/service"
)

// readyTimeout is how long readiness waits for the database: a probe that hangs is worse than one that
// says no, and a database that takes longer than this to answer a trivial query is not serving.
const readyTimeout = 2 * time.Second

// plain answers a probe: plain text, never cached (a cached "ok" from before an outage would hide it).
func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, text)
}

// healthz reports that the process is alive and serving HTTP. It does not touch the database: a database
// outage is no reason to restart the process, which recovers by itself when the database returns.
func healthz(w http.ResponseWriter, r *http.Request) { plain(w, http.StatusOK, "ok") }

// readyz reports whether this process can serve requests: the database answers within readyTimeout and its
// schema is the one this binary was built for. A load balancer sends traffic elsewhere while it is not.
// The reason is for the operator; the cause behind it goes to the log.
func readyz(svc *service.Service, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		st, err := svc.Readiness(ctx)
		switch {
		case err != nil && svc.Unavailable(err):
			log.Warn("not ready: database unreachable", "err", err)
			plain(w, http.StatusServiceUnavailable, "not ready: the database cannot be reached")
		case err != nil:
			log.Warn("not ready: schema version unreadable", "err", err)
			plain(w, http.StatusServiceUnavailable, "not ready: the database schema version cannot be read")
		case st.Current == st.Latest && !st.Jobs:
			plain(w, http.StatusServiceUnavailable, "not ready: the job queue's tables are behind this Roster (run 'roster migrate')")
		case !st.UpToDate():
			plain(w, http.StatusServiceUnavailable, fmt.Sprintf("not ready: the database schema is at version %d, "+
				"this Roster needs version %d (run 'roster migrate')", st.Current, st.Latest))
		default:
			plain(w, http.StatusOK, "ready")
		}
	})
}
