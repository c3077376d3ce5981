// Package config reads Roster's configuration from command-line flags and ROSTER_* environment variables
// (flags win) and validates it before anything starts.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/roster-crm/roster/internal/mail"
)

// Config is the configuration shared by the commands.
type Config struct {
	DataDir     string // where the SQLite database lives
	DatabaseURL string // postgres://… to use PostgreSQL; empty for SQLite in DataDir
	Listen      string // address to serve on
	BaseURL     string // public URL, for links and to decide on secure cookies
	LogLevel    slog.Level
	LogFormat   string // text or json
	TimeZone    *time.Location
	SMTPURL     string // smtp://user:password@host:587; empty: mail goes to the log
	MailFrom    string
	SecretKey   string // base64 of 32 bytes; empty: a key file in the data directory

	MetricsListen string // address of a separate listener that serves only /metrics; empty: none
	MetricsToken  string // bearer token for /metrics on the main listener; empty: not served there

	// WorkerTimeout is how long a server that runs an import may stay silent before another server takes the
	// import over and resumes it. Every server of an installation should use the same value.
	WorkerTimeout time.Duration
}

// Env is how the configuration reads the environment (os.Getenv in production, a map in tests).
type Env func(string) string

func envOr(env Env, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// setting is one shared flag; its environment variable is ROSTER_ and the flag's name in capitals.
type setting struct{ flag, def, usage string }

// settings are the shared flags, in the order help shows them. Defaults hold no secrets: help prints them.
func settings() []setting {
	return []setting{
		{"data-dir", "roster-data", "directory of the embedded SQLite database"},
		{"database-url", "", "postgres://user:pass@host/db to use PostgreSQL instead of SQLite"},
		{"listen", "127.0.0.1:8080", "address to serve HTTP on"},
		{"base-url", "", "public URL, e.g. https://roster.example.org (default http://<listen>)"},
		{"log-level", "info", "debug, info, warn or error"},
		{"log-format", "text", "text or json"},
		{"timezone", "Local", "the organization's time zone, e.g. Europe/Berlin"},
		{"smtp-url", "", "SMTP server for invitations and password resets, smtp://user:password@host:587"},
		{"mail-from", "Roster <roster@localhost>", "sender of Roster's e-mail"},
		{"secret-key", "", "base64 of 32 random bytes that encrypt second-factor secrets (default <data-dir>/secret.key, created on first use)"},
		{"metrics-listen", "", "address of a separate listener for Prometheus metrics at /metrics, e.g. 127.0.0.1:9090"},
		{"metrics-token", "", "serve Prometheus metrics at /metrics on the main listener to requests with this bearer token, at least 32 characters"},
		{"worker-timeout", "45s", "how long a server running an import may be silent before another takes the import over"},
	}
}

// EnvName is the environment variable of a flag: ROSTER_DATA_DIR for --data-dir.
func EnvName(flag string) string {
	return "ROSTER_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// Register defines the shared flags on fs, and returns a function that reads each from its flag when the flag
// was given, else from its environment variable, else the default (flags win), and validates the result.
func Register(fs *pflag.FlagSet, env Env) func() (*Config, error) {
	for _, s := range settings() {
		fs.String(s.flag, s.def, s.usage+" (env "+EnvName(s.flag)+")")
	}
	value := func(name string) string {
		f := fs.Lookup(name)
		if f.Changed {
			return f.Value.String()
		}
		return envOr(env, EnvName(name), f.DefValue)
	}
	return func() (*Config, error) {
		dataDir, dbURL, listen, baseURL := value("data-dir"), value("database-url"), value("listen"), value("base-url")
		level, format, tz, smtpURL := value("log-level"), value("log-format"), value("timezone"), value("smtp-url")
		from, key, metricsListen, metricsToken := value("mail-from"), value("secret-key"), value("metrics-listen"), value("metrics-token")
		workerTimeout := value("worker-timeout")
		c := &Config{DataDir: dataDir, DatabaseURL: strings.TrimSpace(dbURL), Listen: listen, BaseURL: baseURL, LogFormat: format,
			SMTPURL: strings.TrimSpace(smtpURL), MailFrom: from, SecretKey: strings.TrimSpace(key),
			MetricsListen: strings.TrimSpace(metricsListen), MetricsToken: metricsToken}
		var errs []error
		if c.DatabaseURL != "" {
			u, err := url.Parse(c.DatabaseURL)
			if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
				errs = append(errs, fmt.Errorf("database URL: want postgres://user:password@host:port/database, got %q", redact(c.DatabaseURL)))
			}
		} else if c.DataDir == "" {
			errs = append(errs, errors.New("data directory: must not be empty"))
		}
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			errs = append(errs, fmt.Errorf("listen address %q: want host:port, e.g. 127.0.0.1:8080", c.Listen))
		}
		if c.BaseURL == "" {
			c.BaseURL = "http://" + c.Listen
		} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base URL %q: want http(s)://host[:port]", c.BaseURL))
		}
		if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
			errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", level))
		}
		if c.LogFormat != "text" && c.LogFormat != "json" {
			errs = append(errs, fmt.Errorf("log format %q: want text or json", c.LogFormat))
		}
		if c.SMTPURL != "" {
			if _, err := mail.New(c.SMTPURL, c.MailFrom); err != nil {
				errs = append(errs, err)
			}
		}
		if c.SecretKey != "" {
			if k, err := base64.StdEncoding.DecodeString(c.SecretKey); err != nil || len(k) != 32 {
				errs = append(errs, errors.New("secret key: want the base64 encoding of 32 bytes (e.g. openssl rand -base64 32)"))
			}
		}
		errs = append(errs, c.checkMetrics()...)
		if d, err := time.ParseDuration(workerTimeout); err != nil || d < 3*time.Second || d > time.Hour {
			errs = append(errs, fmt.Errorf("worker timeout %q: want a duration from 3s to 1h, e.g. 45s", workerTimeout))
		} else {
			c.WorkerTimeout = d
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			errs = append(errs, fmt.Errorf("time zone %q: %v", tz, err))
		}
		c.TimeZone = loc
		return c, errors.Join(errs...)
	}
}

// minMetricsToken is the shortest metrics token accepted: the token guards an endpoint on the public listener,
// so it must not be guessable (openssl rand -hex 16 gives 32 characters).
const minMetricsToken = 32

// checkMetrics validates the metrics listener and token.
func (c *Config) checkMetrics() []error {
	var errs []error
	if c.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(c.MetricsListen); err != nil {
			errs = append(errs, fmt.Errorf("metrics listen address %q: want host:port, e.g. 127.0.0.1:9090", c.MetricsListen))
		} else if c.MetricsListen == c.Listen {
			errs = append(errs, fmt.Errorf("metrics listen address %q: must differ from the listen address", c.MetricsListen))
		}
	}
	if t := c.MetricsToken; t != "" && (len(t) < minMetricsToken || strings.ContainsFunc(t, func(r rune) bool { return r <= ' ' || r > '~' })) {
		errs = append(errs, fmt.Errorf("metrics token: want at least %d printable ASCII characters without spaces (e.g. openssl rand -hex 16)", minMetricsToken))
	}
	return errs
}

// StoreURL is what store.Open takes: the PostgreSQL URL, or the SQLite file in the data directory.
func (c *Config) StoreURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.DataDir, "roster.db")
}

// Secure reports whether Roster is served over HTTPS.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Logger builds the logger the configuration asks for, writing to w.
func (c *Config) Logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Key returns the secret key: from the configuration, or from <data-dir>/secret.key, which is created with
// a random key (mode 0600) when missing. Several servers on one PostgreSQL database must share
// ROSTER_SECRET_KEY.
func (c *Config) Key() ([]byte, error) {
	if key, err := c.ExistingKey(); key != nil || err != nil {
		return key, err
	}
	path := filepath.Join(c.DataDir, "secret.key")
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer f.Close()
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	return key, err
}

// ExistingKey returns the secret key like Key, but never creates the key file: nil when there is none. Commands
// other than the server use it, so that they leave no key file in a data directory they do not otherwise use.
func (c *Config) ExistingKey() ([]byte, error) {
	if c.SecretKey != "" {
		return base64.StdEncoding.DecodeString(c.SecretKey)
	}
	b, err := os.ReadFile(filepath.Join(c.DataDir, "secret.key"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
}

// Mailer returns the SMTP mailer, or nil when no SMTP server is configured.
func (c *Config) Mailer() *mail.SMTP {
	if c.SMTPURL == "" {
		return nil
	}
	m, _ := mail.New(c.SMTPURL, c.MailFrom) // validated when the configuration was read
	return m
}
