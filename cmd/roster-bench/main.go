// Command roster-bench measures Roster at a million contacts on SQLite and PostgreSQL and prints the
// README's performance tables. Run it from the repository root:
//
//	go run ./cmd/roster-bench -postgres postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/roster-crm/roster/internal/bench"
)

func main() {
	opt := bench.Options{Out: os.Stdout, Log: os.Stderr}
	flag.IntVar(&opt.Contacts, "contacts", 1000000, "demo contacts to generate")
	flag.IntVar(&opt.Requests, "requests", 1000, "timed requests per query kind and user")
	flag.IntVar(&opt.PageRequests, "page-requests", 200, "timed requests per web page and user (0 skips the pages)")
	flag.StringVar(&opt.Country, "country", "de", "demo geography: de or us")
	flag.StringVar(&opt.PostgresURL, "postgres", os.Getenv("ROSTER_TEST_DATABASE_URL"), "PostgreSQL server for the PostgreSQL run (a throwaway database is created); empty skips it")
	flag.BoolVar(&opt.SkipSQLite, "skip-sqlite", false, "only run PostgreSQL")
	flag.IntVar(&opt.LoadClients, "load-clients", 32, "concurrent clients of the mixed load (one in ten requests writes); 0 skips it")
	flag.DurationVar(&opt.LoadTime, "load-time", 20*time.Second, "how long the mixed load runs")
	imports := flag.Bool("import", false, "run the import benchmark instead of the query benchmark")
	flag.IntVar(&opt.ImportRows, "import-rows", 1000000, "rows of the import benchmark's file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *imports {
		results, err := bench.RunImport(ctx, opt)
		if len(results) > 0 {
			bench.ReportImport(opt.Out, opt, results)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "roster-bench:", err)
			os.Exit(1)
		}
		return
	}
	results, err := bench.Run(ctx, opt)
	if len(results) > 0 {
		bench.Report(opt.Out, opt, results)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "roster-bench:", err)
		os.Exit(1)
	}
}
