package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

type client struct {
	base string
	http *http.Client
}

func newClient(base string) *client {
	return &client{base: base, http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

func (c *client) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if res, err := c.http.Get(c.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("server at %s did not become ready", c.base)
}

type summary struct {
	ID           int64  `json:"id"`
	DisplayName  string `json:"display_name"`
	MemberNumber string `json:"member_number"`
	Email        string `json:"email"`
	PostalCode   string `json:"postal_code"`
}

type page struct {
	Contacts []summary `json:"contacts"`
	Next     int64     `json:"next"`
}

// get performs one timed GET and decodes the page.
func (c *client) get(ctx context.Context, token, path string) (page, time.Duration, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return page{}, 0, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err != nil {
		return page{}, d, err
	}
	if res.StatusCode != 200 {
		return page{}, d, fmt.Errorf("GET %s: %d %s", path, res.StatusCode, body)
	}
	var p page
	return p, d, json.Unmarshal(body, &p)
}

// sample collects contacts of the user's scope: the first page for every initial letter.
func (c *client) sample(ctx context.Context, token string) ([]summary, error) {
	var out []summary
	for l := 'a'; l <= 'z'; l++ {
		p, _, err := c.get(ctx, token, "/api/v1/contacts?limit=50&q="+string(l))
		if err != nil {
			return nil, err
		}
		out = append(out, p.Contacts...)
	}
	if len(out) < 50 {
		return nil, fmt.Errorf("only %d sample contacts in scope", len(out))
	}
	return out, nil
}

// measureUser times each query kind for one user.
// seed varies the queries between rounds; rounds with the same seed send the same queries.
func (c *client) measureUser(ctx context.Context, u benchUser, token string, n int, seed uint64, log io.Writer) ([]Row, time.Duration, int, error) {
	samples, err := c.sample(ctx, token)
	if err != nil {
		return nil, 0, 0, err
	}
	var count struct{ Count int }
	if err := c.getJSON(ctx, token, "/api/v1/contacts/count", &count); err != nil {
		return nil, 0, 0, err
	}
	r := rand.New(rand.NewPCG(seed, uint64(len(u.email))))
	pick := func(ok func(summary) bool) summary {
		for {
			if s := samples[r.IntN(len(samples))]; ok(s) {
				return s
			}
		}
	}
	always := func(summary) bool { return true }
	kinds := []struct {
		name string
		path func() string
	}{
		{"search: name prefix", func() string {
			s := pick(always)
			name := []rune(strings.ToLower(lastWord(s.DisplayName)))
			return "/api/v1/contacts?limit=20&q=" + url.QueryEscape(string(name[:min(3, len(name))]))
		}},
		{"search: given name", func() string {
			given, _, _ := strings.Cut(pick(always).DisplayName, " ")
			return "/api/v1/contacts?limit=20&q=" + url.QueryEscape(given)
		}},
		{"search: member number", func() string {
			return "/api/v1/contacts?limit=20&q=" + pick(func(s summary) bool { return s.MemberNumber != "" }).MemberNumber
		}},
		{"search: e-mail", func() string {
			return "/api/v1/contacts?limit=20&q=" + url.QueryEscape(pick(func(s summary) bool { return s.Email != "" }).Email)
		}},
		{"search: postal code", func() string {
			return "/api/v1/contacts?limit=20&q=" + pick(func(s summary) bool { return s.PostalCode != "" }).PostalCode
		}},
		{"list page (50 by name)", func() string {
			if r.IntN(10) == 0 {
				return "/api/v1/contacts?limit=50"
			}
			return fmt.Sprintf("/api/v1/contacts?limit=50&after=%d", pick(always).ID)
		}},
	}
	var rows []Row
	var total time.Duration
	reqs := 0
	for _, k := range kinds {
		for range n / 10 { // warm-up
			if _, _, err := c.get(ctx, token, k.path()); err != nil {
				return nil, 0, 0, err
			}
		}
		lat := make([]time.Duration, 0, n)
		for range n {
			_, d, err := c.get(ctx, token, k.path())
			if err != nil {
				return nil, 0, 0, err
			}
			lat = append(lat, d)
			total += d
		}
		reqs += n
		row := Row{Scope: u.scope, Query: k.name, Visible: count.Count}
		row.add(lat)
		fmt.Fprintf(log, "  %-10s %-24s p50 %6.2f ms  p99 %6.2f ms\n", row.Scope, row.Query, ms(row.P50), ms(row.P99))
		rows = append(rows, row)
	}
	return rows, total, reqs, nil
}

// add merges latencies into the row and recomputes its percentiles.
func (r *Row) add(lat []time.Duration) {
	r.lat = append(r.lat, lat...)
	r.P50, r.P99 = percentiles(r.lat)
}

// percentiles sorts lat and returns its median and 99th percentile.
func percentiles(lat []time.Duration) (p50, p99 time.Duration) {
	if len(lat) == 0 {
		return 0, 0
	}
	slices.Sort(lat)
	return lat[len(lat)/2], lat[len(lat)*99/100]
}

func (c *client) getJSON(ctx context.Context, token, path string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return s
	}
	return f[len(f)-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
