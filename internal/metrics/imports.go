package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/roster-crm/roster/internal/domain"
)

// scrapeTimeout bounds a collector's database query, so that a slow database cannot hold a scrape (and a
// connection) for long.
const scrapeTimeout = 3 * time.Second

// imports reports import batches by status and the rows of finished imports by outcome, read from the
// database at scrape time: the batches live in the database, and any process may have run them.
type imports struct {
	read          func(context.Context) (domain.ImportCounts, error)
	batches, rows *prometheus.Desc
}

// NewImports returns a collector over read (the service's ImportCounts).
func NewImports(read func(context.Context) (domain.ImportCounts, error)) prometheus.Collector {
	return &imports{read: read,
		batches: prometheus.NewDesc("roster_import_batches", "Import batches by status.", []string{"status"}, nil),
		rows: prometheus.NewDesc("roster_import_rows", "Rows of the imports that are done (not dry runs, not undone), by outcome.",
			[]string{"outcome"}, nil),
	}
}

func (c *imports) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.batches
	ch <- c.rows
}

func (c *imports) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	counts, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.batches, err)
		return
	}
	for status, n := range counts.Batches {
		ch <- prometheus.MustNewConstMetric(c.batches, prometheus.GaugeValue, float64(n), status)
	}
	for outcome, n := range counts.Rows {
		ch <- prometheus.MustNewConstMetric(c.rows, prometheus.GaugeValue, float64(n), outcome)
	}
}
