// Package httpd assembles Roster's HTTP server: the JSON API and the web UI on one ServeMux, behind the
// middleware every request passes (panic recovery, access log, security headers, cross-origin protection).
package httpd

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/roster-crm/roster/internal/api"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/metrics"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/ui"
)

// Options configure the handler.
type Options struct {
	Logger *slog.Logger
	Secure bool // served over HTTPS (directly or behind a proxy): secure cookies, HSTS

	// Metrics, when set, receives the request durations, and is served at /metrics to requests that carry
	// MetricsToken as a bearer token (with no token, not on this handler: see ServeMetrics).
	Metrics      *prometheus.Registry
	MetricsToken string
}

// Handler returns the complete HTTP handler.
func Handler(svc *service.Service, cat *i18n.Catalog, opt Options) (http.Handler, error) {
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	mux := http.NewServeMux()
	api.New(svc, cat, log, opt.Secure).Register(mux)
	u, err := ui.New(svc, cat, log, opt.Secure)
	if err != nil {
		return nil, err
	}
	u.Register(mux)
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(svc, log))
	if opt.Metrics != nil && opt.MetricsToken != "" {
		mux.Handle("GET /metrics", bearer(opt.MetricsToken, metrics.Handler(opt.Metrics, log)))
	}
	cop := http.NewCrossOriginProtection()
	var h http.Handler = mux
	h = cop.Handler(h)
	h = securityHeaders(opt.Secure, h)
	h = recoverPanics(log, h)
	if opt.Metrics != nil {
		h = metrics.NewRequests(opt.Metrics).Handler(h)
	}
	h = accessLog(log, h)
	return h, nil
}

// Serve listens on addr until ctx ends, then shuts down gracefully. ready, when not nil, receives the bound
// address once the listener is open.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if e := <-done; !errors.Is(e, http.ErrServerClosed) {
			err = errors.Join(err, e)
		}
		return err
	}
}

// securityHeaders sets a strict Content-Security-Policy and friends: only our own scripts, styles and
// images; no framing; no referrer leaking contact URLs to other sites. Served over HTTPS, browsers are told
// to use nothing else for a year, so that a network in between cannot turn a later visit into plain HTTP.
func securityHeaders(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// secretPaths are the path prefixes whose next segment is a secret (invitation and password-reset links).
func secretPaths() []string { return []string{"/invitation/", "/password-reset/"} }

// loggablePath hides the secret segment of link paths, so that logs never hold a working link.
func loggablePath(p string) string {
	for _, prefix := range secretPaths() {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return prefix + "…"
		}
	}
	return p
}

// recoverPanics turns a handler panic into a logged 500 so one bad request cannot take the server down.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic serving request", "method", r.Method, "path", loggablePath(r.URL.Path), "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs method, path, status and duration. Query strings are left out: they hold search terms,
// which may be names.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.Debug("request", "method", r.Method, "path", loggablePath(r.URL.Path), "status", sw.status,
			"ms", float64(time.Since(start).Microseconds())/1000)
	})
}
