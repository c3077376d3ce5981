package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// jobs reports the job queue's jobs by kind and state, read from the database at scrape time: every server
// of the installation shares the queue.
type jobs struct {
	read func(context.Context) (map[[2]string]int, error)
	desc *prometheus.Desc
}

// NewJobs returns a collector over read (the service's JobCounts).
func NewJobs(read func(context.Context) (map[[2]string]int, error)) prometheus.Collector {
	return &jobs{read: read, desc: prometheus.NewDesc("roster_jobs",
		"Background jobs by kind (import, unit_counts, clean_up) and state (available, running, retryable, completed, …).",
		[]string{"kind", "state"}, nil)}
}

func (c *jobs) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *jobs) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	counts, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
}
