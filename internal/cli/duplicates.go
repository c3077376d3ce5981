package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// runDuplicates scans for likely duplicates, dismisses a pair, or merges two contacts.
func runDuplicates(ctx context.Context, io IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(io, "duplicates", args, "scan dismiss merge")
	if err != nil {
		return err
	}
	limit := fs.Int("limit", 50, "scan: pairs to print")
	unit := fs.String("unit", "", "scan: only within this unit and the units below it (id or code)")
	take := fs.String("take", "", "merge: fields to take from the other contact, comma-separated (e.g. family_name,birth_date)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e, err := openEnv()
	if err != nil {
		return err
	}
	defer e.Close()
	a, err := e.actor(ctx, *as)
	if err != nil {
		return err
	}
	if verb == "scan" {
		var within int64
		if *unit != "" {
			if within, err = unitRef(ctx, e, *unit); err != nil {
				return err
			}
		}
		start := time.Now()
		pairs, total, err := e.svc.FindDuplicates(ctx, a, within, *limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CONTACT\tCONTACT\tSCORE\tAGREE ON")
		for _, p := range pairs {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%s\n", p.A, p.B, p.Score, strings.Join(p.Agree, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(io.Stderr, "%d likely duplicate pairs, found in %s\n", total, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if fs.NArg() != 2 {
		return usagef("%s takes two contact ids", verb)
	}
	var ids [2]int64
	for i := range ids {
		if ids[i], err = strconv.ParseInt(fs.Arg(i), 10, 64); err != nil {
			return usagef("contact id %q is not a number", fs.Arg(i))
		}
	}
	if verb == "dismiss" {
		if err := e.svc.DismissDuplicate(ctx, a, ids[0], ids[1]); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "contacts %d and %d marked as not duplicates\n", ids[0], ids[1])
		return nil
	}
	var fields []string
	if *take != "" {
		fields = strings.Split(*take, ",")
	}
	c, err := e.svc.MergeContacts(ctx, a, ids[0], ids[1], [2]int{}, fields)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "contact %d merged into %d (%s)\n", ids[1], c.ID, c.DisplayName)
	return nil
}
