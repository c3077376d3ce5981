package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// runExportArchive writes the unit archive of a unit's subtree to a ZIP file. The file appears only when the
// archive is complete: it is written under a temporary name and renamed at the end.
func runExportArchive(ctx context.Context, io IO, args []string) error {
	fs, cfg := flags("export-archive", io)
	as := fs.String("as", "", "export as this user (e-mail), within their scope; default: the system actor")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("export-archive takes a unit (code or id) and the ZIP file to write")
	}
	e, err := open(ctx, io, cfg, false)
	if err != nil {
		return err
	}
	defer e.Close()
	a, err := e.actor(ctx, *as)
	if err != nil {
		return err
	}
	unit, err := unitRef(ctx, e, fs.Arg(0))
	if err != nil {
		return err
	}
	path := fs.Arg(1)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	start := time.Now()
	w := bufio.NewWriterSize(tmp, 1<<20)
	sum, err := e.svc.ExportArchive(ctx, a, unit, w)
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

// runImportArchive loads a unit archive below a parent unit, or as a new root unit for the operator.
func runImportArchive(ctx context.Context, io IO, args []string) error {
	fs, cfg := flags("import-archive", io)
	as := fs.String("as", "", "import as this user (e-mail), within their scope; default: the system actor")
	parent := fs.String("parent", "", "the unit (code or id) to place the archive's unit below; default: a new root unit (system actor only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import-archive takes the ZIP file of a unit archive")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	e, err := open(ctx, io, cfg, false)
	if err != nil {
		return err
	}
	defer e.Close()
	a, err := e.actor(ctx, *as)
	if err != nil {
		return err
	}
	var parentID int64
	if *parent != "" {
		if parentID, err = unitRef(ctx, e, *parent); err != nil {
			return err
		}
	}
	start := time.Now()
	sum, err := e.svc.ImportArchive(ctx, a, f, info.Size(), parentID)
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
