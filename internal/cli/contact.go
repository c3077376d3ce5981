package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/roster-crm/roster/internal/domain"
)

func runContact(ctx context.Context, io IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(io, "contact", args, "list search count show")
	if err != nil {
		return err
	}
	unit := fs.String("unit", "", "only this unit and the units below it (id or code)")
	status := fs.String("status", "", "only this membership status")
	tag := fs.String("tag", "", "only contacts with this tag")
	limit := fs.Int("limit", 50, "rows to print")
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
	f := domain.ContactFilter{Tag: *tag}
	if *status != "" {
		f.Statuses = []string{*status}
	}
	if *unit != "" {
		if f.UnitID, err = unitRef(ctx, e, *unit); err != nil {
			return err
		}
	}
	var list []domain.ContactSummary
	switch verb {
	case "count":
		n, err := e.svc.CountContacts(ctx, a, f, 0)
		if err != nil {
			return err
		}
		fmt.Fprintln(io.Stdout, n)
		return nil
	case "show":
		if fs.NArg() != 1 {
			return usagef("show takes a contact id")
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usagef("contact id %q is not a number", fs.Arg(0))
		}
		c, err := e.svc.GetContact(ctx, a, id)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(io.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	case "search":
		if fs.NArg() != 1 {
			return usagef("search takes one search text (quote it)")
		}
		if list, err = e.svc.SearchContacts(ctx, a, fs.Arg(0), *limit); err != nil {
			return err
		}
	case "list":
		page, err := e.svc.ListContacts(ctx, a, f, 0, *limit)
		if err != nil {
			return err
		}
		list = page.Contacts
	}
	tw := tabwriter.NewWriter(io.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tMEMBER NO\tSTATUS\tUNIT\tEMAIL\tPOSTAL CODE")
	for _, c := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.DisplayName, c.MemberNumber, c.Status, c.HomeUnit.Name, c.Email, c.PostalCode)
	}
	return tw.Flush()
}
