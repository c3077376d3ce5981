package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Requests measures HTTP request durations by route and status class.
type Requests struct {
	duration *prometheus.HistogramVec
}

// NewRequests registers the request duration histogram on reg.
func NewRequests(reg prometheus.Registerer) *Requests {
	d := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "roster_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern and status class.",
		Buckets: prometheus.DefBuckets,
	}, []string{"route", "status"})
	reg.MustRegister(d)
	return &Requests{duration: d}
}

// Observe records one request. pattern is the ServeMux pattern that matched ("GET /contacts/{id}"), never
// the path, so that ids and search terms neither multiply the series nor reach the metrics; "" (no route
// matched, or the request was refused before routing) is counted as "unmatched".
func (m *Requests) Observe(pattern string, status int, d time.Duration) {
	if pattern == "" {
		pattern = "unmatched"
	}
	m.duration.WithLabelValues(pattern, statusClass(status)).Observe(d.Seconds())
}

// statusClass is "2xx", "4xx", … : the class is what alerts look at, and the exact code would multiply the
// series by every status a route can answer.
func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

// Handler wraps next and observes every request it serves. It must sit outside the ServeMux, which sets
// r.Pattern on the request it is given.
func (m *Requests) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		m.Observe(r.Pattern, sw.status, time.Since(start))
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
