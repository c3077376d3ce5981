package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

func (a *app) export() *cobra.Command {
	return group("export", "accreditation list of a unit (PDF, XLSX, CSV), a person's data (JSON, PDF), the contact list",
		a.exportAccreditation(), a.exportPerson(), a.exportContacts())
}

// exportTo adds the flags every export has, and returns a function that opens the database as the --as
// user and runs write on the output file (or standard output), reporting the rows written to a file.
func (a *app) exportTo(c *cobra.Command, formats, def string) (format *string, run func(ctx context.Context,
	write func(e *env, actor *access.Actor, w io.Writer) (int, error)) error) {
	as := asFlag(c)
	format = c.Flags().String("format", def, formats)
	out := c.Flags().String("out", "", "file to write; default: standard output")
	return format, func(ctx context.Context, write func(e *env, actor *access.Actor, w io.Writer) (int, error)) error {
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		var w io.Writer = a.io.Stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		rows, err := write(e, actor, w)
		if err != nil {
			return err
		}
		if *out != "" {
			fmt.Fprintf(a.io.Stderr, "%d rows written to %s\n", rows, *out)
		}
		return nil
	}
}

func langFlag(c *cobra.Command) *string {
	return c.Flags().String("lang", "", "language of titles and column names: en or de (default: the user's)")
}

func (a *app) exportAccreditation() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "accreditation UNIT",
		Short:   "the accreditation list of a unit's members entitled to vote",
		Example: "  roster export accreditation 09162 --format xlsx --out akkreditierung.xlsx",
		Args:    nArgs(1, "accreditation takes a unit (id or code)"),
	})
	format, run := a.exportTo(c, "csv, xlsx or pdf", "pdf")
	lang := langFlag(c)
	meeting := c.Flags().String("meeting", "", "the meeting's name, for the heading of the PDF")
	meetingDate := c.Flags().String("meeting-date", "", "the meeting's day (YYYY-MM-DD), for the heading of the PDF")
	c.RunE = func(c *cobra.Command, args []string) error {
		opt := service.AccreditationOptions{Format: *format, Lang: *lang, Meeting: *meeting}
		if *meetingDate != "" {
			d, err := domain.ParseDate(*meetingDate)
			if err != nil {
				return domain.Invalid("meeting_date", "invalid_date")
			}
			opt.MeetingDate = d
		}
		return run(c.Context(), func(e *env, actor *access.Actor, w io.Writer) (int, error) {
			id, err := e.unitRef(c.Context(), actor, args[0])
			if err != nil {
				return 0, err
			}
			return e.svc.AccreditationList(c.Context(), actor, id, opt, w)
		})
	}
	return c
}

func (a *app) exportPerson() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "person CONTACT-ID",
		Short:   "everything stored about a person, for a data subject access request",
		Example: "  roster export person 1017 --format pdf --out auskunft.pdf",
		Args:    checks(nArgs(1, "person takes a contact id"), ids("contact")),
	})
	format, run := a.exportTo(c, "json or pdf", "json")
	lang := langFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("contact", args[0])
		return run(c.Context(), func(e *env, actor *access.Actor, w io.Writer) (int, error) {
			return 1, e.svc.PersonData(c.Context(), actor, id, *format, *lang, w)
		})
	}
	return c
}

func (a *app) exportContacts() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "contacts",
		Short:   "the contact list, in the acting user's scope",
		Example: "  roster export contacts --unit 09162 --format xlsx --out kontakte.xlsx",
		Args:    noArgs,
	})
	format, run := a.exportTo(c, "csv or xlsx", "csv")
	unit := c.Flags().String("unit", "", "only this unit and the units below it (id or code)")
	lang := c.Flags().String("lang", "", "en or de: titles, statuses and dates for people, as the web UI exports them\n"+
		"(default: the machine variant with column names, status codes and ISO dates)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		return run(c.Context(), func(e *env, actor *access.Actor, w io.Writer) (int, error) {
			var f domain.ContactFilter
			if *unit != "" {
				var err error
				if f.UnitID, err = e.unitRef(c.Context(), actor, *unit); err != nil {
					return 0, err
				}
			}
			return e.svc.ExportContactsAs(c.Context(), actor, f, *format, *lang, w)
		})
	}
	return c
}
