package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/roster-crm/roster/internal/config"
)

// usesDatabase is the annotation of a command that opens the database: its help lists the configuration flags.
const usesDatabase = "roster:database"

// root builds the command tree of one run. The configuration flags belong to the root, so that they may stand
// anywhere on the command line; each command has its own flags, before or after its arguments.
func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "roster <command>",
		Short:         "Roster — membership and constituent CRM for federated organizations.",
		SilenceErrors: true, // Main reports errors, with the exit code they call for
		SilenceUsage:  true,
		// Flags are parsed and arguments checked by now: what fails from here on is not a usage error.
		PersistentPreRun: func(*cobra.Command, []string) { a.ran = true },
	}
	root.SetIn(a.io.Stdin)
	root.SetOut(a.io.Stdout)
	root.SetErr(a.io.Stderr)
	a.config = config.Register(root.PersistentFlags(), a.io.Env)
	root.AddGroup(&cobra.Group{ID: "run", Title: "Running Roster:"}, &cobra.Group{ID: "records", Title: "Units, users and contacts:"},
		&cobra.Group{ID: "data", Title: "Data in and out:"}, &cobra.Group{ID: "other", Title: "Other commands:"})
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add("run", a.serve(), a.migrate(), a.demo())
	add("records", a.unit(), a.user(), a.contact(), a.memberNumbers())
	add("data", a.importFile(), a.duplicates(), a.enrich(), a.export(), a.exportArchive(), a.importArchive())
	add("other", a.version())
	root.SetHelpCommand(a.help())
	root.SetCompletionCommandGroupID("other")
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		fmt.Fprintf(c.OutOrStdout(), "%s\n\n", strings.TrimSpace(cmp.Or(c.Long, c.Short)))
		usage(c.OutOrStdout(), c)
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		usage(c.OutOrStderr(), c)
		return nil
	})
	root.SetFlagErrorFunc(flagError)
	return root
}

// flagError makes a flag mistake a usage error, and explains Go-style flags with one dash (-listen), which
// POSIX flags read as a cluster of one-letter flags.
func flagError(c *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if errors.As(err, &ne) {
		name, _, _ := strings.Cut(ne.GetSpecifiedShortnames(), "=")
		if len(name) > 1 && c.Flags().Lookup(name) != nil {
			return usagef("unknown flag -%s: flags take two dashes, --%s", name, name)
		}
	}
	return usageError{err.Error()}
}

// usage writes how to call c: its usage line, its commands, its own flags and, for a command that opens the
// database, the configuration flags apart.
func usage(w io.Writer, c *cobra.Command) {
	fmt.Fprintf(w, "Usage: %s\n", c.UseLine())
	if c.HasAvailableSubCommands() && !strings.Contains(c.Use, "<command>") {
		fmt.Fprintf(w, "       %s <command> [flags]\n", c.CommandPath())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(c.Example, "\n"))
	}
	if c.HasAvailableSubCommands() {
		writeCommands(w, c)
	}
	if c.HasParent() && c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s", c.LocalFlags().FlagUsages())
	}
	if !c.HasParent() || c.Annotations[usesDatabase] != "" {
		flags := c.InheritedFlags()
		if !c.HasParent() {
			flags = c.PersistentFlags()
		}
		fmt.Fprintf(w, "\nConfiguration flags (each also read from its ROSTER_* environment variable; flags win):\n%s",
			flags.FlagUsages())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\nRun '%s <command> --help' for the flags of a command.", c.CommandPath())
		if !c.HasParent() {
			fmt.Fprint(w, " Every flag can also be set with ROSTER_* environment variables.")
		}
		fmt.Fprintln(w)
	}
}

// writeCommands lists the subcommands of c, under the titles of their groups.
func writeCommands(w io.Writer, c *cobra.Command) {
	width := 0
	for _, sub := range c.Commands() {
		width = max(width, len(sub.Name()))
	}
	list := func(group string) {
		for _, sub := range c.Commands() {
			if sub.GroupID == group && (sub.IsAvailableCommand() || sub.Name() == "help") {
				fmt.Fprintf(w, "  %-*s  %s\n", width, sub.Name(), sub.Short)
			}
		}
	}
	if len(c.Groups()) == 0 {
		fmt.Fprintln(w, "\nCommands:")
		list("")
		return
	}
	for _, g := range c.Groups() {
		fmt.Fprintf(w, "\n%s\n", g.Title)
		list(g.ID)
	}
}

// help is the help command: "roster help unit move" shows what "roster unit move --help" shows.
func (a *app) help() *cobra.Command {
	return &cobra.Command{
		Use:     "help [command]",
		Short:   "show the help of a command",
		GroupID: "other",
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usagef("no help for %q: not a command", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag() // as --help would, so that help lists it
			return target.Help()
		},
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			target, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, sub := range target.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

// group is a command that only holds subcommands: called alone, or with a verb it lacks, it names them.
func group(name, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{
		Use:   name + " <command>",
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			var verbs []string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					verbs = append(verbs, sub.Name())
				}
			}
			if len(args) == 0 {
				return usagef("want one of: %s", strings.Join(verbs, ", "))
			}
			return usagef("unknown %s command %q; want one of: %s", name, args[0], strings.Join(verbs, ", "))
		},
	}
	g.AddCommand(subs...)
	return g
}

// withDatabase marks a command that opens the database.
func withDatabase(c *cobra.Command) *cobra.Command {
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[usesDatabase] = "yes"
	return c
}
