// Package cli implements the roster command: serve, migrate, demo, and the operator commands for units,
// users and contacts. Every command works through the service layer; contact commands are scoped to the user
// named with --as, or run as the explicit system actor.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/config"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/jobs"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// Version is set at build time with -ldflags "-X github.com/roster-crm/roster/internal/cli.Version=…".
var Version = "dev"

// IO bundles what a command reads and writes.
type IO struct {
	Env    config.Env
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, io IO, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server (--demo for a demonstration organization)", runServe},
		{"migrate", "apply database migrations (--status to show the schema version)", runMigrate},
		{"demo", "create the demo organization and add synthetic contacts (--contacts N)", runDemo},
		{"unit", "list, add, rename, move, archive units; map postal codes", runUnit},
		{"user", "add, list, grant, revoke, set passwords, create API tokens", runUser},
		{"contact", "list, search, count and show contacts within a user's scope", runContact},
		{"import", "import a CSV or XLSX file (dry run, report, undo)", runImport},
		{"duplicates", "scan for likely duplicates, dismiss a pair, merge two contacts", runDuplicates},
		{"enrich", "map postal codes from a file; reassign home units from addresses; store electoral districts", runEnrich},
		{"export", "accreditation list of a unit (PDF, XLSX, CSV), a person's data (JSON, PDF), the contact list", runExport},
		{"export-archive", "write a unit's subtree with everything in it to a ZIP archive", runExportArchive},
		{"import-archive", "load a unit archive below a unit (--parent), with new ids", runImportArchive},
		{"version", "print the version", runVersion},
	}
}

// Main runs the roster command and returns the process exit code.
func Main(ctx context.Context, args []string, io IO) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(io.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, io, args[1:])
			var ue usageError
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.As(err, &ue):
				fmt.Fprintf(io.Stderr, "roster %s: %v\n", c.name, err)
				return 2
			default:
				fmt.Fprintf(io.Stderr, "roster %s: %s\n", c.name, describe(err))
				return 1
			}
		}
	}
	fmt.Fprintf(io.Stderr, "roster: unknown command %q\n\n", args[0])
	usage(io.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Roster — membership and constituent CRM for federated organizations.\n\nUsage: roster <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'roster <command> -h' for the flags of a command. Every flag can also be set with ROSTER_* environment variables.")
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// describe explains a domain error on the command line.
func describe(err error) string {
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve):
		parts := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			parts[i] = f.Field + ": " + strings.ReplaceAll(f.Code, "_", " ")
			if f.Param != "" {
				parts[i] += " (" + f.Param + ")"
			}
		}
		return "invalid input: " + strings.Join(parts, "; ")
	case errors.Is(err, domain.ErrNotFound):
		what, _ := strings.CutSuffix(err.Error(), domain.ErrNotFound.Error())
		return what + "not found (or outside the scope of the acting user)"
	case errors.Is(err, domain.ErrForbidden):
		return "not allowed for the acting user"
	}
	return err.Error()
}

// env holds what a command needs once flags are parsed.
type env struct {
	cfg *config.Config
	log *slog.Logger
	st  *store.Store
	svc *service.Service
}

func (e *env) Close() { e.st.Close() }

// flags creates a flag set with the shared configuration flags.
func flags(name string, io IO) (*flag.FlagSet, func() (*config.Config, error)) {
	fs := flag.NewFlagSet("roster "+name, flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	return fs, config.Register(fs, io.Env)
}

// open validates the configuration and opens the store. The schema must be current unless migrate is set,
// in which case pending migrations are applied; a brand-new database is always migrated.
func open(ctx context.Context, io IO, parse func() (*config.Config, error), migrate bool) (*env, error) {
	cfg, err := parse()
	if err != nil {
		return nil, usageError{"configuration: " + strings.ReplaceAll(err.Error(), "\n", "; ")}
	}
	log := cfg.Logger(io.Stderr)
	st, err := store.Open(ctx, cfg.StoreURL(), store.Options{})
	if err != nil {
		return nil, err
	}
	status, err := st.SchemaStatus(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if !status.UpToDate() {
		if !status.Fresh() && !migrate {
			st.Close()
			return nil, fmt.Errorf("the database schema is at version %d, this Roster needs version %d: "+
				"back up the database, then run 'roster migrate' (or start with --migrate)", status.Current, status.Latest)
		}
		applied, err := st.Migrate(ctx, 0)
		if err != nil {
			st.Close()
			return nil, err
		}
		log.Info("database migrated", "database", st.String(), "applied", applied)
	}
	key, err := cfg.Key()
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("secret key: %w", err)
	}
	opts := service.Options{Logger: log, Location: cfg.TimeZone, SecretKey: key, BaseURL: cfg.BaseURL,
		WorkerTimeout: cfg.WorkerTimeout}
	if m := cfg.Mailer(); m != nil {
		opts.Mailer = m
	}
	svc := service.New(st, opts)
	return &env{cfg: cfg, log: log, st: st, svc: svc}, nil
}

// startJobs starts this process's job queue, working what work says, and gives it to the service.
func (e *env) startJobs(ctx context.Context, work jobs.Work) (*jobs.Runner, error) {
	runner, err := jobs.New(e.st, jobs.Options{Logger: e.log, Work: work, PollEvery: pollEvery(work),
		CleanUpEvery: min(30*time.Second, e.cfg.WorkerTimeout/3)})
	if err != nil {
		return nil, err
	}
	e.svc.SetJobQueue(runner)
	if err := runner.Start(ctx, e.svc); err != nil {
		return nil, fmt.Errorf("start the job queue: %w", err)
	}
	e.log.Info("job queue started", "node", runner.Node())
	return runner, nil
}

// actor returns the user named by --as, or the system actor for operator work.
func (e *env) actor(ctx context.Context, as string) (*access.Actor, error) {
	if as == "" {
		return e.svc.SystemActor(ctx, "cli")
	}
	u, _, err := e.st.Read().UserCredentials(ctx, strings.ToLower(as))
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", as, err)
	}
	return e.svc.ActorFor(ctx, u.ID)
}

func runVersion(ctx context.Context, io IO, args []string) error {
	fmt.Fprintf(io.Stdout, "roster %s\n", Version)
	return nil
}

// pollEvery is how often a process asks the queue for work: a command waiting for its own import asks often;
// a server every second.
func pollEvery(work jobs.Work) time.Duration {
	if work == jobs.WorkImports {
		return 100 * time.Millisecond
	}
	return 0
}
