package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Load is what a mixed load of many clients measured: throughput, latency of every request, and failures.
type Load struct {
	Clients  int
	Requests int
	Writes   int
	Errors   int
	FirstErr string // what the first failed request answered
	Duration time.Duration
	P50, P99 time.Duration
	lat      []time.Duration
}

// merge adds another stretch of the same load: the sums, and percentiles over both stretches' requests.
func (l Load) merge(o Load) Load {
	if l.Requests == 0 {
		return o
	}
	l.Requests += o.Requests
	l.Writes += o.Writes
	l.Errors += o.Errors
	if l.FirstErr == "" {
		l.FirstErr = o.FirstErr
	}
	l.Duration += o.Duration
	l.lat = append(l.lat, o.lat...)
	l.P50, l.P99 = percentiles(l.lat)
	return l
}

// RPS is the requests per second the server answered.
func (l Load) RPS() float64 { return float64(l.Requests) / l.Duration.Seconds() }

// loadUser is one officer of the load: their token and contacts of their scope.
type loadUser struct {
	token   string
	samples []summary
}

// runLoad sends requests from clients goroutines for d: nine in ten read (a name search or a list page), one in
// ten writes (a note on a contact of the officer's scope), as officers of a county and a state would.
func (c *client) runLoad(ctx context.Context, users []loadUser, clients int, d time.Duration, log io.Writer) Load {
	var (
		mu   sync.Mutex
		lat  []time.Duration
		load = Load{Clients: clients}
		wg   sync.WaitGroup
	)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	end := time.Now().Add(d)
	start := time.Now()
	for i := range clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			var mine []time.Duration
			var n, writes, errs int
			var first string
			for time.Now().Before(end) && ctx.Err() == nil {
				u := users[r.IntN(len(users))]
				s := u.samples[r.IntN(len(u.samples))]
				var req *http.Request
				switch k := r.IntN(10); {
				case k == 0:
					body := fmt.Sprintf(`{"body": "Called back, load client %d"}`, i)
					req, _ = http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/contacts/%d/notes", c.base, s.ID), strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					writes++
				case k < 6:
					name := []rune(strings.ToLower(lastWord(s.DisplayName)))
					req, _ = http.NewRequestWithContext(ctx, "GET", c.base+"/api/v1/contacts?limit=20&q="+url.QueryEscape(string(name[:min(3, len(name))])), nil)
				default:
					req, _ = http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/contacts?limit=50&after=%d", c.base, s.ID), nil)
				}
				req.Header.Set("Authorization", "Bearer "+u.token)
				t0 := time.Now()
				res, err := hc.Do(req)
				if err == nil {
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					// A note on a contact the officer sees through an affiliation but may not edit is refused,
					// rightly: a client's choice, not a server's failure.
					if res.StatusCode >= 300 && !(req.Method == "POST" && res.StatusCode == http.StatusForbidden) {
						err = fmt.Errorf("%s %s: %d %.200s", req.Method, req.URL.Path, res.StatusCode, body)
					}
				}
				mine = append(mine, time.Since(t0))
				n++
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			load.Requests += n
			load.Writes += writes
			load.Errors += errs
			if load.FirstErr == "" {
				load.FirstErr = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	load.Duration = time.Since(start)
	load.lat = lat
	load.P50, load.P99 = percentiles(lat)
	fmt.Fprintf(log, "  load: %d clients, %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d writes, %d errors\n",
		clients, load.RPS(), ms(load.P50), ms(load.P99), load.Writes, load.Errors)
	if load.FirstErr != "" {
		fmt.Fprintf(log, "  first error: %s\n", load.FirstErr)
	}
	return load
}
