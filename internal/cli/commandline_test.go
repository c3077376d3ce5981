package cli_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store/storetest"
)

// TestCLIFlagsBeforeOrAfterArguments: a flag means the same before or after a command's arguments, and the
// configuration flags may also stand before the command.
func TestCLIFlagsBeforeOrAfterArguments(t *testing.T) {
	t.Parallel()
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newScopeSite(t, b)
		svc := s.service()
		east, west, bund := mustUnitID(t, svc, "EAST"), mustUnitID(t, svc, "WEST"), mustUnitID(t, svc, "BV")
		s.ok("", "unit add", "--name", "Kreis", "--code", "K", "--parent", "EAST")
		kreis := mustUnitID(t, svc, "K")

		// Both orders move the unit, as the README writes it and the other way round.
		if out := s.ok("", "unit move", "K", "--parent", "WEST"); out != fmt.Sprintf("unit %d is now %q below unit %d\n", kreis, "Kreis", west) {
			t.Errorf("unit move K --parent WEST: %q", out)
		}
		if out := s.ok("", "unit move", "--parent", "EAST", "K"); out != fmt.Sprintf("unit %d is now %q below unit %d\n", kreis, "Kreis", east) {
			t.Errorf("unit move --parent EAST K: %q", out)
		}
		if out := s.ok("", "unit rename", "K", "--name", "Kreis Ost", "--kind", "county"); !strings.Contains(out, `"Kreis Ost" below unit `+strconv.FormatInt(east, 10)) {
			t.Errorf("unit rename with flags after the unit: %q", out)
		}

		// The acting user's scope applies wherever --as stands.
		before := s.ok("", "contact search", "--as", "east@example.org", "mül")
		after := s.ok("", "contact search", "mül", "--as", "east@example.org")
		if before != after || !strings.Contains(after, "Müller") || strings.Contains(after, "Mülhaupt") {
			t.Errorf("contact search with --as before:\n%s\nand after the text:\n%s", before, after)
		}
		id := strconv.FormatInt(s.westID, 10)
		if r := s.run("", "contact show", id, "--as", "east@example.org"); r.code != 1 || !strings.Contains(r.stderr, "not found") {
			t.Errorf("contact show WEST-ID --as east: %v", r)
		}
		if out := s.ok("", "contact count", "--unit", "EAST", "--as", "east@example.org"); out != "1\n" {
			t.Errorf("contact count --unit EAST --as east: %q", out)
		}
		for _, args := range [][]string{{"--unit", "WEST", "--as", "east@example.org"}, {"--as", "east@example.org", "--unit", "WEST"}} {
			if msg := s.fails(1, "contact count", args...); !strings.Contains(msg, `unit "WEST": not found`) {
				t.Errorf("contact count %v: %q", args, msg)
			}
		}

		// The configuration flags also work before the command words; s.run puts them after.
		r := roster(t, s.env, "", append(append([]string{}, s.dbFlags...), "unit", "list", "--as", "east@example.org")...)
		if r.code != 0 || !strings.Contains(r.stdout, "Ost") || strings.Contains(r.stdout, "West") {
			t.Errorf("roster %v unit list --as east: %v", s.dbFlags, r)
		}

		// merge with --take after the ids, as the README writes it.
		again := addPerson(t, svc, bund, "Jürgen", "Mueller")
		out := s.ok("", "duplicates merge", strconv.FormatInt(s.eastID, 10), strconv.FormatInt(again, 10), "--take", "family_name")
		if want := fmt.Sprintf("contact %d merged into %d (Jürgen Mueller)\n", again, s.eastID); out != want {
			t.Errorf("duplicates merge … --take family_name: %q, want %q", out, want)
		}

		// A text that starts with a dash is an argument after --.
		if r := s.run("", "contact search", "--", "-mül"); r.code != 0 {
			t.Errorf("contact search -- -mül: %v", r)
		}
		// A Go-style flag with one dash is explained.
		if msg := s.fails(2, "unit list", "-archived"); !strings.Contains(msg, "flags take two dashes, --archived") {
			t.Errorf("unit list -archived: %q", msg)
		}
	})
}

// TestCLIHelpPerCommand: each command's help shows its own flags, the configuration flags apart, and none of
// its siblings' flags; help asked for is not an error and needs no database.
func TestCLIHelpPerCommand(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	cases := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"unit", "move", "--help"}, []string{"Usage: roster unit move UNIT --parent UNIT", "--parent", "--as", "roster unit move 1234 --parent 09184"},
			[]string{"--archived", "--email", "--take", "--password-stdin", "--status"}},
		{[]string{"unit", "list", "-h"}, []string{"--archived", "--as"}, []string{"--parent", "--name", "--code"}},
		{[]string{"user", "grant", "--help"}, []string{"--email", "--unit", "--role", "--expires", "RFC 3339"},
			[]string{"--password-stdin", "--language", "--parent"}},
		{[]string{"user", "add", "--help"}, []string{"--email", "--name", "--language", "--password-stdin"}, []string{"--role", "--expires", "--unit"}},
		{[]string{"duplicates", "merge", "--help"}, []string{"--take"}, []string{"--limit", "--unit"}},
		{[]string{"import", "--help"}, []string{"--on-match", "--map", "--dry-run", "list", "report", "undo", "recover"}, []string{"--json", "--limit"}},
		{[]string{"import", "report", "--help"}, []string{"--all", "--limit"}, []string{"--on-match", "--map", "--json"}},
		{[]string{"serve", "--help"}, []string{"--demo", "--migrate", "--listen", "ROSTER_LISTEN"}, []string{"--as", "--contacts"}},
		{[]string{"unit", "--help"}, []string{"add", "archive", "move", "postal-codes", "rename", "restore"}, []string{"--name", "--archived", "Configuration flags"}},
		{[]string{"version", "--help"}, nil, []string{"Configuration flags", "--data-dir"}},
	}
	for _, c := range cases {
		r := roster(t, env, "", c.args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("roster %v: %v", c.args, r)
			continue
		}
		own, config, _ := strings.Cut(r.stdout, "Configuration flags")
		for _, w := range c.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("roster %v does not show %q:\n%s", c.args, w, r.stdout)
			}
		}
		for _, n := range c.not {
			if strings.Contains(own, n) {
				t.Errorf("roster %v shows %q, which is not its own:\n%s", c.args, n, r.stdout)
			}
		}
		if strings.Contains(own, "--data-dir") || (config != "" && !strings.Contains(config, "--data-dir")) {
			t.Errorf("roster %v does not keep the configuration flags apart:\n%s", c.args, r.stdout)
		}
	}
	// roster help COMMAND shows what COMMAND --help shows; help flags may follow arguments.
	for _, args := range [][]string{{"unit", "move"}, {"import", "report"}, {"export-archive"}} {
		h := roster(t, env, "", append([]string{"help"}, args...)...)
		flag := roster(t, env, "", append(args, "--help")...)
		late := roster(t, env, "", append(args, "12", "--help")...)
		if h.code != 0 || h.stdout != flag.stdout || late.stdout != flag.stdout {
			t.Errorf("roster help %v:\n%v\n--- and with --help:\n%v\n--- and after an argument:\n%v", args, h, flag, late)
		}
	}
	if r := roster(t, env, "", "help", "unit", "explode"); r.code != 2 || !strings.Contains(r.stderr, `no help for "unit explode"`) {
		t.Errorf("help for an unknown command: %v", r)
	}
	if r := roster(t, env, "", "unit", "move", "1", "--parent"); r.code != 2 || !strings.Contains(r.stderr, "flag needs an argument: --parent") ||
		!strings.Contains(r.stderr, "Run 'roster unit move --help' for usage.") {
		t.Errorf("a flag without its value: %v", r)
	}
}

// TestCLICompletion: the completion scripts are generated, and what they ask the binary for names the
// commands, subcommands and flags.
func TestCLICompletion(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	for shell, want := range map[string]string{"bash": "complete -o default -F __start_roster roster", "zsh": "#compdef roster",
		"fish": "complete -c roster", "powershell": "Register-ArgumentCompleter"} {
		r := roster(t, env, "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, r.code, len(r.stdout), r.stderr)
		}
	}
	// The scripts call "roster __complete <words>" for the candidates of the word being typed.
	complete := func(words ...string) []string {
		r := roster(t, env, "", append([]string{"__complete"}, words...)...)
		if r.code != 0 {
			t.Fatalf("__complete %v: %v", words, r)
		}
		var names []string
		for _, l := range strings.Split(r.stdout, "\n") {
			if l != "" && !strings.HasPrefix(l, ":") {
				name, _, _ := strings.Cut(l, "\t")
				names = append(names, name)
			}
		}
		return names
	}
	check := func(words []string, want ...string) {
		got := complete(words...)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("completing %q: %v lacks %s", words, got, w)
			}
		}
	}
	check([]string{""}, "serve", "migrate", "demo", "unit", "user", "contact", "import", "duplicates", "enrich", "export",
		"export-archive", "import-archive", "version", "completion", "help")
	check([]string{"unit", ""}, "list", "add", "rename", "move", "archive", "restore", "postal-codes")
	check([]string{"import", ""}, "list", "report", "undo", "recover")
	check([]string{"unit", "move", "1234", "--p"}, "--parent")
	check([]string{"user", "grant", "--e"}, "--email", "--expires")
}
