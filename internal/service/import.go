package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
)

// ImportSource yields the records of a file after its header row.
type ImportSource interface {
	Next() (record []string, line int, err error) // io.EOF after the last record
}

// ImportRequest is one import of one file.
type ImportRequest struct {
	Source, Format string // the file name and a description of what was detected, for the report
	Options        domain.ImportOptions
	DryRun         bool // report what would happen, write nothing but the report
	ChunkSize      int  // records per transaction; 0 means 5,000
	// Progress, when set, is called after every chunk with the batch's counts so far.
	Progress func(domain.ImportBatch)
	// Started, when set, is called with the batch's id once the batch exists, before the first row is read:
	// a caller running the import in the background can point to it at once.
	Started func(id int64)
}

// importRun is the state of one running import.
type importRun struct {
	s         *Service
	a         *access.Actor
	opts      domain.ImportOptions
	mapping   importfile.Mapping
	rules     domain.DedupeRules
	batch     *domain.ImportBatch
	match     *matcher
	units     map[string]int64 // unit code and folded name → id, every unit
	writable  map[int64]bool   // active units where the actor may create contacts
	postal    map[string][]int64
	types     map[int64]domain.MembershipType
	typeNames map[string]int64  // folded name → id of the active types
	countries map[string]string // folded country name → ISO code
	today     domain.Date
	claimed   map[int64]int // existing contact → line of the row that matched it
	chunk     store.ImportChunk
	matched   []matchedRow // records of the chunk that update stored contacts, merged at flush
	src       ImportSource
	size      int
}

// Import reads every record of src, validates it, matches it against the contacts the actor can see, and
// creates, updates or skips it as the options say, in chunks of one transaction each. Every record gets a
// line in the batch's report. Records whose home unit lies outside the actor's write scope are reported as
// out of scope and never written. If the import stops on an error, what it wrote is rolled back; invalid
// records do not stop it. The batch appears in the audit trail as one entry.
func (s *Service) Import(ctx context.Context, a *access.Actor, src ImportSource, req ImportRequest) (domain.ImportBatch, error) {
	if !a.Scope.Has(access.WriteContacts) {
		return domain.ImportBatch{}, domain.ErrForbidden
	}
	run, err := s.prepareImport(ctx, a, req)
	if err != nil {
		return domain.ImportBatch{}, err
	}
	b := run.batch
	if err := s.st.Write(ctx, func(q *store.Q) error { return q.CreateImportBatch(ctx, b) }); err != nil {
		return *b, err
	}
	if req.Started != nil {
		req.Started(b.ID)
	}
	err = run.all(ctx, src, req.Progress)
	if err != nil {
		// Take back what landed, then record the failure; the context may be gone, the cleanup must not be.
		cctx := context.WithoutCancel(ctx)
		if rerr := s.rollbackImport(cctx, b.ID, a); rerr != nil {
			err = errors.Join(err, fmt.Errorf("roll back: %w", rerr))
		}
		_ = s.st.Write(cctx, func(q *store.Q) error {
			return q.FinishImportBatch(cctx, b, domain.ImportFailed, truncate(err.Error(), 500))
		})
		return *b, err
	}
	status := domain.ImportDone
	if b.DryRun {
		status = domain.ImportDryRun
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		if err := q.FinishImportBatch(ctx, b, status, ""); err != nil {
			return err
		}
		if b.DryRun {
			return nil
		}
		return audit(ctx, q, a, "import.run", "import_batch", b.ID, 0, 0, map[string]domain.Change{
			"source": {New: b.Source}, "created": {New: b.Created}, "updated": {New: b.Updated},
			"skipped": {New: b.Skipped}, "invalid": {New: b.Invalid}, "out_of_scope": {New: b.OutOfScope},
		})
	})
	return *b, err
}

// prepareImport checks the options and loads what every row needs: units, postal codes, membership types,
// and the duplicate index of the actor's scope.
func (s *Service) prepareImport(ctx context.Context, a *access.Actor, req ImportRequest) (*importRun, error) {
	opts := req.Options
	var p domain.Problems
	if opts.OnMatch == "" {
		opts.OnMatch = domain.OnMatchSkip
	}
	if !slices.Contains(domain.OnMatchChoices(), opts.OnMatch) {
		p.Add("on_match", "invalid_choice")
	}
	mapping := mappingOf(opts.Columns)
	header := make([]string, len(opts.Columns))
	for i, c := range opts.Columns {
		header[i] = c.Header
	}
	if err := mapping.Validate(header); err != nil {
		return nil, err
	}
	names := 0
	for _, f := range []importfile.Field{importfile.GivenName, importfile.FamilyName, importfile.FullName, importfile.OrganizationName} {
		if mapping.Index(f) >= 0 {
			names++
		}
	}
	if names == 0 {
		p.Add("columns", "name_column_required")
	}
	if opts.Country != "" && !reCountry.MatchString(opts.Country) {
		p.Add("country", "invalid_country")
	}
	opts.Tags = normalizeTags(&p, opts.Tags)
	rules := domain.DefaultDedupeRules()
	if opts.Rules != nil {
		if err := opts.Rules.Validate(); err != nil {
			return nil, prefixFields(err, "rules.")
		}
		rules = *opts.Rules
	}
	r := s.st.Read()
	types := map[int64]domain.MembershipType{}
	list, err := r.MembershipTypes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		types[t.ID] = t
	}
	typeNames := map[string]int64{}
	for _, t := range list {
		if t.Active {
			typeNames[domain.Fold(t.Name)] = t.ID
		}
	}
	if mapping.Index(importfile.MembershipStart) >= 0 && mapping.Index(importfile.MembershipType) < 0 {
		if opts.MembershipType == 0 { // the organization's one voting membership, if it has exactly one
			var voting []int64
			for _, t := range list {
				if t.Active && t.Voting {
					voting = append(voting, t.ID)
				}
			}
			if len(voting) == 1 {
				opts.MembershipType = voting[0]
			}
		}
		if t, ok := types[opts.MembershipType]; !ok || !t.Active {
			p.Add("membership_type", "unknown_type")
		}
	}
	all, err := r.UnitsUnder(ctx, mustRoots(ctx, r), false)
	if err != nil {
		return nil, err
	}
	writableList, err := r.UnitsUnder(ctx, a.Scope.Roots(access.WriteContacts), false)
	if err != nil {
		return nil, err
	}
	run := &importRun{s: s, a: a, opts: opts, mapping: mapping, rules: rules, units: map[string]int64{},
		writable: map[int64]bool{}, types: types, typeNames: typeNames, countries: countryNames(), today: s.Today(), claimed: map[int64]int{},
		size: req.ChunkSize}
	if run.size <= 0 {
		run.size = 5000
	}
	for _, u := range all {
		run.units[domain.Fold(u.Name)] = u.ID
	}
	for _, u := range all { // codes win over names
		if u.Code != "" {
			run.units[domain.Fold(u.Code)] = u.ID
		}
	}
	for _, u := range writableList {
		run.writable[u.ID] = true
	}
	if opts.UnitID != 0 && !run.writable[opts.UnitID] {
		p.Add("unit_id", "unit_out_of_scope")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if run.postal, err = r.PostalCodesUnder(ctx, mustRoots(ctx, r)); err != nil {
		return nil, err
	}
	if run.match, err = s.newMatcher(ctx, a.Scope, rules); err != nil {
		return nil, err
	}
	run.batch = &domain.ImportBatch{UserID: a.UserID, UserName: a.Label(), Source: truncate(req.Source, 200),
		Format: truncate(req.Format, 200), Settings: opts, DryRun: req.DryRun}
	run.chunk = store.ImportChunk{Actor: a.UserID}
	return run, nil
}

// mustRoots returns the roots of the whole unit tree; errors surface in the query that uses them.
func mustRoots(ctx context.Context, r *store.Q) []int64 {
	roots, _ := r.RootUnits(ctx)
	return roots
}

// row handles one record.
func (run *importRun) row(ctx context.Context, rec []string, line int) error {
	r := readRecord(run.mapping, rec, &run.opts, run.countryCode)
	c := &r.c
	row := domain.ImportRow{Line: line, Display: truncate(strings.TrimSpace(c.GivenName+" "+c.FamilyName+" "+c.OrgName), 200)}
	invalid := func(err error) error {
		row.Outcome, row.Problems = domain.RowInvalid, problemsOf(err)
		run.report(store.ImportRowRecord{ImportRow: row})
		return nil
	}
	if err := r.problems.Err(); err != nil {
		return invalid(err)
	}
	home, outcome := run.homeUnit(r)
	switch outcome {
	case domain.RowOutOfScope:
		row.Outcome = domain.RowOutOfScope
		row.Problems = []domain.FieldError{{Field: "home_unit", Code: "unit_out_of_scope"}}
		run.report(store.ImportRowRecord{ImportRow: row})
		return nil
	case domain.RowInvalid:
		return invalid(domain.Invalid("home_unit", "no_unit"))
	}
	c.HomeUnit = domain.UnitRef{ID: home}
	display, err := normalizeContact(c, "", run.today)
	if err != nil {
		return invalid(err)
	}
	c.DeriveNames(display)
	row.Display = truncate(c.DisplayName, 200)
	var ms []domain.Membership
	m, err := run.membershipFor(r)
	if err != nil {
		return invalid(err)
	}
	if m != nil {
		ms = append(ms, *m)
	}
	probe := probeOf(c)
	id, score := run.match.best(probe)
	row.Score = score
	if id < 0 { // an earlier record of this file
		row.Outcome = domain.RowSkip
		row.Problems = []domain.FieldError{{Field: "row", Code: "duplicate_in_file", Param: fmt.Sprint(-id)}}
		run.report(store.ImportRowRecord{ImportRow: row})
		return nil
	}
	if id > 0 && run.opts.OnMatch != domain.OnMatchCreate {
		row.ContactID = id
		if first, ok := run.claimed[id]; ok {
			row.Outcome = domain.RowSkip
			row.Problems = []domain.FieldError{{Field: "row", Code: "duplicate_in_file", Param: fmt.Sprint(first)}}
			run.report(store.ImportRowRecord{ImportRow: row})
			return nil
		}
		run.claimed[id] = line
		if run.opts.OnMatch == domain.OnMatchSkip {
			row.Outcome = domain.RowSkip
			run.report(store.ImportRowRecord{ImportRow: row})
			return nil
		}
		run.matched = append(run.matched, matchedRow{row, r})
		return nil
	}
	run.match.add(int64(-line), probe)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	run.chunk.Creates = append(run.chunk.Creates, store.NewContact{Contact: *c, Memberships: ms, Notes: r.notes,
		Attributes: r.attrs})
	run.report(store.CreateRow(row, len(run.chunk.Creates)-1))
	return nil
}

// homeUnit decides a record's home unit: the unit column when there is one, else the units its postal code
// maps to in the whole tree (a code mapped only outside the actor's scope puts the record out of scope), else
// the import's default unit.
func (run *importRun) homeUnit(r *importRecord) (int64, string) {
	if r.unit != "" {
		id, ok := run.units[domain.Fold(r.unit)]
		switch {
		case !ok:
			return 0, domain.RowInvalid
		case !run.writable[id]:
			return 0, domain.RowOutOfScope
		}
		return id, ""
	}
	for _, a := range r.c.Addresses {
		code := a.PostalCode
		if len(code) == 10 && code[5] == '-' { // ZIP+4: the tables map five-digit ZIP codes
			code = code[:5]
		}
		units := run.postal[code]
		for _, u := range units {
			if run.writable[u] {
				return u, ""
			}
		}
		if len(units) > 0 {
			return 0, domain.RowOutOfScope
		}
	}
	if run.opts.UnitID != 0 {
		return run.opts.UnitID, ""
	}
	return 0, domain.RowInvalid
}
