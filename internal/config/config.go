// Package config reads Roster's configuration from command-line flags and ROSTER_* environment variables
// (flags win) and validates it before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"
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
}

// Env is how the configuration reads the environment (os.Getenv in production, a map in tests).
type Env func(string) string

func envOr(env Env, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// Register defines the shared flags on fs with defaults from the environment, and returns a function that
// validates the parsed result.
func Register(fs *flag.FlagSet, env Env) func() (*Config, error) {
	dataDir := fs.String("data-dir", envOr(env, "ROSTER_DATA_DIR", "roster-data"), "directory of the embedded SQLite database (env ROSTER_DATA_DIR)")
	dbURL := fs.String("database-url", env("ROSTER_DATABASE_URL"), "postgres://user:pass@host/db to use PostgreSQL instead of SQLite (env ROSTER_DATABASE_URL)")
	listen := fs.String("listen", envOr(env, "ROSTER_LISTEN", "127.0.0.1:8080"), "address to serve HTTP on (env ROSTER_LISTEN)")
	baseURL := fs.String("base-url", env("ROSTER_BASE_URL"), "public URL, e.g. https://roster.example.org (env ROSTER_BASE_URL)")
	level := fs.String("log-level", envOr(env, "ROSTER_LOG_LEVEL", "info"), "debug, info, warn or error (env ROSTER_LOG_LEVEL)")
	format := fs.String("log-format", envOr(env, "ROSTER_LOG_FORMAT", "text"), "text or json (env ROSTER_LOG_FORMAT)")
	tz := fs.String("timezone", envOr(env, "ROSTER_TIMEZONE", "Local"), "the organization's time zone, e.g. Europe/Berlin (env ROSTER_TIMEZONE)")
	return func() (*Config, error) {
		c := &Config{DataDir: *dataDir, DatabaseURL: strings.TrimSpace(*dbURL), Listen: *listen, BaseURL: *baseURL, LogFormat: *format}
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
		if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
			errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", *level))
		}
		if c.LogFormat != "text" && c.LogFormat != "json" {
			errs = append(errs, fmt.Errorf("log format %q: want text or json", c.LogFormat))
		}
		loc, err := time.LoadLocation(*tz)
		if err != nil {
			errs = append(errs, fmt.Errorf("time zone %q: %v", *tz, err))
		}
		c.TimeZone = loc
		return c, errors.Join(errs...)
	}
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
