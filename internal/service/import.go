package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
)

// importSource yields the records of a file after its header row.
type importSource interface {
	Next() (record []string, line int, err error) // io.EOF after the last record
}

// ImportStart asks for the import of an uploaded file.
type ImportStart struct {
	UploadID  int64
	File      domain.ImportFile // how to read it, where detection was overridden
	Options   domain.ImportOptions
	DryRun    bool // report what would happen, write nothing but the report
	ChunkSize int  // records per transaction; 0 means 5,000
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
	src       importSource
	size      int
	worker    string // who holds the batch's lease
	progress  func(domain.ImportBatch)
	turn      *chunkTurns
	statsMu   sync.Mutex
	statsAt   int // created contacts at which to refresh planner statistics next
}

// StartImport checks an import's options against the file and queues it as a background job; the batch comes
// back queued. Each importer runs one import at a time: a second one would not see the first one's new
// contacts and create them twice, so it is refused while another is queued or running. The job reads each
// record, validates it, matches it against the contacts the actor can see, and creates, updates or skips it as
// the options say, in chunks of one transaction each (see RunImport).
func (s *Service) StartImport(ctx context.Context, a *access.Actor, req ImportStart) (domain.ImportBatch, error) {
	if !a.Scope.Has(access.WriteContacts) {
		return domain.ImportBatch{}, domain.ErrForbidden
	}
	opts, err := s.checkImportOptions(ctx, a, req.Options)
	if err != nil {
		return domain.ImportBatch{}, err
	}
	up, err := s.st.Read().Upload(ctx, req.UploadID, a.UserID)
	if err != nil {
		return domain.ImportBatch{}, err
	}
	rd, err := s.readUpload(ctx, up, req.File)
	if err != nil {
		return domain.ImportBatch{}, err
	}
	format, header := rd.Summary(), rd.Header()
	rd.Close()
	if !sameHeader(header, opts.Columns) {
		return domain.ImportBatch{}, domain.Invalid("columns", "mapping_other_file")
	}
	b := domain.ImportBatch{UserID: a.UserID, UserName: a.Label(), Source: truncate(up.Name, 200),
		Format: truncate(format, 200), Settings: opts, DryRun: req.DryRun, UploadID: up.ID, File: req.File,
		ChunkSize: req.ChunkSize, UnitID: importUnit(a, opts)}
	if b.ChunkSize <= 0 {
		b.ChunkSize = 5000
	}
	err = s.st.Write(ctx, func(q *store.Q) error {
		if running, err := q.ActiveImportOf(ctx, a.UserID); err != nil || running != 0 {
			return errors.Join(err, importRunning(running))
		}
		if err := q.CreateImportBatch(ctx, &b); err != nil {
			if errors.Is(err, store.ErrUnique) { // another import started at the same moment
				return importRunning(0)
			}
			return err
		}
		if err := q.KeepUpload(ctx, up.ID, uploadTTL); err != nil {
			return err
		}
		if s.jobs == nil {
			return nil
		}
		job, err := s.jobs.QueueImport(ctx, q, b.ID)
		b.JobID = job
		return errors.Join(err, q.SetImportJob(ctx, b.ID, job))
	})
	return b, err
}

// importRunning is the error of a second import while one is queued or running.
func importRunning(id int64) error {
	var p domain.Problems
	p.AddParam("upload", "import_running", id)
	return p.Err()
}

// sameHeader reports whether a file's header is the one the columns were mapped from.
func sameHeader(header []string, cols []domain.ImportColumn) bool {
	if len(header) != len(cols) {
		return false
	}
	for i, h := range header {
		if h != cols[i].Header {
			return false
		}
	}
	return true
}

// importUnit is the unit whose admins see an import among their jobs: the import's default unit, or the unit
// of the importer's first write grant.
func importUnit(a *access.Actor, opts domain.ImportOptions) int64 {
	if opts.UnitID != 0 {
		return opts.UnitID
	}
	if roots := a.Scope.Roots(access.WriteContacts); len(roots) > 0 && !a.IsSystem() {
		return roots[0]
	}
	return 0
}

// checkImportOptions validates an import's options for the actor and fills in defaults.
func (s *Service) checkImportOptions(ctx context.Context, a *access.Actor, opts domain.ImportOptions) (domain.ImportOptions, error) {
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
		return opts, err
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
	if mapping.Index(importfile.MembershipType) >= 0 && mapping.Index(importfile.MembershipStart) < 0 {
		p.Add("columns", "membership_start_column_required") // the types would go nowhere
	}
	if opts.Country != "" && !reCountry.MatchString(opts.Country) {
		p.Add("country", "invalid_country")
	}
	opts.Tags = normalizeTags(&p, opts.Tags)
	if opts.Rules != nil {
		if err := opts.Rules.Validate(); err != nil {
			return opts, prefixFields(err, "rules.")
		}
	}
	r := s.st.Read()
	list, err := r.MembershipTypes(ctx)
	if err != nil {
		return opts, err
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
		if i := slices.IndexFunc(list, func(t domain.MembershipType) bool { return t.ID == opts.MembershipType }); i < 0 || !list[i].Active {
			p.Add("membership_type", "unknown_type")
		}
	}
	if opts.UnitID != 0 {
		if ok, err := r.IsUnder(ctx, opts.UnitID, a.Scope.Roots(access.WriteContacts)); err != nil {
			return opts, err
		} else if !ok {
			p.Add("unit_id", "unit_out_of_scope")
		}
	}
	return opts, p.Err()
}

// loadImportRun loads what every row of a batch needs: units, postal codes, membership types, and the
// duplicate index of the actor's scope without the contacts in skip (those a resumed run created itself).
func (s *Service) loadImportRun(ctx context.Context, a *access.Actor, b *domain.ImportBatch, skip []int64) (*importRun, error) {
	opts, err := s.checkImportOptions(ctx, a, b.Settings)
	if err != nil {
		return nil, err
	}
	rules := domain.DefaultDedupeRules()
	if opts.Rules != nil {
		rules = *opts.Rules
	}
	r := s.st.Read()
	list, err := r.MembershipTypes(ctx)
	if err != nil {
		return nil, err
	}
	types, typeNames := map[int64]domain.MembershipType{}, map[string]int64{}
	for _, t := range list {
		types[t.ID] = t
		if t.Active {
			typeNames[domain.Fold(t.Name)] = t.ID
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
	run := &importRun{s: s, a: a, opts: opts, mapping: mappingOf(opts.Columns), rules: rules, units: map[string]int64{},
		writable: map[int64]bool{}, types: types, typeNames: typeNames, countries: countryNames(), today: s.Today(),
		claimed: map[int64]int{}, size: b.ChunkSize, batch: b, statsAt: 2000}
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
	if opts.UnitID != 0 && !run.writable[opts.UnitID] { // archived since the import was queued
		return nil, domain.Invalid("unit_id", "unit_out_of_scope")
	}
	if run.postal, err = r.PostalCodesUnder(ctx, mustRoots(ctx, r)); err != nil {
		return nil, err
	}
	if run.match, err = s.newMatcher(ctx, a.Scope, rules, skip); err != nil {
		return nil, err
	}
	run.chunk = store.ImportChunk{Actor: a.UserID, Scope: a.Scope}
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
	row := domain.ImportRow{Line: line, Display: recordDisplay(c)}
	invalid := func(err error) error {
		row.Outcome, row.Problems = domain.RowInvalid, problemsOf(err)
		run.report(store.ImportRowRecord{ImportRow: row, Cells: rec})
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
		run.report(store.ImportRowRecord{ImportRow: row, Cells: rec})
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
		run.matched = append(run.matched, matchedRow{row, r, rec})
		return nil
	}
	run.match.add(int64(-line), probe)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	run.chunk.Creates = append(run.chunk.Creates, store.NewContact{Contact: *c, Memberships: ms, Notes: r.notes,
		Attributes: r.attrs})
	created := store.CreateRow(row, len(run.chunk.Creates)-1)
	created.Cells = rec // kept in case the chunk finds its member number or external id taken
	run.report(created)
	return nil
}

// recordDisplay is a record's name as its report row shows it before the record is checked: what a person
// would recognize it by.
func recordDisplay(c *domain.Contact) string {
	return truncate(strings.Join(strings.Fields(c.HonorificPrefix+" "+c.GivenName+" "+c.FamilyName+" "+c.OrgName), " "), 200)
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
