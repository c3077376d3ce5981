// Package cli implements the roster command: serve, migrate, demo, and the operator commands for units,
// users and contacts. Every command works through the service layer; contact commands are scoped to the user
// named with --as, or run as the explicit system actor.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/config"
	"github.com/roster-crm/roster/internal/domain"
)

// Version is set at build time with -ldflags "-X github.com/roster-crm/roster/internal/cli.Version=…".
var Version = "dev"

// IO bundles what a command reads and writes.
type IO struct {
	Env    config.Env
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Main runs the roster command and returns the process exit code: 0 when it succeeded, 1 when it failed, 2
// when it was called wrongly (an unknown command or flag, a missing argument, an invalid configuration).
func Main(ctx context.Context, args []string, io IO) int {
	a := &app{io: io}
	root := a.root()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || !a.ran {
		fmt.Fprintf(io.Stderr, "%s: %v\n", cmd.CommandPath(), err)
		if cmd.HasParent() {
			fmt.Fprintf(io.Stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		} else {
			fmt.Fprintln(io.Stderr)
			usage(io.Stderr, cmd)
		}
		return 2
	}
	fmt.Fprintf(io.Stderr, "%s: %s\n", cmd.CommandPath(), describe(err))
	return 1
}

// app is one run of the roster command: its input and output, the shared configuration flags, and whether
// the command got as far as running (anything that fails before is a usage error).
type app struct {
	io     IO
	config func() (*config.Config, error) // reads and validates the configuration flags
	ran    bool
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// describe explains a domain error on the command line.
func describe(err error) string {
	switch domain.KindOf(err) {
	case domain.KindInvalid:
		var ve *domain.ValidationError
		errors.As(err, &ve)
		parts := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			parts[i] = f.Field + ": " + strings.ReplaceAll(f.Code, "_", " ")
			if f.Param != "" {
				parts[i] += " (" + f.Param + ")"
			}
		}
		return "invalid input: " + strings.Join(parts, "; ")
	case domain.KindNotFound:
		what, _ := strings.CutSuffix(err.Error(), domain.ErrNotFound.Error())
		return what + "not found (or outside the scope of the acting user)"
	case domain.KindForbidden:
		return "not allowed for the acting user"
	}
	return err.Error()
}

func (a *app) version() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(a.io.Stdout, "roster %s\n", Version)
			return nil
		},
	}
}
