package bench

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// Report writes the results as Markdown tables for the README.
func Report(w io.Writer, opt Options, results []Result) {
	host, _ := hostDescription()
	fmt.Fprintf(w, "Measured %s on %s (%d CPUs, %s), %d demo contacts (%s), %d timed requests per row, one client, through the HTTP API.\n\n",
		time.Now().Format("2006-01-02"), host, runtime.NumCPU(), runtime.Version(), opt.Contacts, opt.Country, opt.Requests)
	fmt.Fprintln(w, "| database | scope (contacts visible) | query | p50 ms | p99 ms |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|")
	for _, r := range results {
		for _, row := range r.Rows {
			fmt.Fprintf(w, "| %s | %s (%d) | %s | %.2f | %.2f |\n", r.Database, row.Scope, row.Visible, row.Query, ms(row.P50), ms(row.P99))
		}
	}
	if len(results) > 0 && len(results[0].Pages) > 0 {
		fmt.Fprintln(w, "\nWeb pages (signed in through the login form; weight = HTML plus the CSS and JavaScript it loads):")
		fmt.Fprintln(w, "\n| database | scope | page | p50 ms | p99 ms | KB |")
		fmt.Fprintln(w, "|---|---|---|---:|---:|---:|")
		for _, r := range results {
			for _, p := range r.Pages {
				fmt.Fprintf(w, "| %s | %s | %s | %.2f | %.2f | %.1f |\n", r.Database, p.Scope, p.Page, ms(p.P50), ms(p.P99), float64(p.Bytes)/1024)
			}
		}
	}
	reportJobQueue(w, results)
	fmt.Fprintln(w, "\n| database | demo generation | server RSS during the queries (peak) | server RSS high-water mark | requests/s (one client) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %d MB | %d MB | %.0f |\n", r.Database, r.DemoTime.Round(time.Second), r.PeakRSSKiB/1024, r.HWMKiB/1024, r.Throughput)
	}
}

// ReportImport writes the import benchmark as a Markdown table.
func ReportImport(w io.Writer, opt Options, results []ImportResult) {
	host, _ := hostDescription()
	fmt.Fprintf(w, "Measured %s on %s (%d CPUs, %s): a CSV file of %d rows and 15 columns, about 10%% of them contacts "+
		"already in the database, imported with duplicate matching and \"update\" on a match into the demo with %d contacts.\n\n",
		time.Now().Format("2006-01-02"), host, runtime.NumCPU(), runtime.Version(), opt.ImportRows, opt.Contacts)
	fmt.Fprintln(w, "| database | import, end to end | rows/s | import RSS (peak) | raw load of the same file | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %.0f | %d MB | %s | %.1f× |\n", r.Database, r.Import.Round(time.Millisecond),
			float64(r.Rows)/r.Import.Seconds(), r.PeakRSS/1024, r.Raw.Round(time.Millisecond), r.Import.Seconds()/r.Raw.Seconds())
	}
	for _, r := range results {
		fmt.Fprintf(w, "\n%s: %s\n", r.Database, r.Batch)
	}
	fmt.Fprintf(w, "\n| database | duplicate scan of %d contacts | scan RSS (peak) | result |\n|---|---:|---:|---|\n", opt.Contacts)
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %d MB | %s |\n", r.Database, r.Scan.Round(time.Millisecond), r.ScanRSS/1024, r.ScanPairs)
	}
}

// reportJobQueue compares the server with its job queue working against the same server without it, in the
// same run: the queries one at a time, and the mixed load of many clients.
func reportJobQueue(w io.Writer, results []Result) {
	if len(results) == 0 || len(results[0].BaselineRows) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWith the job queue (River) working beside the queries, against the same server started with `--no-jobs`, in the same run; the two took turns on the same database (without, with, with, without), each for half of the requests and of the load:")
	fmt.Fprintln(w, "\n| database | scope | query | p50 ms without | p50 ms with | ratio |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|")
	for _, r := range results {
		for i, row := range r.Rows {
			if i >= len(r.BaselineRows) {
				break
			}
			b := r.BaselineRows[i]
			fmt.Fprintf(w, "| %s | %s | %s | %.2f | %.2f | %.2f |\n", r.Database, row.Scope, row.Query, ms(b.P50), ms(row.P50),
				float64(row.P50)/float64(b.P50))
		}
	}
	if results[0].Load.Clients == 0 {
		return
	}
	fmt.Fprintf(w, "\nMixed load: %d clients at once for %s, officers of a county and a state; nine in ten requests read (a name search, a list page), one in ten writes a note.\n",
		results[0].Load.Clients, results[0].Load.Duration.Round(time.Second))
	fmt.Fprintln(w, "\n| database | job queue | requests/s | p50 ms | p99 ms | writes | errors | p50 ratio |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		for _, l := range []struct {
			name string
			l    Load
		}{{"off", r.BaselineLoad}, {"working", r.Load}} {
			fmt.Fprintf(w, "| %s | %s | %.0f | %.2f | %.2f | %d | %d | %.2f |\n", r.Database, l.name, l.l.RPS(), ms(l.l.P50), ms(l.l.P99),
				l.l.Writes, l.l.Errors, float64(l.l.P50)/float64(r.BaselineLoad.P50))
		}
	}
}
