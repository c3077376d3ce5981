package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/jobs"
	"github.com/roster-crm/roster/internal/service"
)

// importFlags are the flags of the import command.
type importFlags struct {
	as, unit, onMatch, country, tags, mtype  string // who imports, and what rows get
	set, mappingFile, saveMapping, dateOrder string // the column mapping
	delimiter, sheet                         string // how the file is read
	dry, numbers                             bool
	show, chunk                              int
}

// importFile is the import command: it imports a CSV or XLSX file; its subcommands list, report, undo and
// recover earlier imports.
func (a *app) importFile() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "import FILE",
		Short: "import a CSV or XLSX file (dry run, report, undo)",
		Long: "Import a CSV or XLSX file: the columns are mapped as suggested from their headers (change them with " +
			"--map or --mapping), each row is matched against the contacts in scope, and the batch can be undone.",
		Example: "  roster import --as anna@example.org --dry-run mitglieder.xlsx\n" +
			"  roster import --as anna@example.org --on-match fill --map 'Nr.=member_number' mitglieder.xlsx",
		Args: nArgs(1, "import takes one file (or: list, report ID, undo ID, recover)"),
	})
	var f importFlags
	fs := c.Flags()
	fs.StringVar(&f.as, "as", "", "import as this user (e-mail), within their scope; default: the system actor")
	fs.StringVar(&f.set, "map", "", "change columns of the suggested mapping: 'Header=field,Other Header=,Voter ID=external_id:us-nc-ncid'")
	fs.StringVar(&f.mappingFile, "mapping", "", "JSON file with a saved mapping (as --save-mapping writes it) instead of the suggestion")
	fs.StringVar(&f.saveMapping, "save-mapping", "", "write the mapping used to this JSON file, for the next file of the same layout")
	fs.StringVar(&f.dateOrder, "date-order", "", "order of ambiguous dates such as 03/04/2020 in every date column: dmy or mdy; default: detected")
	fs.StringVar(&f.onMatch, "on-match", domain.OnMatchSkip, "what a row matching an existing contact does: skip, update, fill or create")
	fs.StringVar(&f.unit, "unit", "", "home unit (code or id) of rows whose unit column and postal code name none")
	fs.BoolVar(&f.numbers, "assign-member-numbers", false, "give each new member (a membership, no number in the file) the next number of its series")
	fs.BoolVar(&f.dry, "dry-run", false, "report what would happen; change nothing")
	fs.StringVar(&f.mtype, "membership-type", "", "membership type (name) of memberships started from a membership_start column")
	fs.StringVar(&f.country, "country", "", "country (ISO code) of addresses without one")
	fs.StringVar(&f.tags, "tags", "", "tags for every imported contact, comma-separated")
	fs.StringVar(&f.delimiter, "delimiter", "", "field delimiter of a text file; default: detected")
	fs.StringVar(&f.sheet, "sheet", "", "sheet of a workbook; default: the first")
	fs.IntVar(&f.show, "show", 20, "rows of the report with problems to print")
	fs.IntVar(&f.chunk, "chunk-size", 5000, "rows per transaction")
	c.RunE = func(c *cobra.Command, args []string) error { return a.runImport(c.Context(), f, args[0]) }
	c.AddCommand(a.importList(), a.importReport(), a.importRejected(), a.importUndo(), a.importRecover())
	return c
}

// runImport imports a CSV or XLSX file.
func (a *app) runImport(ctx context.Context, f importFlags, path string) error {
	io := a.io
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	opts := importfile.Options{Sheet: f.sheet}
	if f.delimiter != "" {
		d := []rune(strings.ReplaceAll(f.delimiter, `\t`, "\t"))
		if len(d) != 1 {
			return usagef("--delimiter takes one character")
		}
		opts.Delimiter = d[0]
	}
	openFile := func() (*importfile.Reader, error) {
		return importfile.Open(file, info.Size(), filepath.Base(path), opts)
	}
	r, err := openFile()
	if err != nil {
		return err
	}
	defer r.Close()
	m, err := importMapping(r.Header(), f.mappingFile, f.set, f.dateOrder)
	if err != nil {
		return err
	}
	if m, err = service.SampleDateOrders(openFile, m); err != nil {
		return err
	}
	if err := m.Validate(r.Header()); err != nil {
		return err
	}
	if f.saveMapping != "" {
		b, _ := json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(f.saveMapping, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	e, actor, err := a.openAs(ctx, f.as, openOptions{})
	if err != nil {
		return err
	}
	defer e.Close()
	o := domain.ImportOptions{Columns: m.Columns, OnMatch: f.onMatch, Country: strings.ToUpper(f.country),
		AssignMemberNumbers: f.numbers}
	if f.tags != "" {
		o.Tags = strings.Split(f.tags, ",")
	}
	if f.unit != "" {
		if o.UnitID, err = e.unitRef(ctx, actor, f.unit); err != nil {
			return err
		}
	}
	if f.mtype != "" {
		types, err := e.svc.MembershipTypes(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(types, func(t domain.MembershipType) bool { return strings.EqualFold(t.Name, f.mtype) })
		if i < 0 {
			return usagef("no membership type %q", f.mtype)
		}
		o.MembershipType = types[i].ID
	}
	fmt.Fprintf(io.Stderr, "%s: %s\n", filepath.Base(path), r.Summary())
	if m.Preset != "" {
		fmt.Fprintf(io.Stderr, "  layout: %s\n", m.Preset)
	}
	for _, c := range m.Columns {
		if importfile.Field(c.Field) != importfile.Ignore {
			target := string(c.Field)
			if c.Key != "" {
				target += ":" + c.Key
			}
			if c.DateOrder != "" {
				target += " (" + string(c.DateOrder) + ")"
			}
			fmt.Fprintf(io.Stderr, "  %-28s → %s\n", c.Header, target)
		}
	}
	if ignored := m.Ignored(); len(ignored) > 0 {
		kept := m.KeepAsAttributes(allColumns(len(m.Columns)))
		var maps []string
		for i, c := range m.Columns {
			if importfile.Field(c.Field) == importfile.Ignore {
				maps = append(maps, c.Header+"=attribute:"+kept.Columns[i].Key)
			}
		}
		fmt.Fprintf(io.Stderr, "  not imported: %s (to keep them: --map '%s')\n", strings.Join(ignored, ", "), strings.Join(maps, ","))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// The duplicate index and the chunks in flight are what an import holds; a soft limit makes the
		// garbage collector keep the process near that instead of twice it.
		debug.SetMemoryLimit(importMemoryLimit)
	}
	start := time.Now()
	runner, err := e.startJobs(ctx, jobs.WorkImports)
	if err != nil {
		return err
	}
	up, err := e.svc.SaveUpload(ctx, actor, filepath.Base(path), file, maxCLIFile)
	if err != nil {
		_ = runner.Stop(context.WithoutCancel(ctx))
		return err
	}
	b, err := e.svc.StartImport(ctx, actor, service.ImportStart{UploadID: up.ID, File: service.ImportFileOf(opts),
		Options: o, DryRun: f.dry, ChunkSize: f.chunk})
	if err != nil {
		_ = runner.Stop(context.WithoutCancel(ctx))
		_ = e.svc.DeleteUpload(context.WithoutCancel(ctx), actor, up.ID)
		return err
	}
	if b, err = e.workImport(ctx, io, actor, runner, b, true); err != nil {
		return err
	}
	elapsed := time.Since(start)
	verb := "imported"
	if f.dry {
		verb = "dry run of"
	}
	fmt.Fprintf(io.Stdout, "batch %d: %s %d rows in %s (%.0f rows/s): %d created, %d updated, %d skipped, %d invalid, %d out of scope\n",
		b.ID, verb, b.RowsDone, elapsed.Round(time.Millisecond), float64(b.RowsDone)/elapsed.Seconds(),
		b.Created, b.Updated, b.Skipped, b.Invalid, b.OutOfScope)
	if f.show > 0 && b.Invalid+b.OutOfScope > 0 {
		return printReport(ctx, io, e, actor, b.ID, []string{domain.RowInvalid, domain.RowOutOfScope}, f.show)
	}
	return nil
}

// maxCLIFile bounds a file the import command stores for its job: the operator's own files may be large voter
// rolls, far beyond what the web form takes.
const maxCLIFile = 64 << 30

// workImport runs the queued batch: this process works the import queue until the batch has ended (a server
// of the installation may take it first; then this process follows its progress). Interrupting the command
// (Ctrl-C) stops the import and rolls back what it wrote when cancel is set, and else hands it back to be
// resumed by the next worker.
func (e *env) workImport(ctx context.Context, io IO, a *access.Actor, runner *jobs.Runner, b domain.ImportBatch, cancel bool) (domain.ImportBatch, error) {
	stopped := false
	defer func() {
		if !stopped {
			_ = runner.Stop(context.WithoutCancel(ctx))
		}
	}()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for domain.ImportActive(b.Status) {
		select {
		case <-ctx.Done():
			fmt.Fprintln(io.Stderr)
			cctx := context.WithoutCancel(ctx)
			_ = runner.Stop(cctx) // hands the batch back after the chunk in flight
			stopped = true
			if !cancel {
				return b, fmt.Errorf("import %d interrupted: it resumes with the next worker", b.ID)
			}
			if _, err := e.svc.CancelImport(cctx, a, b.ID); err != nil {
				return b, fmt.Errorf("import %d interrupted; stopping it failed: %s", b.ID, describe(err))
			}
			return b, fmt.Errorf("import %d interrupted: stopped, and what it wrote was rolled back", b.ID)
		case <-t.C:
		}
		next, err := e.svc.ImportBatch(ctx, a, b.ID)
		if err != nil && ctx.Err() == nil {
			return b, err
		}
		if err == nil {
			b = next
		}
		fmt.Fprintf(io.Stderr, "\r%d rows (%.0f%%) …", b.RowsDone, 100*b.Progress)
	}
	fmt.Fprintln(io.Stderr)
	switch b.Status {
	case domain.ImportFailed:
		return b, fmt.Errorf("import %d stopped and was rolled back: %s", b.ID, b.Message)
	case domain.ImportCancelled:
		return b, fmt.Errorf("import %d was stopped and rolled back", b.ID)
	}
	return b, nil
}

// importMemoryLimit is the import command's soft memory limit unless GOMEMLIMIT sets another.
const importMemoryLimit = 200 << 20

// importMapping decides each column's field: a saved mapping rebound to this header, or the suggestion, changed
// by Header=field[:key] pairs.
func importMapping(header []string, saved, set, order string) (importfile.Mapping, error) {
	m := importfile.Suggest(header)
	if saved != "" {
		b, err := os.ReadFile(saved)
		if err != nil {
			return m, err
		}
		var s importfile.Mapping
		if err := json.Unmarshal(b, &s); err != nil {
			return m, usagef("--mapping %s: %v", saved, err)
		}
		var missing []string
		if m, missing = s.Rebind(header); len(missing) > 0 {
			return m, usagef("--mapping %s: the file lacks the columns %s", saved, strings.Join(missing, ", "))
		}
	}
	for _, pair := range strings.Split(set, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		h, target, ok := strings.Cut(pair, "=")
		i := slices.IndexFunc(header, func(x string) bool { return strings.EqualFold(x, strings.TrimSpace(h)) })
		if !ok || i < 0 {
			return m, usagef("--map: no column %q in the header", h)
		}
		field, key, _ := strings.Cut(strings.TrimSpace(target), ":")
		if _, known := importfile.Field(field).Info(); field != "" && !known {
			var names []string
			for _, f := range importfile.Fields() {
				names = append(names, string(f.Field))
			}
			return m, usagef("--map: unknown field %q; fields: %s", field, strings.Join(names, ", "))
		}
		m.Columns[i] = importfile.ColumnMapping{Header: header[i], Field: field, Key: key}
	}
	if order != "" {
		if order != string(importfile.DayMonthYear) && order != string(importfile.MonthDayYear) {
			return m, usagef("--date-order: want dmy or mdy")
		}
		for i, c := range m.Columns {
			if info, _ := importfile.Field(c.Field).Info(); info.Date {
				m.Columns[i].DateOrder = order
			}
		}
	}
	return m, nil
}

func (a *app) importList() *cobra.Command {
	c := withDatabase(&cobra.Command{Use: "list", Short: "list import batches, newest first", Example: "  roster import list", Args: noArgs})
	as := asFlag(c)
	asJSON := c.Flags().Bool("json", false, "print JSON")
	c.RunE = func(c *cobra.Command, _ []string) error {
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		list, err := e.svc.ImportBatches(c.Context(), actor)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(a.io.Stdout).Encode(list)
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tBY\tFILE\tSTATUS\tROWS\tCREATED\tUPDATED\tSKIPPED\tINVALID\tOUT OF SCOPE")
		for _, b := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", b.ID, b.StartedAt.Format(time.DateTime), b.UserName,
				b.Source, b.Status, b.RowsDone, b.Created, b.Updated, b.Skipped, b.Invalid, b.OutOfScope)
		}
		return tw.Flush()
	}
	return c
}

func (a *app) importReport() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "report BATCH-ID",
		Short:   "print the rows of an import batch that had problems (--all: every row)",
		Example: "  roster import report 2",
		Args:    checks(nArgs(1, "report takes an import batch id"), ids("batch")),
	})
	as := asFlag(c)
	all := c.Flags().Bool("all", false, "every row, not only those with problems")
	limit := c.Flags().Int("limit", 100, "rows to print")
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("batch", args[0])
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		var outcomes []string
		if !*all {
			outcomes = []string{domain.RowInvalid, domain.RowOutOfScope}
		}
		return printReport(c.Context(), a.io, e, actor, id, outcomes, *limit)
	}
	return c
}

// allColumns lists the indexes of n columns.
func allColumns(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (a *app) importRejected() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "rejected BATCH-ID",
		Short:   "write the rows an import rejected as CSV, with a problem column, to fix and import again",
		Example: "  roster import rejected --lang de 2",
		Args:    checks(nArgs(1, "rejected takes an import batch id"), ids("batch")),
	})
	as := asFlag(c)
	lang := c.Flags().String("lang", "en", "language of the problem column: en or de")
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("batch", args[0])
		if !slices.Contains(i18n.Languages(), *lang) {
			return usagef("--lang is one of %s", strings.Join(i18n.Languages(), ", "))
		}
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		n, err := e.svc.ExportRejectedRows(c.Context(), actor, id, *lang, a.io.Stdout)
		if err == nil {
			fmt.Fprintf(a.io.Stderr, "%d rejected rows\n", n)
		}
		return err
	}
	return c
}

func (a *app) importUndo() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use: "undo BATCH-ID",
		Short: "take an import back; contacts changed since it (a note, a tag, a membership …) are kept and listed " +
			"(--dry-run: only list what it would do)",
		Example: "  roster import undo --dry-run 2\n  roster import undo 2",
		Args:    checks(nArgs(1, "undo takes an import batch id"), ids("batch")),
	})
	as := asFlag(c)
	dry := c.Flags().Bool("dry-run", false, "only print what undo would remove, restore and keep")
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("batch", args[0])
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		undo, verb := e.svc.UndoImport, "undone"
		if *dry {
			undo, verb = e.svc.ImportUndoPlan, "would be undone"
		}
		res, err := undo(c.Context(), actor, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "import %d %s: %d contacts removed, %d restored, %d kept because they changed since the import\n",
			id, verb, res.Removed, res.Restored, len(res.Kept))
		if len(res.Kept) == 0 {
			return nil
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tOUTCOME\tCONTACT\tNAME\tKEPT BECAUSE")
		for _, k := range res.Kept {
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", k.Line, k.Outcome, k.ContactID, k.Display, strings.Join(k.Reasons, ", "))
		}
		return tw.Flush()
	}
	return c
}

func (a *app) importRecover() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "recover",
		Short:   "resume the imports whose worker stopped, in this process (for an installation without a running server)",
		Example: "  roster import recover",
		Args:    noArgs,
	})
	c.RunE = func(c *cobra.Command, _ []string) error {
		e, err := a.open(c.Context(), openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		return recoverImports(c.Context(), a.io, e)
	}
	return c
}

// printReport prints report rows of a batch: line, outcome, contact, name and problems.
func printReport(ctx context.Context, io IO, e *env, a *access.Actor, id int64, outcomes []string, limit int) error {
	rows, err := e.svc.ImportReport(ctx, a, id, outcomes, 0, limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE	OUTCOME	CONTACT	NAME	PROBLEMS")
	for _, r := range rows {
		var problems []string
		for _, p := range r.Problems {
			s := p.Field + ": " + strings.ReplaceAll(p.Code, "_", " ")
			if p.Param != "" {
				s += " (" + p.Param + ")"
			}
			problems = append(problems, s)
		}
		contact := ""
		if r.ContactID != 0 {
			contact = strconv.FormatInt(r.ContactID, 10)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Line, r.Outcome, contact, r.Display, strings.Join(problems, "; "))
	}
	return tw.Flush()
}

// recoverImports hands the imports whose worker stopped (its hold on the batch expired) to a worker in this
// process and runs them to their end: for an installation without a running server. An import whose worker
// is alive is left alone.
func recoverImports(ctx context.Context, io IO, e *env) error {
	runner, err := e.startJobs(ctx, jobs.WorkImports)
	if err != nil {
		return err
	}
	defer runner.Stop(context.WithoutCancel(ctx))
	ids, err := runner.Reclaim(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "%d interrupted imports resumed\n", len(ids))
	sys, err := e.svc.SystemActor(ctx, "cli")
	if err != nil {
		return err
	}
	for _, id := range ids {
		b, err := e.svc.ImportBatch(ctx, sys, id)
		if err != nil {
			return err
		}
		if b, err = e.workImport(ctx, io, sys, runner, b, false); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "batch %d: %s, %d rows: %d created, %d updated, %d skipped, %d invalid, %d out of scope\n",
			b.ID, b.Status, b.RowsDone, b.Created, b.Updated, b.Skipped, b.Invalid, b.OutOfScope)
	}
	return nil
}
