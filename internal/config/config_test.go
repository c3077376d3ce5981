package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
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
