package service

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/ziplimit"
)

// ImportArchive loads a unit archive (as ExportArchive writes it) below a parent unit the actor manages, or,
// with parent 0 and the system actor, as a new root. Every record gets a new id; references between the
// archive's files are kept, membership types are matched by name and created when missing, and the history
// keeps its original times, actors and changes.
//
// The archive is read twice. The first pass checks every row and what must be free in this Roster — unit
// codes, member numbers, external ids — and writes nothing; problems come back as one validation error
// naming file, line and column, or listing the taken keys. The second pass loads everything in one
// transaction, audited as one entry.
func (s *Service) ImportArchive(ctx context.Context, a *access.Actor, r io.ReaderAt, size int64, parentUnitID int64) (domain.ArchiveSummary, error) {
	var sum domain.ArchiveSummary
	if err := s.checkArchiveParent(ctx, a, parentUnitID); err != nil {
		return sum, err
	}
	zr, err := openArchiveZip(r, size)
	if err != nil {
		return sum, err
	}
	m, err := readArchiveManifest(zr)
	if err != nil {
		return sum, err
	}
	ar := openedArchive{zr: zr, manifest: m}
	ix, probs := newArchiveIndex(), &archiveProblems{}
	if _, err := readArchive(ctx, ar, ix, probs, archiveSink{}); err != nil {
		return sum, err
	}
	if err := probs.err(); err != nil {
		return sum, err
	}
	if err := s.checkArchiveTarget(ctx, a, ix); err != nil {
		return sum, err
	}
	err = s.st.LoadArchive(ctx, func(l *store.ArchiveLoad) error {
		return s.loadArchive(ctx, a, l, ar, parentUnitID, &sum)
	})
	if errors.Is(err, store.ErrUnique) {
		// Another writer took a code or key between the check and the load; nothing was written.
		return domain.ArchiveSummary{}, domain.Invalid("archive", "taken_meanwhile")
	}
	if err != nil {
		return domain.ArchiveSummary{}, err
	}
	return sum, nil
}

// loadArchive is the second pass: it reads the checked archive again into the loader and records the import.
func (s *Service) loadArchive(ctx context.Context, a *access.Actor, l *store.ArchiveLoad, ar openedArchive, parent int64, sum *domain.ArchiveSummary) error {
	probs, ix := &archiveProblems{}, newArchiveIndex()
	rows, err := readArchive(ctx, ar, ix, probs, archiveWriter(l, parent, sum))
	if err != nil {
		return err
	}
	if err := probs.err(); err != nil {
		return err // the archive changed since the first pass
	}
	if err := l.AdvanceMemberNumbers(ctx); err != nil {
		return err
	}
	sum.Rows, sum.Contacts = rows, l.ContactCount()
	m := ar.manifest
	return audit(ctx, l.Q(), a, "unit.archive_import", "unit", sum.RootUnit.ID, 0, sum.RootUnit.ID, map[string]domain.Change{
		"contacts": {New: sum.Contacts}, "units": {New: rows["units.csv"]}, "history": {New: rows["history.jsonl"]},
		"source": {New: fmt.Sprintf("%s, exported %s by %s from Roster %s", strings.Join(m.RootUnit.Path, " › "),
			m.CreatedAt.Format("2006-01-02 15:04 MST"), m.CreatedBy, m.RosterVersion)},
		"types_created": {New: sum.TypesCreated}})
}

// checkArchiveParent checks where the archive goes: below a unit in which the actor may add units and
// contacts, or at the top for the system actor.
func (s *Service) checkArchiveParent(ctx context.Context, a *access.Actor, parent int64) error {
	if parent == 0 {
		if !a.IsSystem() {
			return domain.Invalid("parent", "required")
		}
		return nil
	}
	q := s.st.Read()
	u, err := q.Unit(ctx, parent)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invalid("parent", "unknown_unit")
	} else if err != nil {
		return err
	}
	if u.ArchivedAt != nil {
		return domain.Invalid("parent", "archived_unit")
	}
	for _, c := range []access.Capability{access.ManageUnits, access.WriteContacts} {
		ok, err := q.IsUnder(ctx, parent, a.Scope.Roots(c))
		if err != nil {
			return err
		}
		if !ok {
			return domain.Invalid("parent", "unit_out_of_scope")
		}
	}
	return nil
}

func readArchiveManifest(zr *zip.Reader) (domain.ArchiveManifest, error) {
	var m domain.ArchiveManifest
	zf, ok := ziplimit.Find(zr, "manifest.json")
	if !ok {
		return m, domain.Invalid("manifest.json", "missing_file")
	}
	f, err := ziplimit.OpenMember(zf, archiveMaxManifest)
	if err == nil {
		defer f.Close()
		err = json.NewDecoder(f).Decode(&m)
	}
	if err != nil {
		code, param := readProblem(err)
		if code == "unreadable" {
			code, param = "invalid_json", ""
		}
		return m, &domain.ValidationError{Fields: []domain.FieldError{{Field: "manifest.json", Code: code, Param: param}}}
	}
	if m.Format != domain.ArchiveFormat {
		return m, domain.Invalid("manifest.json", "not_a_roster_archive")
	}
	if m.Version < 1 || m.Version > domain.ArchiveVersion {
		return m, &domain.ValidationError{Fields: []domain.FieldError{{Field: "manifest.json", Code: "unsupported_version",
			Param: strconv.Itoa(m.Version)}}}
	}
	return m, nil
}

// checkArchiveTarget checks what the archive needs of this Roster: its unit codes, member numbers and
// external ids must be free, and a membership type it lacks may be created only by an admin of the whole
// tree (types are organization-wide).
func (s *Service) checkArchiveTarget(ctx context.Context, a *access.Actor, ix *archiveIndex) error {
	q := s.st.Read()
	var p domain.Problems
	var codes []string
	for _, code := range ix.codes {
		if _, err := q.UnitByCode(ctx, code); err == nil {
			codes = append(codes, code)
		} else if !errors.Is(err, domain.ErrNotFound) {
			return err
		}
	}
	if len(codes) > 0 {
		p.AddParam("units.csv", "code_taken", listOf(codes))
	}
	have, err := q.MembershipTypes(ctx)
	if err != nil {
		return err
	}
	var missing []string
	for name := range ix.types {
		if !slices.ContainsFunc(have, func(t domain.MembershipType) bool { return t.Name == name }) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		whole, err := s.wholeTree(ctx, q, a, access.ManageUnits)
		if err != nil {
			return err
		}
		if !whole {
			p.AddParam("membership_types.json", "type_missing", listOf(missing))
		}
	}
	members, externals, err := q.TakenKeys(ctx, ix.members, ix.externals)
	if err != nil {
		return err
	}
	if len(members) > 0 {
		var l []string
		for m := range members {
			l = append(l, m)
		}
		p.AddParam("contacts.csv", "member_number_taken", listOf(l))
	}
	if len(externals) > 0 {
		var l []string
		for x := range externals {
			l = append(l, x.System+":"+x.Value)
		}
		p.AddParam("external_ids.csv", "external_id_taken", listOf(l))
	}
	return p.Err()
}

// listOf names values for a message: sorted, the first 20, and how many more.
func listOf(values []string) string {
	slices.Sort(values)
	if len(values) > 20 {
		return strings.Join(values[:20], ", ") + fmt.Sprintf(" … and %d more", len(values)-20)
	}
	return strings.Join(values, ", ")
}
