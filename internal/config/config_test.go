package config

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	done := Register(fs, func(k string) string { return env[k] })
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return done()
}

// TestMetricsSettings: a mistyped metrics address or a guessable token stops start-up with a message naming
// it, instead of serving metrics nowhere or to anyone.
func TestMetricsSettings(t *testing.T) {
	token := strings.Repeat("x", 32)
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string // "" for valid
	}{
		{nil, nil, ""},
		{map[string]string{"ROSTER_METRICS_LISTEN": "127.0.0.1:9090", "ROSTER_METRICS_TOKEN": token}, nil, ""},
		{nil, []string{"--metrics-listen", "127.0.0.1:9090"}, ""},
		{nil, []string{"--metrics-listen", "9090"}, "metrics listen address"},
		{nil, []string{"--metrics-listen", "127.0.0.1:8080"}, "must differ from the listen address"},
		{map[string]string{"ROSTER_METRICS_TOKEN": "secret"}, nil, "metrics token"},
		{nil, []string{"--metrics-token", strings.Repeat("x", 31) + " "}, "metrics token"},
		{map[string]string{"ROSTER_METRICS_TOKEN": "short"}, []string{"--metrics-token", token}, ""}, // the flag wins
	} {
		c, err := parse(t, tc.env, tc.args...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v %v: %v", tc.env, tc.args, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v %v: error %v, want one about %q", tc.env, tc.args, err, tc.want)
		case tc.want == "" && c.MetricsToken != "" && c.MetricsToken != token:
			t.Errorf("%v %v: token %q", tc.env, tc.args, c.MetricsToken)
		}
	}
}

// TestFlagsWinOverEnvironment: a flag given on the command line wins; a flag not given takes its ROSTER_*
// variable, else its default; help shows the defaults, never a value from the environment, which may hold a
// password.
func TestFlagsWinOverEnvironment(t *testing.T) {
	env := map[string]string{"ROSTER_DATA_DIR": "/srv/roster", "ROSTER_LISTEN": "0.0.0.0:9000",
		"ROSTER_DATABASE_URL": "postgres://roster:hunter2@db.example.org/roster"}
	c, err := parse(t, env, "--listen", "127.0.0.1:7000", "--database-url", "")
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/roster" || c.Listen != "127.0.0.1:7000" || c.DatabaseURL != "" || c.LogFormat != "text" {
		t.Errorf("data dir %q, listen %q, database URL %q, log format %q", c.DataDir, c.Listen, c.DatabaseURL, c.LogFormat)
	}
	if c, err = parse(t, env); err != nil || c.DatabaseURL != env["ROSTER_DATABASE_URL"] {
		t.Errorf("database URL from the environment: %q %v", c.DatabaseURL, err)
	}
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	Register(fs, func(k string) string { return env[k] })
	help := fs.FlagUsages()
	if strings.Contains(help, "hunter2") || strings.Contains(help, "/srv/roster") || !strings.Contains(help, `(default "roster-data")`) ||
		!strings.Contains(help, "(env ROSTER_DATABASE_URL)") {
		t.Errorf("help:\n%s", help)
	}
}
