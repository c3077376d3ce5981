package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// PageRow is the latency and weight of one web page for one user.
type PageRow struct {
	Scope, Page string
	P50, P99    time.Duration
	Bytes       int // HTML plus the CSS and JavaScript it references
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// measurePages signs in through the login form and times the UI's pages as the user meets them.
func (c *client) measurePages(ctx context.Context, u benchUser, token string, n int, log io.Writer) ([]PageRow, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: c.http.Transport}
	res, err := hc.PostForm(c.base+"/login", url.Values{"email": {u.email}, "password": {demoPassword}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.Request.URL.Path == "/login" {
		return nil, fmt.Errorf("sign-in as %s failed", u.email)
	}
	samples, err := c.sample(ctx, token)
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(2, uint64(len(u.email))))
	pick := func() summary { return samples[r.IntN(len(samples))] }
	pages := []struct {
		name string
		path func() string
	}{
		{"contact list", func() string { return "/contacts" }},
		{"contact list, later page", func() string { return fmt.Sprintf("/contacts?after=%d", pick().ID) }},
		{"contact search", func() string {
			name := []rune(strings.ToLower(lastWord(pick().DisplayName)))
			return "/contacts?q=" + url.QueryEscape(string(name[:min(3, len(name))]))
		}},
		{"contact page", func() string { return fmt.Sprintf("/contacts/%d", pick().ID) }},
		{"add person form", func() string { return "/contacts/new" }},
		{"units", func() string { return "/units" }},
		{"account", func() string { return "/account" }},
	}
	if u.scope == "whole tree" {
		pages = append(pages, struct {
			name string
			path func() string
		}{"users", func() string { return "/users" }})
	}
	assets := map[string]int{}
	var rows []PageRow
	for _, p := range pages {
		lat := make([]time.Duration, 0, n)
		size := 0
		for i := range n + n/10 {
			start := time.Now()
			res, err := hc.Get(c.base + p.path())
			if err != nil {
				return nil, err
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			d := time.Since(start)
			if err != nil {
				return nil, err
			}
			if res.StatusCode != 200 {
				return nil, fmt.Errorf("GET %s: %d", res.Request.URL, res.StatusCode)
			}
			if i >= n/10 { // the first tenth warms up
				lat = append(lat, d)
			}
			size = max(size, len(body)+assetBytes(hc, c.base, body, assets))
		}
		slices.Sort(lat)
		row := PageRow{Scope: u.scope, Page: p.name, P50: lat[len(lat)/2], P99: lat[len(lat)*99/100], Bytes: size}
		fmt.Fprintf(log, "  %-10s %-26s p50 %6.2f ms  p99 %6.2f ms  %6.1f KB\n", row.Scope, row.Page, ms(row.P50), ms(row.P99), float64(row.Bytes)/1024)
		rows = append(rows, row)
	}
	return rows, nil
}

// assetBytes adds up the sizes of the static files a page references, fetching each once.
func assetBytes(hc *http.Client, base string, page []byte, seen map[string]int) int {
	total := 0
	for _, m := range assetRef.FindAllSubmatch(page, -1) {
		path := string(m[1])
		size, ok := seen[path]
		if !ok {
			if res, err := hc.Get(base + path); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				size = len(b)
			}
			seen[path] = size
		}
		total += size
	}
	return total
}
