package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func (a *app) contact() *cobra.Command {
	return group("contact", "list, search, count and show contacts within a user's scope",
		a.contactList(), a.contactSearch(), a.contactCount(), a.contactShow())
}

// filterFlags are the list filters of contact list and count.
type filterFlags struct{ unit, status, tag *string }

func addFilterFlags(c *cobra.Command) filterFlags {
	return filterFlags{
		unit:   c.Flags().String("unit", "", "only this unit and the units below it (id or code)"),
		status: c.Flags().String("status", "", "only this membership status"),
		tag:    c.Flags().String("tag", "", "only contacts with this tag"),
	}
}

func (f filterFlags) filter(ctx context.Context, e *env, actor *access.Actor) (domain.ContactFilter, error) {
	cf := domain.ContactFilter{Tag: *f.tag}
	if *f.status != "" {
		cf.Statuses = []string{*f.status}
	}
	if *f.unit != "" {
		var err error
		if cf.UnitID, err = e.unitRef(ctx, actor, *f.unit); err != nil {
			return cf, err
		}
	}
	return cf, nil
}

func (a *app) contactList() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "list",
		Short:   "list contacts by name",
		Example: "  roster contact list --as anna@example.org --status grace",
		Args:    noArgs,
	})
	as := asFlag(c)
	f := addFilterFlags(c)
	limit := c.Flags().Int("limit", 50, "rows to print")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		filter, err := f.filter(ctx, e, actor)
		if err != nil {
			return err
		}
		page, err := e.svc.ListContacts(ctx, actor, filter, 0, *limit)
		if err != nil {
			return err
		}
		return printContacts(a.io.Stdout, page.Contacts)
	}
	return c
}

func (a *app) contactSearch() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "search TEXT",
		Short:   "quick search: name prefix, e-mail, member number or postal code",
		Example: "  roster contact search --as anna@example.org \"müller\"",
		Args:    nArgs(1, "search takes one search text (quote it)"),
	})
	as := asFlag(c)
	limit := c.Flags().Int("limit", 50, "rows to print")
	c.RunE = func(c *cobra.Command, args []string) error {
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		list, err := e.svc.SearchContacts(c.Context(), actor, args[0], *limit)
		if err != nil {
			return err
		}
		return printContacts(a.io.Stdout, list)
	}
	return c
}

func (a *app) contactCount() *cobra.Command {
	c := withDatabase(&cobra.Command{Use: "count", Short: "count contacts", Args: noArgs})
	as := asFlag(c)
	f := addFilterFlags(c)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		filter, err := f.filter(ctx, e, actor)
		if err != nil {
			return err
		}
		n, err := e.svc.CountContacts(ctx, actor, filter, 0)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.io.Stdout, n)
		return nil
	}
	return c
}

func (a *app) contactShow() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "show CONTACT-ID",
		Short: "print a contact as JSON",
		Args:  checks(nArgs(1, "show takes a contact id"), ids("contact")),
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("contact", args[0])
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		contact, err := e.svc.GetContact(c.Context(), actor, id)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(a.io.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(contact)
	}
	return c
}

func printContacts(w io.Writer, list []domain.ContactSummary) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tMEMBER NO\tSTATUS\tUNIT\tEMAIL\tPOSTAL CODE")
	for _, c := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.DisplayName, c.MemberNumber, c.Status, c.HomeUnit.Name, c.Email, c.PostalCode)
	}
	return tw.Flush()
}
