package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/domain"
)

// exportArchive writes the unit archive of a unit's subtree to a ZIP file. The file appears only when the
// archive is complete: it is written under a temporary name and renamed at the end.
func (a *app) exportArchive() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "export-archive UNIT FILE.zip",
		Short:   "write a unit's subtree with everything in it to a ZIP archive",
		Example: "  roster export-archive --as anna@example.org 09162 muenchen.zip",
		Args:    nArgs(2, "export-archive takes a unit (code or id) and the ZIP file to write"),
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		return a.runExportArchive(c.Context(), *as, args[0], args[1])
	}
	return c
}

func (a *app) runExportArchive(ctx context.Context, as, ref, path string) error {
	io := a.io
	e, actor, err := a.openAs(ctx, as, openOptions{})
	if err != nil {
		return err
	}
	defer e.Close()
	unit, err := e.unitRef(ctx, actor, ref)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	start := time.Now()
	w := bufio.NewWriterSize(tmp, 1<<20)
	sum, err := e.svc.ExportArchive(ctx, actor, unit, w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "archived %s: %d contacts, %s; %s (%s) in %s\n", sum.RootUnit.Name, sum.Contacts,
		archiveCounts(sum), path, fileSize(info.Size()), time.Since(start).Round(time.Millisecond))
	return nil
}

// importArchive loads a unit archive below a parent unit, or as a new root unit for the operator.
func (a *app) importArchive() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:   "import-archive FILE.zip [--parent UNIT]",
		Short: "load a unit archive below a unit (--parent), with new ids",
		Long: "Load a unit archive below a unit (--parent), with new ids; without --parent the operator loads it as " +
			"a new root unit, which may be the first thing in a new installation.",
		Example: "  roster import-archive --parent 09 muenchen.zip\n  roster import-archive muenchen.zip",
		Args:    nArgs(1, "import-archive takes the ZIP file of a unit archive"),
	})
	as := asFlag(c)
	parent := c.Flags().String("parent", "", "the unit (code or id) to place the archive's unit below; default: a new root unit (system actor only)")
	c.RunE = func(c *cobra.Command, args []string) error {
		return a.runImportArchive(c.Context(), *as, *parent, args[0])
	}
	return c
}

func (a *app) runImportArchive(ctx context.Context, as, parent, path string) error {
	io := a.io
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	// Moving a unit to a new installation starts with loading its archive as a root unit.
	e, actor, err := a.openAs(ctx, as, openOptions{create: parent == "" && as == ""})
	if err != nil {
		return err
	}
	defer e.Close()
	var parentID int64
	if parent != "" {
		if parentID, err = e.unitRef(ctx, actor, parent); err != nil {
			return err
		}
	}
	start := time.Now()
	sum, err := e.svc.ImportArchive(ctx, actor, f, info.Size(), parentID)
	if err != nil {
		return fmt.Errorf("nothing was imported: %s", describe(err))
	}
	fmt.Fprintf(io.Stdout, "imported %s as unit %d: %d contacts, %s in %s\n", sum.RootUnit.Name, sum.RootUnit.ID,
		sum.Contacts, archiveCounts(sum), time.Since(start).Round(time.Millisecond))
	if len(sum.TypesCreated) > 0 {
		fmt.Fprintf(io.Stdout, "created membership types: %s\n", strings.Join(sum.TypesCreated, ", "))
	}
	if len(sum.TypesDiffering) > 0 {
		fmt.Fprintf(io.Stdout, "membership types kept with this Roster's settings, which differ from the archive's: %s\n",
			strings.Join(sum.TypesDiffering, ", "))
	}
	return nil
}

// archiveCounts names the larger files' row counts.
func archiveCounts(sum domain.ArchiveSummary) string {
	return fmt.Sprintf("%d units, %d memberships, %d notes, %d relationships, %d history entries",
		sum.Rows["units.csv"], sum.Rows["memberships.csv"], sum.Rows["notes.csv"], sum.Rows["relationships.csv"],
		sum.Rows["history.jsonl"])
}

func fileSize(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
