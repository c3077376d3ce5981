package cli

import (
	"context"
	"fmt"

	"github.com/roster-crm/roster/internal/store"
)

func runMigrate(ctx context.Context, io IO, args []string) error {
	fs, parse := flags("migrate", io)
	statusOnly := fs.Bool("status", false, "only print the schema version")
	to := fs.Int("to", 0, "migrate up to this version (default: the latest)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := parse()
	if err != nil {
		return usagef("configuration: %v", err)
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
	fmt.Fprintf(io.Stdout, "%s: schema version %d of %d\n", st, status.Current, status.Latest)
	if *statusOnly || status.UpToDate() {
		return nil
	}
	applied, err := st.Migrate(ctx, *to)
	for _, v := range applied {
		fmt.Fprintf(io.Stdout, "applied migration %d\n", v)
	}
	return err
}
