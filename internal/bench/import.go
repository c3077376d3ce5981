package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roster-crm/roster/internal/demo"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// ImportResult is what the import benchmark measured on one database.
type ImportResult struct {
	Database  string
	Rows      int
	Import    time.Duration // roster import, end to end: start of the process to its exit
	PeakRSS   int64         // KiB, the import process's high-water mark
	Raw       time.Duration // the same file loaded into an unindexed table of text columns
	Batch     string        // the import's own summary line
	FileBytes int64
	Scan      time.Duration // roster duplicates scan over the demo's contacts, before the import
	ScanRSS   int64         // KiB
	ScanPairs string
}

// RunImport measures importing a file of opt.ImportRows rows, about a tenth of them matching existing contacts,
// into the demo organization with opt.Contacts contacts, with duplicate matching and "update" on a match;
// beside it the raw bulk load of the same file (PostgreSQL COPY; SQLite inserts in one transaction).
func RunImport(ctx context.Context, opt Options) ([]ImportResult, error) {
	work, err := os.MkdirTemp("", "roster-bench-import-")
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
	var out []ImportResult
	if !opt.SkipSQLite {
		dir := filepath.Join(work, "data")
		r, err := importOne(ctx, opt, bin, work, "SQLite", "sqlite:"+filepath.Join(dir, "roster.db"), []string{"--data-dir", dir})
		if err != nil {
			return out, fmt.Errorf("SQLite: %w", err)
		}
		out = append(out, r)
	}
	if opt.PostgresURL != "" {
		dbURL, drop, err := createDatabase(ctx, opt.PostgresURL)
		if err != nil {
			return out, err
		}
		defer drop()
		r, err := importOne(ctx, opt, bin, work, "PostgreSQL", dbURL, []string{"--database-url", dbURL})
		if err != nil {
			return out, fmt.Errorf("PostgreSQL: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

func importOne(ctx context.Context, opt Options, bin, work, name, storeURL string, dbFlags []string) (ImportResult, error) {
	res := ImportResult{Database: name, Rows: opt.ImportRows}
	fmt.Fprintf(opt.Log, "%s: generating the demo with %d contacts …\n", name, opt.Contacts)
	args := append([]string{"demo", "--country", opt.Country, "--contacts", fmt.Sprint(opt.Contacts), "--seed", "1"}, dbFlags...)
	if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		return res, fmt.Errorf("demo: %v\n%s", err, out)
	}
	fmt.Fprintf(opt.Log, "%s: duplicate scan …\n", name)
	scan := exec.CommandContext(ctx, bin, append([]string{"duplicates", "scan", "--limit", "0"}, dbFlags...)...)
	var scanErr strings.Builder
	scan.Stderr = &scanErr
	start := time.Now()
	if err := scan.Start(); err != nil {
		return res, err
	}
	stopScan := watchRSS(scan.Process.Pid, &res.ScanRSS)
	err := scan.Wait()
	res.Scan = time.Since(start)
	stopScan()
	if err != nil {
		return res, fmt.Errorf("duplicates scan: %v\n%s", err, scanErr.String())
	}
	res.ScanPairs = lastLines(scanErr.String(), 1)
	fmt.Fprintf(opt.Log, "%s: %s\n", name, res.ScanPairs)
	file := filepath.Join(work, "import-"+strings.ToLower(name)+".csv")
	fmt.Fprintf(opt.Log, "%s: writing %d rows to %s …\n", name, opt.ImportRows, file)
	if err := writeImportFile(ctx, storeURL, file, opt.ImportRows); err != nil {
		return res, err
	}
	if info, err := os.Stat(file); err == nil {
		res.FileBytes = info.Size()
	}
	fmt.Fprintf(opt.Log, "%s: raw load …\n", name)
	if res.Raw, err = rawLoad(ctx, storeURL, file); err != nil {
		return res, fmt.Errorf("raw load: %w", err)
	}
	fmt.Fprintf(opt.Log, "%s: raw load %s; importing …\n", name, res.Raw.Round(time.Millisecond))
	cmd := exec.CommandContext(ctx, bin, append(append([]string{"import", "--on-match", "update", "--show", "0"}, dbFlags...), file)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start = time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	stop := watchRSS(cmd.Process.Pid, &res.PeakRSS)
	err = cmd.Wait()
	res.Import = time.Since(start)
	stop()
	if err != nil {
		return res, fmt.Errorf("import: %v\n%s%s", err, stdout.String(), lastLines(stderr.String(), 5))
	}
	res.Batch = strings.TrimSpace(stdout.String())
	fmt.Fprintf(opt.Log, "%s: %s\n", name, res.Batch)
	return res, nil
}

func writeImportFile(ctx context.Context, storeURL, path string, rows int) error {
	st, err := store.Open(ctx, storeURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	svc := service.New(st, service.Options{})
	if err := demo.WriteImportFile(ctx, svc, f, rows, 0.1, 7); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rawLoad loads the file into a fresh table of text columns without indexes, the fastest way each database
// offers, and drops the table again.
func rawLoad(ctx context.Context, storeURL, path string) (time.Duration, error) {
	cols := make([]string, len(demo.ImportFileHeader()))
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d TEXT", i)
	}
	create := "CREATE TABLE bench_raw (" + strings.Join(cols, ", ") + ")"
	if strings.HasPrefix(storeURL, "postgres") {
		conn, err := pgx.Connect(ctx, storeURL)
		if err != nil {
			return 0, err
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, create); err != nil {
			return 0, err
		}
		defer conn.Exec(context.WithoutCancel(ctx), "DROP TABLE bench_raw")
		f, err := os.Open(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		start := time.Now()
		_, err = conn.PgConn().CopyFrom(ctx, f, "COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)")
		return time.Since(start), err
	}
	db, err := sql.Open("sqlite", strings.TrimPrefix(storeURL, "sqlite:"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, create); err != nil {
		return 0, err
	}
	defer db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE bench_raw")
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	start := time.Now()
	err = sqliteRawInsert(ctx, db, f, len(cols))
	return time.Since(start), err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
