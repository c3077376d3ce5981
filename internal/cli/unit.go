package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/roster-crm/roster/internal/domain"
)

// subcommand parses "<verb> [flags] [args]" with the shared configuration flags plus --as.
func subcommand(io IO, group string, args []string, verbs string) (verb string, fs *flag.FlagSet, parse func() (*env, error), as *string, err error) {
	if len(args) == 0 {
		return "", nil, nil, nil, usagef("want one of: %s", verbs)
	}
	verb = args[0]
	if !strings.Contains(" "+verbs+" ", " "+verb+" ") {
		return "", nil, nil, nil, usagef("unknown %s command %q; want one of: %s", group, verb, verbs)
	}
	fs, cfg := flags(group+" "+verb, io)
	as = fs.String("as", "", "act as this user (e-mail), within their scope; default: the system actor")
	return verb, fs, func() (*env, error) { return open(context.Background(), io, cfg, false) }, as, nil
}

// unitRef resolves a unit given as official code or, when no unit has that code, as id. Codes come first:
// official codes such as "09" (Bayern) or "06037" are digits too.
func unitRef(ctx context.Context, e *env, ref string) (int64, error) {
	q := e.st.Read()
	u, err := q.UnitByCode(ctx, ref)
	if errors.Is(err, domain.ErrNotFound) {
		if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil && id > 0 {
			u, err = q.Unit(ctx, id)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("unit %q: %w", ref, err)
	}
	return u.ID, nil
}

func runUnit(ctx context.Context, io IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(io, "unit", args, "list add rename move archive restore postal-codes")
	if err != nil {
		return err
	}
	parent := fs.String("parent", "", "parent unit (id or official code)")
	name := fs.String("name", "", "unit name")
	kind := fs.String("kind", "", "kind label, e.g. state, county, Kreisverband")
	code := fs.String("code", "", "official code (AGS, FIPS …)")
	archived := fs.Bool("archived", false, "list archived units too")
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
	target := func() (int64, error) {
		if fs.NArg() < 1 {
			return 0, usagef("name the unit (id or code)")
		}
		return unitRef(ctx, e, fs.Arg(0))
	}
	opt := func(s *string) *string {
		if *s == "" {
			return nil
		}
		return s
	}
	switch verb {
	case "list":
		units, err := e.svc.Units(ctx, a, *archived)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCODE\tKIND\tNAME")
		for _, u := range units {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s%s\n", u.ID, u.Code, u.Kind, strings.Repeat("  ", u.Depth), u.Name)
		}
		return tw.Flush()
	case "add":
		in := domain.UnitInput{Name: name, Kind: kind, Code: opt(code)}
		if *parent != "" {
			p, err := unitRef(ctx, e, *parent)
			if err != nil {
				return err
			}
			in.ParentID = &p
		}
		u, err := e.svc.CreateUnit(ctx, a, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "created unit %d %s\n", u.ID, u.Name)
	case "rename", "move":
		id, err := target()
		if err != nil {
			return err
		}
		in := domain.UnitInput{Name: opt(name), Kind: opt(kind), Code: opt(code)}
		if verb == "move" {
			if *parent == "" {
				return usagef("move needs --parent")
			}
			p, err := unitRef(ctx, e, *parent)
			if err != nil {
				return err
			}
			in.ParentID = &p
		}
		u, err := e.svc.UpdateUnit(ctx, a, id, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "unit %d is now %q below unit %d\n", u.ID, u.Name, u.ParentID)
	case "archive", "restore":
		id, err := target()
		if err != nil {
			return err
		}
		if err := e.svc.ArchiveUnit(ctx, a, id, verb == "restore"); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "unit %d %sd\n", id, verb)
	case "postal-codes":
		id, err := target()
		if err != nil {
			return err
		}
		var ms []domain.PostalMapping
		for _, c := range fs.Args()[1:] {
			ms = append(ms, domain.PostalMapping{PostalCode: c})
		}
		if len(ms) > 0 {
			if err := e.svc.AddPostalCodes(ctx, a, id, ms); err != nil {
				return err
			}
		}
		list, err := e.svc.UnitPostalCodes(ctx, a, id)
		if err != nil {
			return err
		}
		for _, m := range list {
			fmt.Fprintf(io.Stdout, "%s\t%s\n", m.PostalCode, m.Place)
		}
	}
	return nil
}
