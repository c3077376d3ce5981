package cli

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

func runUser(ctx context.Context, io IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(io, "user", args, "list add grant revoke password token")
	if err != nil {
		return err
	}
	email := fs.String("email", "", "the user's e-mail address")
	name := fs.String("name", "", "the user's name (add), or the token's name (token)")
	lang := fs.String("language", "en", "UI language: en or de")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	unit := fs.String("unit", "", "unit of the grant (id or official code)")
	role := fs.String("role", "", "role: viewer, manager, finance, treasurer or admin")
	expires := fs.String("expires", "", "grant or token expiry date (YYYY-MM-DD), optional")
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
	var exp *time.Time
	if *expires != "" {
		d, err := time.ParseInLocation(time.DateOnly, *expires, e.cfg.TimeZone)
		if err != nil {
			return usagef("--expires: want YYYY-MM-DD")
		}
		exp = &d
	}
	userID := func() (int64, error) {
		if *email == "" {
			return 0, usagef("--email is required")
		}
		u, _, err := e.st.Read().UserCredentials(ctx, strings.ToLower(*email))
		if err != nil {
			return 0, fmt.Errorf("user %s: %w", *email, err)
		}
		return u.ID, nil
	}
	readPassword := func() (*string, error) {
		if !*pwStdin {
			return nil, nil
		}
		line, err := bufio.NewReader(io.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return nil, fmt.Errorf("read password: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		return &pw, nil
	}
	switch verb {
	case "list":
		users, err := e.svc.Users(ctx, a)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tACTIVE\tGRANTS")
		for _, u := range users {
			full, err := e.svc.User(ctx, a, u.ID)
			if err != nil {
				return err
			}
			var gs []string
			for _, g := range full.Grants {
				if g.Live(time.Now()) {
					gs = append(gs, fmt.Sprintf("#%d %s@%s", g.ID, g.Role, g.Unit.Name))
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%v\t%s\n", u.ID, u.Email, u.Name, u.Active, strings.Join(gs, ", "))
		}
		return tw.Flush()
	case "add":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		u, err := e.svc.CreateUser(ctx, a, domain.UserInput{Email: email, Name: name, Language: lang, Password: pw})
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "created user %d %s\n", u.ID, u.Email)
	case "password":
		id, err := userID()
		if err != nil {
			return err
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if pw == nil {
			return usagef("pass the new password on standard input with --password-stdin")
		}
		if _, err := e.svc.UpdateUser(ctx, a, id, domain.UserInput{Password: pw}); err != nil {
			return err
		}
		fmt.Fprintln(io.Stdout, "password changed")
	case "grant":
		id, err := userID()
		if err != nil {
			return err
		}
		if *unit == "" || *role == "" {
			return usagef("grant needs --unit and --role")
		}
		u, err := unitRef(ctx, e, *unit)
		if err != nil {
			return err
		}
		g, err := e.svc.GrantRole(ctx, a, domain.GrantInput{UserID: id, UnitID: u, Role: *role, ExpiresAt: exp})
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "grant %d: %s on %s\n", g.ID, g.Role, g.Unit.Name)
	case "revoke":
		if fs.NArg() != 1 {
			return usagef("revoke takes the grant id")
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usagef("grant id %q is not a number", fs.Arg(0))
		}
		if err := e.svc.RevokeGrant(ctx, a, id); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "grant %d revoked\n", id)
	case "token":
		id, err := userID()
		if err != nil {
			return err
		}
		if a.UserID != id {
			if a, err = e.svc.ActorFor(ctx, id); err != nil {
				return err
			}
		}
		t, err := e.svc.CreateAPIToken(ctx, a, *name, exp)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "%s\n", t.Secret)
		fmt.Fprintln(io.Stderr, "This token is shown once. Send it as 'Authorization: Bearer <token>'.")
	}
	return nil
}
