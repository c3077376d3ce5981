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

	"github.com/spf13/cobra"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
)

func (a *app) enrich() *cobra.Command {
	return group("enrich", "map postal codes from a file; reassign home units from addresses; store electoral districts",
		a.enrichPostalCodes(), a.enrichContacts("units"), a.enrichContacts("districts"))
}

func (a *app) enrichPostalCodes() *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "postal-codes FILE",
		Short:   "map postal codes to units from a CSV or XLSX file (postal code, unit code, optionally the place)",
		Example: "  roster enrich postal-codes plz-kreise.csv",
		Args: nArgs(1, "postal-codes takes a CSV file with columns for the postal code, the unit's code and "+
			"optionally the place"),
	})
	as := asFlag(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		e, actor, err := a.openAs(c.Context(), *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		return loadPostalCodes(c.Context(), a.io, e, actor, args[0])
	}
	return c
}

// enrichContacts reassigns home units from postal codes (units) or stores electoral districts (districts).
func (a *app) enrichContacts(verb string) *cobra.Command {
	c := withDatabase(&cobra.Command{
		Use:     "units",
		Short:   "give each contact the unit its primary postal code maps to",
		Example: "  roster enrich units --dry-run",
		Args:    noArgs,
	})
	if verb == "districts" {
		c.Use, c.Short, c.Example = "districts", "store the Bundestag constituency of each German address", "  roster enrich districts"
	}
	as := asFlag(c)
	dry := c.Flags().Bool("dry-run", false, "report what would change; change nothing")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		e, actor, err := a.openAs(ctx, *as, openOptions{})
		if err != nil {
			return err
		}
		defer e.Close()
		var res service.EnrichResult
		if verb == "units" {
			res, err = e.svc.ReassignHomeUnits(ctx, actor, *dry)
		} else {
			res, err = e.svc.SetElectoralDistricts(ctx, actor, *dry)
		}
		if err != nil {
			return err
		}
		return printEnrichment(a.io.Stdout, res, *dry)
	}
	return c
}

func printEnrichment(w io.Writer, res service.EnrichResult, dry bool) error {
	what := "changed"
	if dry {
		what = "would change"
	}
	fmt.Fprintf(w, "%d contacts with a postal code checked, %d %s", res.Checked, res.Changed, what)
	if res.Ambiguous > 0 {
		fmt.Fprintf(w, ", %d left alone (postal code of several units)", res.Ambiguous)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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
		id, err := e.unitRef(ctx, a, code)
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
