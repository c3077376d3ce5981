package cli

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/demo"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/jobs"
	"github.com/roster-crm/roster/internal/metrics"
)

// serveFlags are the serve command's own flags.
type serveFlags struct {
	migrate, demo, noJobs bool
	demoCountry           string
	demoContacts          int
}

func (a *app) serve() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "serve",
		Short: "run the web server (--demo for a demonstration organization)",
		Long: "Serve the web UI and the JSON API. A new, empty database is set up first; an existing one whose schema " +
			"is older than this Roster is refused unless --migrate is given.",
		Example: "  roster serve --demo\n  roster serve --listen 0.0.0.0:8080 --base-url https://roster.example.org",
		Args:    noArgs,
	})
	var f serveFlags
	fs := c.Flags()
	fs.BoolVar(&f.migrate, "migrate", a.io.Env("ROSTER_MIGRATE") == "true", "apply pending migrations before serving (env ROSTER_MIGRATE=true)")
	fs.BoolVar(&f.demo, "demo", false, "set up the demo organization in an empty database and print its sign-ins")
	fs.StringVar(&f.demoCountry, "demo-country", "de", "demo geography: de (Bund, Länder, Kreise) or us (states, counties)")
	fs.IntVar(&f.demoContacts, "demo-contacts", 5000, "synthetic contacts to add when the demo is created")
	fs.BoolVar(&f.noJobs, "no-jobs", a.io.Env("ROSTER_NO_JOBS") == "true", "serve without working background jobs (imports and periodic work are left to the other servers); env ROSTER_NO_JOBS=true")
	c.RunE = func(c *cobra.Command, _ []string) error { return a.runServe(c.Context(), f) }
	return c
}

func (a *app) runServe(ctx context.Context, f serveFlags) error {
	io := a.io
	e, err := a.open(ctx, openOptions{migrate: f.migrate, create: true, web: true})
	if err != nil {
		return err
	}
	defer e.Close()
	var org *demo.Org
	if f.demo {
		if org, err = setUpDemo(ctx, io, e, f.demoCountry, f.demoContacts); err != nil {
			return err
		}
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	// One registry for every part that measures something; more collectors may be added to it.
	reg := metrics.NewRegistry()
	reg.MustRegister(metrics.NewPools(e.st.PoolStats), metrics.NewImports(e.svc.ImportCounts), metrics.NewJobs(e.svc.JobCounts))
	h, err := httpd.Handler(e.svc, cat, httpd.Options{Logger: e.log, Secure: e.cfg.Secure(), Metrics: reg,
		MetricsToken: e.cfg.MetricsToken})
	if err != nil {
		return err
	}
	work := jobs.WorkAll
	if f.noJobs {
		work = jobs.WorkNone
	}
	runner, err := e.startJobs(ctx, work)
	if err != nil {
		return err
	}
	defer func() {
		// Running imports are handed back after their current chunk; another server, or this one at its
		// next start, goes on from there.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := runner.Stop(sctx); err != nil {
			e.log.Warn("stop the job queue", "err", err)
		}
	}()
	if addr := e.cfg.MetricsListen; addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("metrics listener: %w", err)
		}
		defer httpd.ServeMetrics(ctx, ln, reg, e.log)()
	}
	return httpd.Serve(ctx, e.cfg.Listen, h, e.log, func(addr net.Addr) {
		e.log.Info("Roster is serving", "url", "http://"+addr.String(), "database", e.st.String())
		url := e.cfg.BaseURL
		if tcp, ok := addr.(*net.TCPAddr); ok && e.cfg.BaseURL == "http://"+e.cfg.Listen {
			url = fmt.Sprintf("http://%s", net.JoinHostPort(displayHost(tcp.IP), fmt.Sprint(tcp.Port)))
		}
		fmt.Fprintf(io.Stdout, "\nRoster is running at %s\n", url)
		if org != nil {
			printDemo(io, org)
		}
		fmt.Fprintln(io.Stdout, "Stop it with Ctrl-C.")
	})
}

func displayHost(ip net.IP) string {
	if ip.IsUnspecified() {
		return "localhost"
	}
	return ip.String()
}

// setUpDemo creates the demo organization when the database is empty and fills it with contacts.
func setUpDemo(ctx context.Context, io IO, e *env, country string, contacts int) (*demo.Org, error) {
	org, err := demo.Setup(ctx, e.svc, country)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sys, err := e.svc.SystemActor(ctx, "demo")
	if err != nil {
		return nil, err
	}
	n, err := e.svc.CountContacts(ctx, sys, domain.ContactFilter{}, 1)
	if err != nil {
		return nil, err
	}
	if n == 0 && contacts > 0 {
		start := time.Now()
		fmt.Fprintf(io.Stdout, "Creating the %s demo with %d synthetic contacts…\n", country, contacts)
		if err := demo.AddContacts(ctx, e.svc, contacts, 1, nil); err != nil {
			return nil, err
		}
		fmt.Fprintf(io.Stdout, "Done in %s.\n", time.Since(start).Round(time.Millisecond))
	}
	return org, nil
}

func printDemo(io IO, org *demo.Org) {
	fmt.Fprintf(io.Stdout, "\nDemo organization: %s. Sign in with:\n", org.Name)
	for _, u := range org.Users {
		fmt.Fprintf(io.Stdout, "  %-22s password %-18s  %s of %s\n", u.Email, u.Password, u.Role, u.Unit)
	}
	fmt.Fprintln(io.Stdout)
}
