// Package bench measures Roster the way users meet it: it builds the roster binary, generates the demo
// organization with a million contacts on each database, starts the server, and times scoped quick searches
// and list pages through the HTTP API for users scoped to a county, a state and the whole tree, while
// watching the server's memory.
package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Options configure a run.
type Options struct {
	Contacts     int    // demo contacts to generate
	Requests     int    // timed requests per query kind and user
	PageRequests int    // timed requests per web page and user; 0 skips the pages
	Country      string // demo geography
	PostgresURL  string // server for the PostgreSQL run; "" skips it
	SkipSQLite   bool
	ImportRows   int           // rows of the import benchmark's file
	LoadClients  int           // concurrent clients of the mixed load; 0 skips it
	LoadTime     time.Duration // how long the mixed load runs
	Out          io.Writer     // the report
	Log          io.Writer     // progress
}

// Result is what one database run measured.
type Result struct {
	Database   string
	DemoTime   time.Duration
	Rows       []Row
	Pages      []PageRow
	PeakRSSKiB int64 // highest VmRSS seen while the queries ran
	HWMKiB     int64 // VmHWM at the end: the peak over the server's whole life
	Throughput float64

	// The same queries and load against a server that works no background jobs ("serve --no-jobs"), as the
	// baseline of what the job queue costs the users. The two servers take turns (see rounds).
	BaselineRows []Row
	Load         Load
	BaselineLoad Load
}

// Row is the latency of one query kind for one user.
type Row struct {
	Scope, Query string
	Visible      int // contacts in the user's scope
	P50, P99     time.Duration
	lat          []time.Duration
}

// Run builds the binary and runs the benchmark on each configured database.
func Run(ctx context.Context, opt Options) ([]Result, error) {
	work, err := os.MkdirTemp("", "roster-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "roster")
	fmt.Fprintln(opt.Log, "building roster …")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/roster")
	build.Stdout, build.Stderr = opt.Log, opt.Log
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("go build (run the benchmark from the repository root): %w", err)
	}
	var results []Result
	if !opt.SkipSQLite {
		r, err := runOne(ctx, opt, bin, "SQLite", []string{"--data-dir", filepath.Join(work, "data")})
		if err != nil {
			return results, fmt.Errorf("SQLite: %w", err)
		}
		results = append(results, r)
	}
	if opt.PostgresURL != "" {
		dbURL, drop, err := createDatabase(ctx, opt.PostgresURL)
		if err != nil {
			return results, err
		}
		defer drop()
		r, err := runOne(ctx, opt, bin, "PostgreSQL", []string{"--database-url", dbURL})
		if err != nil {
			return results, fmt.Errorf("PostgreSQL: %w", err)
		}
		results = append(results, r)
	}
	return results, nil
}

// createDatabase makes a throwaway database on the server and returns its URL and a function dropping it.
func createDatabase(ctx context.Context, server string) (string, func(), error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "roster_bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create benchmark database: %w", err)
	}
	u, _ := url.Parse(server)
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}, nil
}

func runOne(ctx context.Context, opt Options, bin, name string, dbFlags []string) (Result, error) {
	res := Result{Database: name}
	fmt.Fprintf(opt.Log, "%s: generating the demo with %d contacts …\n", name, opt.Contacts)
	start := time.Now()
	args := append([]string{"demo", "--country", opt.Country, "--contacts", fmt.Sprint(opt.Contacts), "--seed", "1"}, dbFlags...)
	if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		return res, fmt.Errorf("demo: %v\n%s", err, out)
	}
	res.DemoTime = time.Since(start)
	fmt.Fprintf(opt.Log, "%s: demo generated in %s\n", name, res.DemoTime.Round(time.Second))
	tokens := map[string]string{}
	for _, u := range users() {
		out, err := exec.CommandContext(ctx, bin, append([]string{"user", "token", "--email", u.email, "--name", "bench"}, dbFlags...)...).Output()
		if err != nil {
			return res, fmt.Errorf("token for %s: %w", u.email, err)
		}
		tokens[u.email] = strings.TrimSpace(string(out))
	}
	// The servers take turns on the same database, never both at once: without the job queue, with it, with
	// it, without it. Each round sends half of the requests and runs half of the load, so a machine that
	// slows down or speeds up during the run weighs on both sides alike; rounds of a pair send the same queries.
	half := opt
	half.Requests, half.LoadTime = max(1, opt.Requests/2), opt.LoadTime/2
	for i, jobs := range []bool{false, true, true, false} {
		pages := jobs && len(res.Pages) == 0
		seed := uint64(1 + min(i, 3-i))
		round, err := measureServer(ctx, half, bin, dbFlags, tokens, jobs, pages, seed)
		if err != nil {
			return res, fmt.Errorf("job queue working %v: %w", jobs, err)
		}
		if jobs {
			res.Rows = mergeRows(res.Rows, round.Rows)
			res.Load = res.Load.merge(round.Load)
			res.Pages = append(res.Pages, round.Pages...)
			res.PeakRSSKiB, res.HWMKiB = max(res.PeakRSSKiB, round.PeakRSSKiB), max(res.HWMKiB, round.HWMKiB)
			res.Throughput += round.Throughput / 2
		} else {
			res.BaselineRows = mergeRows(res.BaselineRows, round.Rows)
			res.BaselineLoad = res.BaselineLoad.merge(round.Load)
		}
	}
	return res, nil
}

// mergeRows adds a round's latencies to the rows of earlier rounds (the same queries in the same order).
func mergeRows(rows, round []Row) []Row {
	if rows == nil {
		return round
	}
	for i := range rows {
		rows[i].add(round[i].lat)
	}
	return rows
}

// measureServer starts a server on the database, with its job queue working or not, and measures the
// queries, the pages if asked, and the mixed load.
func measureServer(ctx context.Context, opt Options, bin string, dbFlags []string, tokens map[string]string, jobs, pages bool, seed uint64) (Result, error) {
	var res Result
	addr, err := freeAddr()
	if err != nil {
		return res, err
	}
	args := append([]string{"serve", "--listen", addr, "--log-level", "warn"}, dbFlags...)
	if !jobs {
		args = append(args, "--no-jobs")
	}
	fmt.Fprintf(opt.Log, "serving with the job queue working: %v\n", jobs)
	srv := exec.CommandContext(ctx, bin, args...)
	stderr, _ := srv.StderrPipe()
	if err := srv.Start(); err != nil {
		return res, err
	}
	go func() { _, _ = io.Copy(opt.Log, bufio.NewReader(stderr)) }()
	defer func() {
		_ = srv.Process.Signal(os.Interrupt)
		_ = srv.Wait()
	}()
	c := newClient("http://" + addr)
	if err := c.waitReady(ctx, 60*time.Second); err != nil {
		return res, err
	}
	stopRSS := watchRSS(srv.Process.Pid, &res.PeakRSSKiB)
	var total time.Duration
	var count int
	var loaders []loadUser
	for _, u := range users() {
		rows, d, n, err := c.measureUser(ctx, u, tokens[u.email], opt.Requests, seed, opt.Log)
		if err != nil {
			stopRSS()
			return res, fmt.Errorf("%s: %w", u.scope, err)
		}
		res.Rows = append(res.Rows, rows...)
		total += d
		count += n
		if u.scope != "whole tree" {
			samples, err := c.sample(ctx, tokens[u.email])
			if err != nil {
				stopRSS()
				return res, err
			}
			loaders = append(loaders, loadUser{token: tokens[u.email], samples: samples})
		}
	}
	if opt.PageRequests > 0 && pages {
		for _, u := range users() {
			rows, err := c.measurePages(ctx, u, tokens[u.email], opt.PageRequests, opt.Log)
			if err != nil {
				stopRSS()
				return res, fmt.Errorf("pages as %s: %w", u.scope, err)
			}
			res.Pages = append(res.Pages, rows...)
		}
	}
	if opt.LoadClients > 0 {
		res.Load = c.runLoad(ctx, loaders, opt.LoadClients, opt.LoadTime, opt.Log)
	}
	stopRSS()
	res.HWMKiB = procStatus(srv.Process.Pid, "VmHWM:")
	res.Throughput = float64(count) / total.Seconds()
	return res, nil
}

// demoPassword is the demo users' password (see internal/demo).
const demoPassword = "roster-demo-2026"

type benchUser struct {
	email, scope string
}

// users are the demo's officers: the whole tree, a state, a county.
func users() []benchUser {
	return []benchUser{
		{"county@demo.example", "county"},
		{"state@demo.example", "state"},
		{"admin@demo.example", "whole tree"},
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
