package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/store"
)

func (a *app) migrate() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "migrate",
		Short: "apply database migrations (--status to show the schema version)",
		Long: "Bring the database schema up to this Roster's version, or create a new database. Back up the " +
			"database first.",
		Example: "  roster migrate --status\n  roster migrate",
		Args:    noArgs,
	})
	statusOnly := c.Flags().Bool("status", false, "only print the schema version")
	to := c.Flags().Int("to", 0, "migrate up to this version (default: the latest)")
	c.RunE = func(c *cobra.Command, _ []string) error { return a.runMigrate(c.Context(), *statusOnly, *to) }
	return c
}

func (a *app) runMigrate(ctx context.Context, statusOnly bool, to int) error {
	cfg, err := a.configuration()
	if err != nil {
		return err
	}
	if where, missing := missingSQLite(cfg); missing && statusOnly {
		// Asking is no reason to create the database.
		latest, err := store.LatestSchemaVersion()
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Stdout, "sqlite:%s: no database yet, schema version 0 of %d\n", where, latest)
		return nil
	}
	st, err := store.Open(ctx, cfg.StoreURL(), store.Options{ReadConns: 1})
	if err != nil {
		return err
	}
	defer st.Close()
	status, err := st.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.io.Stdout, "%s: schema version %d of %d\n", st, status.Current, status.Latest)
	if statusOnly || status.UpToDate() {
		return nil
	}
	applied, err := st.Migrate(ctx, to)
	for _, v := range applied {
		fmt.Fprintf(a.io.Stdout, "applied migration %d\n", v)
	}
	return err
}
