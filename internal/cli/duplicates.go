package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

func (a *app) duplicates() *cobra.Command {
	return group("duplicates", "scan for likely duplicates, dismiss a pair, merge two contacts",
		a.duplicatesScan(), a.duplicatesPair("dismiss"), a.duplicatesPair("merge"))
}

func (a *app) duplicatesScan() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "scan",
		Short:   "list likely duplicate pairs, best first",
		Example: "  roster duplicates scan --as anna@example.org",
		Args:    noArgs,
	})
	as := asFlag(c)
	limit := c.Flags().Int("limit", 50, "pairs to print")
	unit := c.Flags().String("unit", "", "only within this unit and the units below it (id or code)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		var within int64
		if *unit != "" {
			if within, err = e.unitRef(ctx, actor, *unit); err != nil {
				return err
			}
		}
		start := time.Now()
		pairs, total, err := e.svc.FindDuplicates(ctx, actor, within, *limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CONTACT\tCONTACT\tSCORE\tAGREE ON")
		for _, p := range pairs {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%s\n", p.A, p.B, p.Score, strings.Join(p.Agree, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stderr, "%d likely duplicate pairs, found in %s\n", total, time.Since(start).Round(time.Millisecond))
		return nil
	}
	return c
}

// duplicatesPair dismisses a pair (not duplicates) or merges the second contact into the first.
func (a *app) duplicatesPair(verb string) *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "dismiss CONTACT-ID CONTACT-ID",
		Short: "mark two contacts as not duplicates, so that scans leave the pair out",
		Args:  checks(nArgs(2, verb+" takes two contact ids"), ids("contact")),
	})
	var take *string
	if verb == "merge" {
		c.Use, c.Short = "merge SURVIVOR-ID OTHER-ID [--take FIELD,...]", "merge the other contact into the survivor, which keeps its fields unless --take names them"
		c.Example = "  roster duplicates merge 1017 2044 --take family_name"
		take = c.Flags().String("take", "", "fields to take from the other contact, comma-separated (e.g. family_name,birth_date)")
	}
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		var ids [2]int64
		for i := range ids {
			ids[i], _ = parseID("contact", args[i])
		}
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		if verb == "dismiss" {
			if err := e.svc.DismissDuplicate(ctx, actor, ids[0], ids[1]); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "contacts %d and %d marked as not duplicates\n", ids[0], ids[1])
			return nil
		}
		var fields []string
		if *take != "" {
			fields = strings.Split(*take, ",")
		}
		merged, err := e.svc.MergeContacts(ctx, actor, ids[0], ids[1], [2]int{}, fields)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "contact %d merged into %d (%s)\n", ids[1], merged.ID, merged.DisplayName)
		return nil
	}
	return c
}
