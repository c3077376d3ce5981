package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// AccreditationOptions configure the accreditation export benchmark.
type AccreditationOptions struct {
	Members     int    // members in good standing in the exported unit; 0 means 10,000
	Runs        int    // timed exports per format; the median is reported; 0 means 5
	PostgresURL string // server for the PostgreSQL run; "" skips it
	SkipSQLite  bool
	Log         io.Writer // progress; nil for none
}

// AccreditationResult is what one database run measured: per format, the median time of an export of the
// whole unit, from the first query to the last byte, and the file size.
type AccreditationResult struct {
	Database string
	Members  int
	Rows     int
	Times    map[string]time.Duration
	Bytes    map[string]int64
}

// RunAccreditation times the accreditation list of a state with opt.Members members, spread over three
// counties, exported as CSV, XLSX and PDF by an officer scoped to the state, in process on each database.
func RunAccreditation(ctx context.Context, opt AccreditationOptions) ([]AccreditationResult, error) {
	if opt.Members == 0 {
		opt.Members = 10000
	}
	if opt.Runs == 0 {
		opt.Runs = 5
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	var results []AccreditationResult
	if !opt.SkipSQLite {
		dir, err := os.MkdirTemp("", "roster-bench-accreditation-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		r, err := accreditationOne(ctx, opt, "SQLite", "sqlite:"+filepath.Join(dir, "roster.db"))
		if err != nil {
			return results, fmt.Errorf("SQLite: %w", err)
		}
		results = append(results, r)
	}
	if opt.PostgresURL != "" {
		dbURL, drop, err := createDatabase(ctx, opt.PostgresURL)
		if err != nil {
			return results, err
		}
		defer drop()
		r, err := accreditationOne(ctx, opt, "PostgreSQL", dbURL)
		if err != nil {
			return results, fmt.Errorf("PostgreSQL: %w", err)
		}
		results = append(results, r)
	}
	return results, nil
}

func accreditationOne(ctx context.Context, opt AccreditationOptions, name, url string) (AccreditationResult, error) {
	res := AccreditationResult{Database: name, Members: opt.Members, Times: map[string]time.Duration{}, Bytes: map[string]int64{}}
	st, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		return res, err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx, 0); err != nil {
		return res, err
	}
	svc := service.New(st, service.Options{})
	fmt.Fprintf(opt.Log, "%s: %d members …\n", name, opt.Members)
	officer, unit, err := SeedAccreditation(ctx, svc, opt.Members)
	if err != nil {
		return res, err
	}
	for _, format := range service.AccreditationFormats() {
		var times []time.Duration
		for range opt.Runs {
			var w countingWriter
			start := time.Now()
			rows, err := svc.AccreditationList(ctx, officer, unit, service.AccreditationOptions{Format: format, Lang: "de"}, &w)
			if err != nil {
				return res, fmt.Errorf("%s export: %w", format, err)
			}
			times = append(times, time.Since(start))
			res.Rows, res.Bytes[format] = rows, w.n
		}
		slices.Sort(times)
		res.Times[format] = times[len(times)/2]
		fmt.Fprintf(opt.Log, "%s: %s %s\n", name, format, res.Times[format].Round(time.Millisecond))
	}
	return res, nil
}

// SeedAccreditation builds a state with three counties and n current members on a voting type, with names in
// the scripts of the demo, and returns an officer scoped to the state and the state's id.
func SeedAccreditation(ctx context.Context, svc *service.Service, n int) (*access.Actor, int64, error) {
	sys, err := svc.SystemActor(ctx, "benchmark")
	if err != nil {
		return nil, 0, err
	}
	unit := func(parent int64, name string) (int64, error) {
		in := domain.UnitInput{Name: &name}
		if parent != 0 {
			in.ParentID = &parent
		}
		u, err := svc.CreateUnit(ctx, sys, in)
		return u.ID, err
	}
	root, err := unit(0, "Bundesverband")
	if err != nil {
		return nil, 0, err
	}
	if sys, err = svc.SystemActor(ctx, "benchmark"); err != nil { // now its scope covers the new root
		return nil, 0, err
	}
	state, err := unit(root, "Landesverband Sachsen")
	if err != nil {
		return nil, 0, err
	}
	var counties []int64
	for _, c := range []string{"Kreis Görlitz", "Kreis Bautzen", "Stadtverband Leipzig"} {
		id, err := unit(state, c)
		if err != nil {
			return nil, 0, err
		}
		counties = append(counties, id)
	}
	voting := true
	typeName := "Mitglied"
	ty, err := svc.SaveMembershipType(ctx, sys, 0, domain.MembershipTypeInput{Name: &typeName, Voting: &voting})
	if err != nil {
		return nil, 0, err
	}
	given := []string{"Jürgen", "Zofia", "Γεώργιος", "Мария", "Anna", "Łukasz", "Björn", "Élodie", "Јелена", "Günther", "Mehmet", "Chloé"}
	family := []string{"Müller", "Łukasiewicz", "Παπαδόπουλος", "Смирнова", "Strauß", "Nowak", "Öztürk", "Weiß", "Петровић", "Schmidt", "Dvořák", "García"}
	today := svc.Today()
	start := domain.Date{Year: today.Year - 2, Month: 1, Day: 1}
	batch := make([]store.NewContact, n)
	for i := range batch {
		batch[i] = store.NewContact{
			Contact: domain.Contact{Kind: domain.KindPerson, HomeUnit: domain.UnitRef{ID: counties[i%len(counties)]},
				GivenName: given[i%len(given)], FamilyName: fmt.Sprintf("%s-%d", family[(i/len(given))%len(family)], i),
				MemberNumber: fmt.Sprintf("%07d", 1000000+i)},
			Memberships: []domain.Membership{{TypeID: ty.ID, StartDate: start, JoinMethod: "form"}},
		}
	}
	if _, err := svc.BulkAddContacts(ctx, sys, batch); err != nil {
		return nil, 0, err
	}
	email, name := "officer@bench.example.org", "State officer"
	u, err := svc.CreateUser(ctx, sys, domain.UserInput{Email: &email, Name: &name})
	if err != nil {
		return nil, 0, err
	}
	if _, err := svc.GrantRole(ctx, sys, domain.GrantInput{UserID: u.ID, UnitID: state, Role: access.Manager}); err != nil {
		return nil, 0, err
	}
	officer, err := svc.ActorFor(ctx, u.ID)
	return officer, state, err
}

// ReportAccreditation writes the accreditation benchmark as a Markdown table.
func ReportAccreditation(w io.Writer, results []AccreditationResult) {
	host, _ := hostDescription()
	fmt.Fprintf(w, "Measured %s on %s (%d CPUs, %s): the accreditation list of a unit with its members in good standing, "+
		"exported by an officer scoped to the unit, median of the runs, in process (no HTTP).\n\n",
		time.Now().Format("2006-01-02"), host, runtime.NumCPU(), runtime.Version())
	fmt.Fprintln(w, "| database | members | CSV | XLSX | PDF | CSV KB | XLSX KB | PDF KB |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %d | %d | %d |\n", r.Database, r.Rows,
			r.Times["csv"].Round(time.Millisecond), r.Times["xlsx"].Round(time.Millisecond), r.Times["pdf"].Round(time.Millisecond),
			r.Bytes["csv"]/1024, r.Bytes["xlsx"]/1024, r.Bytes["pdf"]/1024)
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
