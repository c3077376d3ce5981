package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/config"
	"github.com/roster-crm/roster/internal/jobs"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// env holds what a command needs once flags are parsed.
type env struct {
	cfg *config.Config
	log *slog.Logger
	st  *store.Store
	svc *service.Service
}

func (e *env) Close() { e.st.Close() }

// openOptions say how a command treats the database.
type openOptions struct {
	// migrate applies pending migrations to an existing database (serve --migrate).
	migrate bool
	// create lets the command start a new, empty database: the commands that set up an installation (serve,
	// demo, a first unit or user, a unit archive loaded as a new root). Any other command stops where there is
	// no database, rather than leave an empty one behind in the wrong directory.
	create bool
	// web is the server, which needs the secret key for second factors and creates it on first start.
	web bool
}

// configuration reads the configuration flags; a mistake in them is a usage error naming each problem.
func (a *app) configuration() (*config.Config, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, usageError{"configuration: " + strings.ReplaceAll(err.Error(), "\n", "; ")}
	}
	return cfg, nil
}

// open validates the configuration and opens the store. The schema must be current unless migrate is set,
// in which case pending migrations are applied; a brand-new database is migrated when the command may create
// one, and refused otherwise.
func (a *app) open(ctx context.Context, o openOptions) (*env, error) {
	cfg, err := a.configuration()
	if err != nil {
		return nil, err
	}
	if where, missing := missingSQLite(cfg); missing && !o.create {
		return nil, errNoDatabase(where)
	}
	log := cfg.Logger(a.io.Stderr)
	st, err := store.Open(ctx, cfg.StoreURL(), store.Options{})
	if err != nil {
		return nil, err
	}
	e := &env{cfg: cfg, log: log, st: st}
	if err := e.prepare(ctx, o); err != nil {
		st.Close()
		return nil, err
	}
	return e, nil
}

// prepare checks the schema, migrates what may be migrated, and starts the service.
func (e *env) prepare(ctx context.Context, o openOptions) error {
	status, err := e.st.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if status.Fresh() && !o.create {
		return errNoDatabase(e.st.String() + " (the database is empty)")
	}
	if !status.UpToDate() {
		if !status.Fresh() && !o.migrate {
			return fmt.Errorf("the database schema is at version %d, this Roster needs version %d: "+
				"back up the database, then run 'roster migrate' (or start with --migrate)", status.Current, status.Latest)
		}
		applied, err := e.st.Migrate(ctx, 0)
		if err != nil {
			return err
		}
		e.log.Info("database migrated", "database", e.st.String(), "applied", applied)
	}
	readKey := e.cfg.ExistingKey
	if o.web {
		readKey = e.cfg.Key
	}
	key, err := readKey()
	if err != nil {
		return fmt.Errorf("secret key: %w", err)
	}
	opts := service.Options{Logger: e.log, Location: e.cfg.TimeZone, SecretKey: key, BaseURL: e.cfg.BaseURL,
		WorkerTimeout: e.cfg.WorkerTimeout}
	if m := e.cfg.Mailer(); m != nil {
		opts.Mailer = m
	}
	e.svc = service.New(e.st, opts)
	return nil
}

// missingSQLite reports whether the configuration names an SQLite database whose file does not exist yet.
func missingSQLite(cfg *config.Config) (where string, missing bool) {
	if cfg.DatabaseURL != "" {
		return "", false
	}
	path := filepath.Join(cfg.DataDir, "roster.db")
	_, err := os.Stat(path)
	return path, errors.Is(err, os.ErrNotExist)
}

// errNoDatabase is the answer of a command that needs an existing database where there is none.
func errNoDatabase(where string) error {
	return fmt.Errorf("no Roster database at %s; run 'roster serve --demo' or 'roster migrate' to create one, "+
		"or pass --data-dir/--database-url", where)
}

// openAs opens the database and resolves the actor named by --as.
func (a *app) openAs(ctx context.Context, as string, o openOptions) (*env, *access.Actor, error) {
	e, err := a.open(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	actor, err := e.actor(ctx, as)
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	return e, actor, nil
}

// actor returns the user named by --as, or the system actor for operator work.
func (e *env) actor(ctx context.Context, as string) (*access.Actor, error) {
	if as == "" {
		return e.svc.SystemActor(ctx, "cli")
	}
	a, err := e.svc.ActorByEmail(ctx, as)
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", as, err)
	}
	return a, nil
}

// unitRef resolves a unit given as official code or id, as the actor sees units.
func (e *env) unitRef(ctx context.Context, a *access.Actor, ref string) (int64, error) {
	u, err := e.svc.UnitByRef(ctx, a, ref)
	if err != nil {
		return 0, fmt.Errorf("unit %q: %w", ref, err)
	}
	return u.ID, nil
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

// pollEvery is how often a process asks the queue for work: a command waiting for its own import asks often;
// a server every second.
func pollEvery(work jobs.Work) time.Duration {
	if work == jobs.WorkImports {
		return 100 * time.Millisecond
	}
	return 0
}
