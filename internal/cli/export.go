package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
)

// runExport writes an accreditation list, a person's data, or the contact list to a file or standard output.
func runExport(ctx context.Context, stdio IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(stdio, "export", args, "accreditation person contacts")
	if err != nil {
		return err
	}
	format := fs.String("format", "", "accreditation: csv, xlsx or pdf (default pdf); person: json or pdf (default json); contacts: csv or xlsx (default csv)")
	lang := fs.String("lang", "", "language of titles and column names: en or de (default: the user's)")
	out := fs.String("out", "", "file to write; default: standard output")
	unit := fs.String("unit", "", "contacts: only this unit and the units below it (id or code)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *format == "" {
		*format = map[string]string{"accreditation": "pdf", "person": "json", "contacts": "csv"}[verb]
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
	var w io.Writer = stdio.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var rows int
	switch verb {
	case "accreditation":
		if fs.NArg() != 1 {
			return usagef("accreditation takes a unit (id or code)")
		}
		id, err := unitRef(ctx, e, fs.Arg(0))
		if err != nil {
			return err
		}
		if rows, err = e.svc.AccreditationList(ctx, a, id, *format, *lang, w); err != nil {
			return err
		}
	case "person":
		if fs.NArg() != 1 {
			return usagef("person takes a contact id")
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usagef("contact id %q is not a number", fs.Arg(0))
		}
		if err := e.svc.PersonData(ctx, a, id, *format, *lang, w); err != nil {
			return err
		}
		rows = 1
	case "contacts":
		var f domain.ContactFilter
		if *unit != "" {
			if f.UnitID, err = unitRef(ctx, e, *unit); err != nil {
				return err
			}
		}
		if rows, err = e.svc.ExportContactsAs(ctx, a, f, *format, w); err != nil {
			return err
		}
	}
	if *out != "" {
		fmt.Fprintf(stdio.Stderr, "%d rows written to %s\n", rows, *out)
	}
	return nil
}
