package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"

	"github.com/roster-crm/roster/internal/store/storetest"
)

// The command lines in README.md and docs/*.md are what operators copy. These tests read them from the
// documents: every one must be a command line the program accepts, and those that are safe to run are run,
// in the order a reader would, against a test database.

// docExample is a roster command line in the documentation.
type docExample struct {
	where  string // file:line
	text   string // as written
	inline bool   // a `roster …` span in running text: it names a command and flags, not always a whole call
}

var (
	inlineRoster = regexp.MustCompile("`(roster [^`]*)`")
	optional     = regexp.MustCompile(`\[([^\]]*)\]`) // [--as EMAIL]
)

// docExamples reads the examples: lines of code blocks that start with "roster " (or "go run ./cmd/roster "),
// and inline code spans that do.
func docExamples(t *testing.T) []docExample {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var list []docExample
	for _, path := range append([]string{"../../README.md"}, files...) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(path, "../../")
		inCode := false
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			where := fmt.Sprintf("%s:%d", name, n)
			switch {
			case strings.HasPrefix(line, "```"):
				inCode = !inCode
			case inCode:
				line = strings.Replace(line, "go run ./cmd/roster ", "roster ", 1)
				if strings.HasPrefix(line, "roster ") {
					list = append(list, docExample{where: where, text: line})
				}
			default:
				for _, m := range inlineRoster.FindAllStringSubmatch(line, -1) {
					list = append(list, docExample{where: where, text: m[1], inline: true})
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return list
}

// placeholder gives an example value for a word that stands for what the reader fills in.
func placeholder(word string) (string, bool) {
	v, ok := map[string]string{"EMAIL": "anna@example.org", "UNIT": "09162", "FILE": "mitglieder.xlsx",
		"FILE.zip": "muenchen.zip", "N": "1000", "ID": "2"}[word]
	return v, ok
}

// words splits an example as the shell would: quotes, a "< file" redirection of standard input, a comment.
func words(line string) (args []string, stdin string) {
	var w strings.Builder
	inWord, quote, redirect := false, rune(0), false
	flush := func() {
		if inWord {
			if redirect {
				stdin, redirect = w.String(), false
			} else {
				args = append(args, w.String())
			}
		}
		w.Reset()
		inWord = false
	}
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			flush()
		case r == '#' && !inWord:
			flush()
			return args, stdin
		case r == '<' && !inWord:
			redirect = true
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	flush()
	return args, stdin
}

// callable returns the arguments of an example with its optional parts and placeholders filled in.
func (x docExample) callable() []string {
	args, _ := words(optional.ReplaceAllString(x.text, "$1"))
	for i, a := range args {
		if v, ok := placeholder(a); ok {
			args[i] = v
		}
	}
	return args[1:]
}

// check reads args as Main would and applies the checks that precede running: the command must exist, its
// flags must be its own and well-formed, and (unless only named in the text) its arguments must be right.
func check(args []string, whole bool) error {
	a := &app{io: IO{Env: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}}
	root := a.root()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	cmd, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	if err := cmd.ParseFlags(rest); errors.Is(err, pflag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if strings.Contains(cmd.Use, "<command>") && cmd.Flags().NArg() > 0 {
		return fmt.Errorf("%s has no subcommand %q", cmd.CommandPath(), cmd.Flags().Arg(0))
	}
	if !whole {
		return nil
	}
	return cmd.ValidateArgs(cmd.Flags().Args())
}

func TestDocExamplesAreAccepted(t *testing.T) {
	t.Parallel()
	list := docExamples(t)
	var texts []string
	for _, x := range list {
		texts = append(texts, x.text)
		if strings.Contains(x.text, "<") && x.inline {
			continue // a syntax summary such as `roster <command> --help`
		}
		if err := check(x.callable(), !x.inline); err != nil {
			t.Errorf("%s: %s: %v", x.where, x.text, err)
		}
	}
	// The reading itself must not quietly find nothing.
	for _, want := range []string{"roster unit move 1234 --parent 09184", "roster duplicates merge 1017 2044 --take family_name",
		"roster user grant --email chair@example.org --unit ROOT --role admin", "roster serve --demo",
		"roster import-archive [--as EMAIL] [--parent UNIT] FILE.zip", "roster enrich units [--dry-run]"} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("the examples read from the documents lack %q; found:\n%s", want, strings.Join(texts, "\n"))
		}
	}
}

// notRun are the examples that the run test leaves out, and why.
func notRun(args []string) string {
	switch {
	case args[0] == "serve":
		return "serve runs until stopped (TestCLIServe and TestCLIServeDemo start it)"
	case args[0] == "demo":
		return "the README's demo of a million contacts takes minutes; the run test makes a small demo"
	}
	return ""
}

// expectedFailure is the error of an example whose ids are illustrations the test database does not have.
func expectedFailure(text string) (string, bool) {
	if text == "roster unit move 1234 --parent 09184" {
		return `unit "1234": not found`, true // the demo has 417 units
	}
	return "", false
}

// TestDocExamplesRun runs the examples of each document in order, each document on a database of its own: the
// README's on a small German demo (what its quick start sets up), the others on an empty database, as the
// bootstrap in docs/operations.md starts.
func TestDocExamplesRun(t *testing.T) {
	t.Parallel()
	byFile := map[string][]docExample{}
	var files []string
	for _, x := range docExamples(t) {
		file, _, _ := strings.Cut(x.where, ":")
		if x.inline {
			continue
		}
		if !slices.Contains(files, file) {
			files = append(files, file)
		}
		byFile[file] = append(byFile[file], x)
	}
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		for _, file := range files {
			t.Run(file, func(t *testing.T) { runExamples(t, b, file, byFile[file]) })
		}
	})
}

// runnable is an example the run test runs: its arguments and whether it reads standard input.
type runnable struct {
	docExample
	args  []string
	stdin bool
}

func runExamples(t *testing.T, b storetest.Backend, file string, list []docExample) {
	var todo []runnable
	for _, x := range list {
		args, stdinFile := words(optional.ReplaceAllString(x.text, ""))
		args = args[1:]
		if slices.ContainsFunc(args, func(a string) bool { _, ok := placeholder(a); return ok }) {
			continue // checked by TestDocExamplesAreAccepted
		}
		if why := notRun(args); why != "" {
			t.Logf("%s: not run: %s", x.where, why)
			continue
		}
		todo = append(todo, runnable{x, args, stdinFile != "" || slices.Contains(args, "--password-stdin")})
	}
	if len(todo) == 0 {
		t.Skipf("no example of %s runs as written (they hold placeholders)", file)
	}
	dir := t.TempDir()
	dbFlags := []string{"--data-dir", filepath.Join(dir, "roster-data")}
	if b.Name != "sqlite" {
		dbFlags = []string{"--database-url", b.NewURL(t)}
	}
	writeExampleFiles(t, dir)
	env := map[string]string{"ROSTER_LOG_LEVEL": "warn"}
	run := func(args []string, stdin string) (int, string, string) {
		var out, errs strings.Builder
		code := Main(t.Context(), append(args, dbFlags...), IO{Env: func(k string) string { return env[k] },
			Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errs})
		return code, out.String(), errs.String()
	}
	if file == "README.md" {
		// The quick start's serve --demo, with enough contacts for the ids of the README's merge example.
		if code, _, errs := run([]string{"demo", "--country", "de", "--contacts", "2100", "--seed", "1"}, ""); code != 0 {
			t.Fatalf("demo: %s", errs)
		}
	}
	for _, x := range todo {
		for i, a := range x.args {
			if _, err := os.Stat(filepath.Join(dir, a)); err == nil || i > 0 && x.args[i-1] == "--out" {
				x.args[i] = filepath.Join(dir, a) // the example's files lie in (and its output goes to) the test's directory
			}
		}
		stdin := ""
		if x.stdin {
			stdin = examplePassword + "\n"
		}
		code, out, errs := run(x.args, stdin)
		if want, ok := expectedFailure(x.text); ok {
			if code != 1 || !strings.Contains(errs, want) {
				t.Errorf("%s: %s: want exit 1 with %q, got exit %d: %s", x.where, x.text, want, code, errs)
			}
			continue
		}
		if code != 0 {
			t.Errorf("%s: %s: exit %d\n%s%s", x.where, x.text, code, out, errs)
		}
	}
}

const examplePassword = "correct horse battery staple"

// writeExampleFiles writes the files the examples name: the password file and a member list of München.
func writeExampleFiles(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "pw.txt"), []byte(examplePassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"Nr.", "Vorname", "Nachname", "E-Mail", "PLZ"}, {"M-1", "Anton", "Huber", "anton@example.org", "80331"},
		{"M-2", "Berta", "Maier", "berta@example.org", "80469"}, {"M-3", "Cem", "Yilmaz", "", "80333"}}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "mitglieder.xlsx")); err != nil {
		t.Fatal(err)
	}
}
