package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/roster-crm/roster/internal/demo"
)

func runDemo(ctx context.Context, io IO, args []string) error {
	fs, parse := flags("demo", io)
	country := fs.String("country", "de", "demo geography: de or us (used when the demo is created)")
	contacts := fs.Int("contacts", 0, "number of synthetic contacts to add")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed, for reproducible data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *contacts < 0 {
		return usagef("--contacts must not be negative")
	}
	e, err := open(ctx, io, parse, false)
	if err != nil {
		return err
	}
	defer e.Close()
	start := time.Now()
	org, err := demo.Setup(ctx, e.svc, *country)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "demo organization %q ready (%s)\n", org.Name, time.Since(start).Round(time.Millisecond))
	if *contacts == 0 {
		printDemo(io, org)
		return nil
	}
	start = time.Now()
	last := time.Now()
	err = demo.AddContacts(ctx, e.svc, *contacts, *seed, func(done, total int) {
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
	fmt.Fprintf(io.Stdout, "added %d contacts in %s (%.0f contacts/s)\n", *contacts, el.Round(time.Millisecond), float64(*contacts)/el.Seconds())
	printDemo(io, org)
	return nil
}
