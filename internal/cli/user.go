package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

func (a *app) user() *cobra.Command {
	return group("user", "add, list, grant, revoke, set passwords, create API tokens",
		a.userList(), a.userAdd(), a.userGrant(), a.userRevoke(), a.userPassword(), a.userToken())
}

func (a *app) userList() *cobra.Command {
	c := withDatabase(&cobra.Command{Use: "list", Short: "list users and their live grants", Args: noArgs})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		users, err := e.svc.Users(ctx, actor)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.io.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tACTIVE\tGRANTS")
		for _, u := range users {
			full, err := e.svc.User(ctx, actor, u.ID)
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
	}
	return c
}

func emailFlag(c *cobra.Command) *string {
	return c.Flags().String("email", "", "the user's e-mail address")
}

func passwordStdinFlag(c *cobra.Command) *bool {
	return c.Flags().Bool("password-stdin", false, "read the password from the first line of standard input")
}

// requireEmail is the check of commands that name a user with --email.
func requireEmail(email *string) cobra.PositionalArgs {
	return func(*cobra.Command, []string) error {
		if *email == "" {
			return usagef("--email is required")
		}
		return nil
	}
}

// readPassword reads the first line of standard input.
func (a *app) readPassword() (*string, error) {
	line, err := bufio.NewReader(a.io.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return nil, fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	return &pw, nil
}

func (a *app) userAdd() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "add --email EMAIL --name NAME [--password-stdin]",
		Short: "add a user (without a password, the user sets one through a reset link)",
		Example: "  roster user add --email anna@example.org --name \"Anna B.\" --password-stdin < pw.txt\n" +
			"  roster user add --email chair@example.org --name \"The Chair\" --password-stdin",
		Args: noArgs,
	})
	as := asFlag(c)
	email := emailFlag(c)
	name := c.Flags().String("name", "", "the user's name")
	lang := c.Flags().String("language", "en", "UI language: en or de")
	pwStdin := passwordStdinFlag(c)
	c.RunE = func(c *cobra.Command, _ []string) error {
		// The operator's first user may come before any unit, in a new database.
		e, actor, err := a.openAs(c.Context(), *as, openOptions{create: *as == ""})
		if err != nil {
			return err
		}
		defer e.Close()
		var pw *string
		if *pwStdin {
			if pw, err = a.readPassword(); err != nil {
				return err
			}
		}
		u, err := e.svc.CreateUser(c.Context(), actor, domain.UserInput{Email: email, Name: name, Language: lang, Password: pw})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "created user %d %s\n", u.ID, u.Email)
		return nil
	}
	return c
}

func (a *app) userPassword() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "password --email EMAIL --password-stdin",
		Short:   "set a user's password, read from standard input",
		Example: "  roster user password --email anna@example.org --password-stdin < pw.txt",
	})
	as := asFlag(c)
	email := emailFlag(c)
	pwStdin := passwordStdinFlag(c)
	c.Args = checks(noArgs, requireEmail(email), func(*cobra.Command, []string) error {
		if !*pwStdin {
			return usagef("pass the new password on standard input with --password-stdin")
		}
		return nil
	})
	c.RunE = func(c *cobra.Command, _ []string) error {
		return a.withUser(c.Context(), *as, *email, func(e *env, actor *access.Actor, id int64) error {
			pw, err := a.readPassword()
			if err != nil {
				return err
			}
			if _, err := e.svc.UpdateUser(c.Context(), actor, id, domain.UserInput{Password: pw}); err != nil {
				return err
			}
			fmt.Fprintln(a.io.Stdout, "password changed")
			return nil
		})
	}
	return c
}

// expiresFlag adds --expires and its check.
func expiresFlag(c *cobra.Command, what string) (*string, cobra.PositionalArgs) {
	s := c.Flags().String("expires", "", what+" ends: a date (through that day, in the organization's time zone) or an "+
		"RFC 3339 date-time such as 2027-06-30T18:00:00+02:00; default: never")
	return s, func(*cobra.Command, []string) error {
		_, err := expiry(*s, time.UTC)
		return err
	}
}

func (a *app) userGrant() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "grant --email EMAIL --unit UNIT --role ROLE [--expires WHEN]",
		Short:   "give a user a role on a unit and everything below it",
		Example: "  roster user grant --email anna@example.org --unit 09162 --role manager --expires 2030-06-30",
	})
	as := asFlag(c)
	email := emailFlag(c)
	unit := c.Flags().String("unit", "", "unit of the grant (id or official code)")
	role := c.Flags().String("role", "", "role: viewer, manager, finance, treasurer or admin")
	expires, checkExpires := expiresFlag(c, "when the grant")
	c.Args = checks(noArgs, requireEmail(email), checkExpires, func(*cobra.Command, []string) error {
		if *unit == "" || *role == "" {
			return usagef("grant needs --unit and --role")
		}
		return nil
	})
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return a.withUser(ctx, *as, *email, func(e *env, actor *access.Actor, id int64) error {
			exp, err := expiry(*expires, e.cfg.TimeZone)
			if err != nil {
				return err
			}
			u, err := e.unitRef(ctx, actor, *unit)
			if err != nil {
				return err
			}
			g, err := e.svc.GrantRole(ctx, actor, domain.GrantInput{UserID: id, UnitID: u, Role: *role, ExpiresAt: exp})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "grant %d: %s on %s\n", g.ID, g.Role, g.Unit.Name)
			return nil
		})
	}
	return c
}

func (a *app) userRevoke() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "revoke GRANT-ID",
		Short: "end a grant (the ids are in user list)",
		Args:  checks(nArgs(1, "revoke takes the grant id"), ids("grant")),
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		id, _ := parseID("grant", args[0])
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		if err := e.svc.RevokeGrant(c.Context(), actor, id); err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "grant %d revoked\n", id)
		return nil
	}
	return c
}

func (a *app) userToken() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "token --email EMAIL --name NAME [--expires WHEN]",
		Short:   "create an API token for a user and print it, once",
		Example: "  roster user token --email anna@example.org --name laptop",
	})
	as := asFlag(c)
	email := emailFlag(c)
	name := c.Flags().String("name", "", "the token's name")
	expires, checkExpires := expiresFlag(c, "when the token")
	c.Args = checks(noArgs, requireEmail(email), checkExpires)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		return a.withUser(ctx, *as, *email, func(e *env, actor *access.Actor, id int64) error {
			exp, err := expiry(*expires, e.cfg.TimeZone)
			if err != nil {
				return err
			}
			if actor.UserID != id {
				if actor, err = e.svc.ActorFor(ctx, id); err != nil {
					return err
				}
			}
			t, err := e.svc.CreateAPIToken(ctx, actor, *name, exp)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "%s\n", t.Secret)
			fmt.Fprintln(a.io.Stderr, "This token is shown once. Send it as 'Authorization: Bearer <token>'.")
			return nil
		})
	}
	return c
}

// withUser opens the database as the --as user and calls do with the user named by email, as the actor sees
// users.
func (a *app) withUser(ctx context.Context, as, email string, do func(e *env, actor *access.Actor, id int64) error) error {
	e, actor, err := a.openAs(ctx, as, openOptions{})
	if err != nil {
		return err
	}
	defer e.Close()
	u, err := e.svc.UserByEmail(ctx, actor, email)
	if err != nil {
		return fmt.Errorf("user %s: %w", email, err)
	}
	return do(e, actor, u.ID)
}
