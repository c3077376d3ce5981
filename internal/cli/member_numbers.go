package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/domain"
)

func (a *app) memberNumbers() *cobra.Command {
	return group("member-numbers", "show and set how new members get their numbers: the organization's series and units' own",
		a.memberNumbersList(), a.memberNumbersSet(), a.memberNumbersRemove())
}

func (a *app) memberNumbersList() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "list",
		Short:   "the member-number series: the organization's default and those of units (their subtrees)",
		Example: "  roster member-numbers list",
		Args:    noArgs,
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		list, err := e.svc.MemberNumberSeries(ctx, actor)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "UNIT\tNEXT\tLAST\tPREFIX\tWIDTH")
		for _, s := range list {
			unit, last := "(default)", "–"
			if s.UnitID != 0 {
				unit = fmt.Sprintf("%s #%d", s.UnitName, s.UnitID)
			}
			if s.Last != 0 {
				last = s.Format(s.Last)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", unit, s.Format(s.Next), last, s.Prefix, s.Width)
		}
		return tw.Flush()
	}
	return c
}

func (a *app) memberNumbersSet() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "set [--unit UNIT] [--prefix P] [--next N] [--last N] [--width W]",
		Short: "set the organization's series, or with --unit that of a unit and the units below it; flags not given keep their value",
		Example: "  roster member-numbers set --next 1004095\n" +
			"  roster member-numbers set --unit 09 --prefix BY- --next 1 --width 6",
		Args: noArgs,
	})
	as := asFlag(c)
	unit := c.Flags().String("unit", "", "the unit (id or code) whose subtree the series numbers; default: the organization's series")
	prefix := c.Flags().String("prefix", "", "text before the number, not ending in a digit (BY-, M)")
	next := c.Flags().Int64("next", 0, "the next number handed out")
	last := c.Flags().Int64("last", 0, "the last number of the range; 0: no end")
	width := c.Flags().Int("width", 0, "digits, zero-padded (6: 000042); 0: no padding")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		s := domain.MemberNumberSeries{}
		if *unit != "" {
			if s.UnitID, err = e.unitRef(ctx, actor, *unit); err != nil {
				return err
			}
		}
		list, err := e.svc.MemberNumberSeries(ctx, actor)
		if err != nil {
			return err
		}
		found := false
		for _, x := range list {
			if x.UnitID == s.UnitID {
				s, found = x, true
			}
		}
		flags := c.Flags()
		if !found && !flags.Changed("next") {
			return usagef("a unit without a series of its own needs --next")
		}
		if flags.Changed("prefix") {
			s.Prefix = *prefix
		}
		if flags.Changed("next") {
			s.Next = *next
		}
		if flags.Changed("last") {
			s.Last = *last
		}
		if flags.Changed("width") {
			s.Width = *width
		}
		saved, err := e.svc.SaveMemberNumberSeries(ctx, actor, s)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "next member number: %s\n", saved.Format(saved.Next))
		return nil
	}
	return c
}

func (a *app) memberNumbersRemove() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "remove --unit UNIT",
		Short:   "remove a unit's own series: its members then get numbers from the series above",
		Example: "  roster member-numbers remove --unit 09",
		Args:    noArgs,
	})
	as := asFlag(c)
	unit := c.Flags().String("unit", "", "the unit (id or code)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *unit == "" {
			return usagef("remove needs --unit")
		}
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		id, err := e.unitRef(ctx, actor, *unit)
		if err != nil {
			return err
		}
		if err := e.svc.DeleteMemberNumberSeries(ctx, actor, id); errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("unit %q has no member-number series of its own", *unit)
		} else if err != nil {
			return err
		}
		fmt.Fprintln(a.io.Stdout, "removed")
		return nil
	}
	return c
}
