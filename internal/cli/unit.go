package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// Units are named by official code or id everywhere on the command line.

func (a *app) unit() *cobra.Command {
	return group("unit", "list, add, rename, move, archive units; map postal codes",
		a.unitList(), a.unitAdd(), a.unitChange("rename"), a.unitChange("move"), a.unitArchive("archive"),
		a.unitArchive("restore"), a.unitPostalCodes())
}

func (a *app) unitList() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "list",
		Short:   "print the unit tree (as a user: the units of their scope)",
		Example: "  roster unit list\n  roster unit list --as anna@example.org",
		Args:    noArgs,
	})
	as := asFlag(c)
	archived := c.Flags().Bool("archived", false, "list archived units too")
	c.RunE = func(c *cobra.Command, _ []string) error {
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		units, err := e.svc.Units(c.Context(), actor, *archived)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCODE\tKIND\tNAME")
		for _, u := range units {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s%s\n", u.ID, u.Code, u.Kind, strings.Repeat("  ", u.Depth), u.Name)
		}
		return tw.Flush()
	}
	return c
}

// unitFlags are the fields of a unit that add, rename and move set.
type unitFlags struct{ name, kind, code *string }

func addUnitFlags(c *cobra.Command) unitFlags {
	return unitFlags{
		name: c.Flags().String("name", "", "unit name"),
		kind: c.Flags().String("kind", "", "kind label, e.g. state, county, Kreisverband"),
		code: c.Flags().String("code", "", "official code (AGS, FIPS …)"),
	}
}

// input is the unit input of the flags given; those not given are left as they are.
func (f unitFlags) input() domain.UnitInput {
	opt := func(s *string) *string {
		if *s == "" {
			return nil
		}
		return s
	}
	return domain.UnitInput{Name: opt(f.name), Kind: opt(f.kind), Code: opt(f.code)}
}

func (a *app) unitAdd() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "add --name NAME [--parent UNIT]",
		Short:   "add a unit (without --parent: a root unit, the first step of a new installation)",
		Example: "  roster unit add --parent 09162 --name \"OV Schwabing\" --kind Ortsverband\n  roster unit add --name \"Our Party\" --kind national --code ROOT",
		Args:    noArgs,
	})
	as := asFlag(c)
	parent := c.Flags().String("parent", "", "parent unit (id or official code)")
	f := addUnitFlags(c)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		// A root unit added by the operator may be the first thing in a new database.
		e, actor, err := a.openAs(ctx, *as, openOptions{create: *parent == "" && *as == ""})
		if err != nil {
			return err
		}
		defer e.Close()
		in := f.input()
		in.Name, in.Kind = f.name, f.kind // given even when empty: the service requires a name
		if *parent != "" {
			p, err := e.unitRef(ctx, actor, *parent)
			if err != nil {
				return err
			}
			in.ParentID = &p
		}
		u, err := e.svc.CreateUnit(ctx, actor, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "created unit %d %s\n", u.ID, u.Name)
		return nil
	}
	return c
}

// unitChange is rename (name, kind, code) or move (below --parent, and the same fields).
func (a *app) unitChange(verb string) *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "rename UNIT --name NAME",
		Short:   "change a unit's name, kind or code",
		Example: "  roster unit rename 09162 --name \"München (Stadt)\"",
		Args:    nArgs(1, "name the unit (id or code)"),
	})
	var parent *string
	if verb == "move" {
		c.Use, c.Short, c.Example = "move UNIT --parent UNIT", "move a unit, with its whole subtree, below another unit",
			"  roster unit move 1234 --parent 09184"
		parent = c.Flags().String("parent", "", "the new parent unit (id or official code)")
		c.Args = checks(c.Args, func(*cobra.Command, []string) error {
			if *parent == "" {
				return usagef("move needs --parent")
			}
			return nil
		})
	}
	as := asFlag(c)
	f := addUnitFlags(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		id, err := e.unitRef(ctx, actor, args[0])
		if err != nil {
			return err
		}
		in := f.input()
		if parent != nil {
			p, err := e.unitRef(ctx, actor, *parent)
			if err != nil {
				return err
			}
			in.ParentID = &p
		}
		u, err := e.svc.UpdateUnit(ctx, actor, id, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "unit %d is now %q below unit %d\n", u.ID, u.Name, u.ParentID)
		return nil
	}
	return c
}

// unitArchive archives or restores a unit.
func (a *app) unitArchive(verb string) *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   verb + " UNIT",
		Short: map[string]string{"archive": "archive a unit that has no active units below it", "restore": "restore an archived unit"}[verb],
		Args:  nArgs(1, "name the unit (id or code)"),
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		return a.withUnit(c.Context(), *as, args[0], func(e *env, actor *access.Actor, id int64) error {
			if err := e.svc.ArchiveUnit(c.Context(), actor, id, verb == "restore"); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "unit %d %sd\n", id, verb)
			return nil
		})
	}
	return c
}

func (a *app) unitPostalCodes() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "postal-codes UNIT [POSTAL-CODE...]",
		Short:   "map postal codes to a unit and list its postal codes",
		Example: "  roster unit postal-codes 09162 80331 80333",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 1 {
				return usagef("name the unit (id or code)")
			}
			return nil
		},
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		ctx := c.Context()
		return a.withUnit(ctx, *as, args[0], func(e *env, actor *access.Actor, id int64) error {
			var ms []domain.PostalMapping
			for _, code := range args[1:] {
				ms = append(ms, domain.PostalMapping{PostalCode: code})
			}
			if len(ms) > 0 {
				if err := e.svc.AddPostalCodes(ctx, actor, id, ms); err != nil {
					return err
				}
			}
			list, err := e.svc.UnitPostalCodes(ctx, actor, id)
			if err != nil {
				return err
			}
			for _, m := range list {
				fmt.Fprintf(a.io.Stdout, "%s\t%s\n", m.PostalCode, m.Place)
			}
			return nil
		})
	}
	return c
}

// withUnit opens the database as the --as user and calls do with the unit named by ref.
func (a *app) withUnit(ctx context.Context, as, ref string, do func(e *env, actor *access.Actor, id int64) error) error {
	e, actor, err := a.openAs(ctx, as, openOptions{})
	if err != nil {
		return err
	}
	defer e.Close()
	id, err := e.unitRef(ctx, actor, ref)
	if err != nil {
		return err
	}
	return do(e, actor, id)
}
