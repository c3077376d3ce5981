package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/demo"
)

func (a *app) demo() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "demo",
		Short: "create the demo organization and add synthetic contacts (--contacts N)",
		Long: "Create the demo organization (when the database has none) and add synthetic contacts to it; print " +
			"the demo's sign-ins.",
		Example: "  roster demo --contacts 1000000\n  roster demo --country us --contacts 5000 --seed 7",
	})
	country := c.Flags().String("country", "de", "demo geography: de or us (used when the demo is created)")
	contacts := c.Flags().Int("contacts", 0, "number of synthetic contacts to add")
	seed := c.Flags().Uint64("seed", 0, "random seed, for reproducible data (default: from the clock)")
	c.Args = checks(noArgs, func(*cobra.Command, []string) error {
		if *contacts < 0 {
			return usagef("--contacts must not be negative")
		}
		return nil
	})
	c.RunE = func(c *cobra.Command, _ []string) error {
		if !c.Flags().Changed("seed") {
			*seed = uint64(time.Now().UnixNano())
		}
		return a.runDemo(c.Context(), *country, *contacts, *seed)
	}
	return c
}

func (a *app) runDemo(ctx context.Context, country string, contacts int, seed uint64) error {
	io := a.io
	e, err := a.open(ctx, openOptions{create: true})
	if err != nil {
		return err
	}
	defer e.Close()
	start := time.Now()
	org, err := demo.Setup(ctx, e.svc, country)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "demo organization %q ready (%s)\n", org.Name, time.Since(start).Round(time.Millisecond))
	if contacts == 0 {
		printDemo(io, org)
		return nil
	}
	start = time.Now()
	last := time.Now()
	err = demo.AddContacts(ctx, e.svc, contacts, seed, func(done, total int) {
		if time.Since(last) > 2*time.Second || done == total {
			last = time.Now()
			el := time.Since(start)
			fmt.Fprintf(io.Stderr, "\r%d/%d contacts, %.0f/s   ", done, total, float64(done)/el.Seconds())
		}
	})
	fmt.Fprintln(io.Stderr)
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(io.Stdout, "added %d contacts in %s (%.0f contacts/s)\n", contacts, el.Round(time.Millisecond), float64(contacts)/el.Seconds())
	printDemo(io, org)
	return nil
}
