package metrics

import (
	"database/sql"

	"github.com/prometheus/client_golang/prometheus"
)

// pools reports database/sql connection pool statistics, read at scrape time.
type pools struct {
	stats func() map[string]sql.DBStats
	descs poolDescs
}

type poolDescs struct {
	maxOpen, open, inUse, idle, waits, waited, closedIdle, closedIdleTime, closedLifetime *prometheus.Desc
}

// NewPools returns a collector of the connection pools that stats returns by name (a store's PoolStats). A
// pool that is always in use with waits growing is the first sign that the database, or the pool size, is
// the bottleneck.
func NewPools(stats func() map[string]sql.DBStats) prometheus.Collector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("roster_db_"+name, help, []string{"pool"}, nil)
	}
	return &pools{stats: stats, descs: poolDescs{
		maxOpen:        d("max_open_connections", "Largest number of connections the pool opens."),
		open:           d("open_connections", "Connections open, in use or idle."),
		inUse:          d("in_use_connections", "Connections in use."),
		idle:           d("idle_connections", "Idle connections."),
		waits:          d("wait_count_total", "Times a request waited for a connection."),
		waited:         d("wait_duration_seconds_total", "Time spent waiting for a connection."),
		closedIdle:     d("max_idle_closed_total", "Connections closed because the pool had enough idle ones."),
		closedIdleTime: d("max_idle_time_closed_total", "Connections closed after being idle too long."),
		closedLifetime: d("max_lifetime_closed_total", "Connections closed at the end of their lifetime."),
	}}
}

func (p *pools) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{p.descs.maxOpen, p.descs.open, p.descs.inUse, p.descs.idle, p.descs.waits,
		p.descs.waited, p.descs.closedIdle, p.descs.closedIdleTime, p.descs.closedLifetime} {
		ch <- d
	}
}

func (p *pools) Collect(ch chan<- prometheus.Metric) {
	d := p.descs
	for name, s := range p.stats() {
		gauge := func(desc *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, name)
		}
		counter := func(desc *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, v, name)
		}
		gauge(d.maxOpen, float64(s.MaxOpenConnections))
		gauge(d.open, float64(s.OpenConnections))
		gauge(d.inUse, float64(s.InUse))
		gauge(d.idle, float64(s.Idle))
		counter(d.waits, float64(s.WaitCount))
		counter(d.waited, s.WaitDuration.Seconds())
		counter(d.closedIdle, float64(s.MaxIdleClosed))
		counter(d.closedIdleTime, float64(s.MaxIdleTimeClosed))
		counter(d.closedLifetime, float64(s.MaxLifetimeClosed))
	}
}
