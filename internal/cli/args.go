package cli

import (
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

// Arguments are checked before a command opens the database, so that a mistake in how it was called is
// reported as such (exit status 2) and touches nothing.

// noArgs refuses arguments.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", c.Name(), args[0])
	}
	return nil
}

// nArgs wants exactly n arguments and says what they are when they are not.
func nArgs(n int, msg string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{msg}
		}
		return nil
	}
}

// checks runs argument checks in order.
func checks(list ...cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		for _, check := range list {
			if err := check(c, args); err != nil {
				return err
			}
		}
		return nil
	}
}

// ids wants every argument to be a numeric id of what names.
func ids(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		for _, a := range args {
			if _, err := parseID(what, a); err != nil {
				return err
			}
		}
		return nil
	}
}

func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, usagef("%s id %q is not a number", what, s)
	}
	return id, nil
}

// asFlag adds --as, the user whose scope the command works in.
func asFlag(c *cobra.Command) *string {
	return c.Flags().String("as", "", "act as this user (e-mail), within their scope; default: the system actor")
}

// expiry reads --expires as the API reads expires_at: an RFC 3339 date-time (2027-06-30T18:00:00+02:00); or a
// date, which means until the end of that day in the organization's time zone, as the web UI's grant form does.
func expiry(s string, loc *time.Location) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return nil, usagef("--expires %q: want a date (2027-06-30) or a date and time (2027-06-30T18:00:00+02:00)", s)
	}
	end := d.AddDate(0, 0, 1)
	return &end, nil
}
