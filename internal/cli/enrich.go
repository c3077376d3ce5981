package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
)

// runEnrich loads postal-code mappings, reassigns home units from addresses, or stores electoral districts.
func runEnrich(ctx context.Context, stdio IO, args []string) error {
	verb, fs, openEnv, as, err := subcommand(stdio, "enrich", args, "postal-codes units districts")
	if err != nil {
		return err
	}
	dry := fs.Bool("dry-run", false, "units, districts: report what would change; change nothing")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e, err := openEnv()
	if err != nil {
		return err
	}
	defer e.Close()
	a, err := e.actor(ctx, *as)
	if err != nil {
		return err
	}
	var res service.EnrichResult
	switch verb {
	case "postal-codes":
		if fs.NArg() != 1 {
			return usagef("postal-codes takes a CSV file with columns for the postal code, the unit's code and optionally the place")
		}
		return loadPostalCodes(ctx, stdio, e, a, fs.Arg(0))
	case "units":
		res, err = e.svc.ReassignHomeUnits(ctx, a, *dry)
	case "districts":
		res, err = e.svc.SetElectoralDistricts(ctx, a, *dry)
	}
	if err != nil {
		return err
	}
	what := "changed"
	if *dry {
		what = "would change"
	}
	fmt.Fprintf(stdio.Stdout, "%d contacts with a postal code checked, %d %s", res.Checked, res.Changed, what)
	if res.Ambiguous > 0 {
		fmt.Fprintf(stdio.Stdout, ", %d left alone (postal code of several units)", res.Ambiguous)
	}
	fmt.Fprintln(stdio.Stdout)
	tw := tabwriter.NewWriter(stdio.Stdout, 0, 4, 2, ' ', 0)
	for _, c := range res.Samples {
		fmt.Fprintf(tw, "%d\t%s\t%s\t→ %s\n", c.ContactID, c.Display, c.From, c.To)
	}
	return tw.Flush()
}

// loadPostalCodes reads postal code → unit code rows from a CSV or XLSX file and maps them, unit by unit.
func loadPostalCodes(ctx context.Context, stdio IO, e *env, a *access.Actor, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	r, err := importfile.Open(f, info.Size(), filepath.Base(path), importfile.Options{})
	if err != nil {
		return err
	}
	defer r.Close()
	col := func(names ...string) int {
		return slices.IndexFunc(r.Header(), func(h string) bool { return slices.Contains(names, strings.ToLower(strings.TrimSpace(h))) })
	}
	pc, unit, place := col("postal_code", "postal code", "plz", "postleitzahl", "zip", "zip code", "zipcode"),
		col("unit", "unit_code", "code", "ags", "fips", "kreis", "county_fips", "fips_code"), col("place", "ort", "city", "name")
	if pc < 0 || unit < 0 {
		return usagef("%s: want columns for the postal code (postal_code, plz, zip) and the unit code (unit_code, ags, fips); found %s",
			path, strings.Join(r.Header(), ", "))
	}
	byUnit := map[string][]domain.PostalMapping{}
	var order []string
	for {
		row, err := r.Next()
		var re *importfile.RowError
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.As(err, &re) {
			return err
		}
		if row == nil || strings.TrimSpace(row[pc]) == "" {
			continue
		}
		u := strings.TrimSpace(row[unit])
		m := domain.PostalMapping{PostalCode: strings.TrimSpace(row[pc])}
		if place >= 0 {
			m.Place = strings.TrimSpace(row[place])
		}
		if _, ok := byUnit[u]; !ok {
			order = append(order, u)
		}
		byUnit[u] = append(byUnit[u], m)
	}
	n, skipped := 0, 0
	for _, code := range order {
		id, err := unitRef(ctx, e, code)
		if err != nil {
			skipped += len(byUnit[code])
			fmt.Fprintf(stdio.Stderr, "unit %s: %s — %d postal codes skipped\n", code, describe(err), len(byUnit[code]))
			continue
		}
		if err := e.svc.AddPostalCodes(ctx, a, id, byUnit[code]); err != nil {
			return fmt.Errorf("unit %s: %w", code, err)
		}
		n += len(byUnit[code])
	}
	fmt.Fprintf(stdio.Stdout, "%d postal codes mapped to %d units, %d skipped\n", n, len(order), skipped)
	return nil
}
