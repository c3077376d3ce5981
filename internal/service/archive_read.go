package service

import (
	"archive/zip"
	"context"
	"fmt"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// archiveChunk is how many rows of a file the import hands to the store at once.
const archiveChunk = 5000

// archiveSink receives the rows of an archive file by file, in chunks. A nil field drops that file's rows:
// the checking pass reads everything and keeps nothing but the index.
type archiveSink struct {
	units         func(context.Context, []domain.Unit) error
	postalCodes   func(context.Context, []domain.PostalMapping) error
	types         func(context.Context, []domain.MembershipType) error
	contacts      func(context.Context, []store.ArchiveContact) error
	emails        func(context.Context, []store.ArchiveEmail) error
	phones        func(context.Context, []store.ArchivePhone) error
	addresses     func(context.Context, []store.ArchiveAddress) error
	externalIDs   func(context.Context, []store.ArchiveFact) error
	tags          func(context.Context, []store.ArchiveFact) error
	attributes    func(context.Context, []store.ArchiveFact) error
	affiliations  func(context.Context, []store.ArchiveAffiliation) error
	memberships   func(context.Context, []store.ArchiveMembership) error
	notes         func(context.Context, []store.ArchiveNote) error
	relationships func(context.Context, []store.ArchiveRelationship) error
	history       func(context.Context, []store.ArchiveHistory) error
}

// archiveWriter is the sink of the loading pass: every chunk goes to the store, and the summary learns the new
// root unit and the membership types created.
func archiveWriter(l *store.ArchiveLoad, parent int64, sum *domain.ArchiveSummary) archiveSink {
	return archiveSink{
		units: func(ctx context.Context, units []domain.Unit) error {
			root, err := l.Units(ctx, units, parent)
			for _, u := range units {
				if u.ParentID == 0 {
					sum.RootUnit = domain.UnitRef{ID: root, Name: u.Name}
				}
			}
			return err
		},
		postalCodes: l.PostalCodes,
		types: func(ctx context.Context, types []domain.MembershipType) error {
			created, differing, err := l.MembershipTypes(ctx, types)
			sum.TypesCreated = append(sum.TypesCreated, created...)
			sum.TypesDiffering = append(sum.TypesDiffering, differing...)
			return err
		},
		contacts: l.Contacts, emails: l.Emails, phones: l.Phones, addresses: l.Addresses,
		externalIDs: l.ExternalIDs, tags: l.Tags, attributes: l.Attributes, affiliations: l.Affiliations,
		memberships: l.Memberships, notes: l.Notes, relationships: l.Relationships, history: l.History,
	}
}

// archiveRun is one reading of an archive.
type archiveRun struct {
	ctx      context.Context
	zr       *zip.Reader
	manifest map[string]int // rows per file as the manifest counts them
	probs    *archiveProblems
	rows     map[string]int // rows per file as read
	stopped  bool           // a file was missing or lacked columns: later files would only add noise
}

// openedArchive is an archive's ZIP with its manifest, checked for format and version.
type openedArchive struct {
	zr       *zip.Reader
	manifest domain.ArchiveManifest
}

// readArchive reads the archive's files in order into sink, checking every row against ix, and returns the
// rows per file. Problems with the data are collected in probs; the error is for failures of the sink.
func readArchive(ctx context.Context, ar openedArchive, ix *archiveIndex, probs *archiveProblems, sk archiveSink) (map[string]int, error) {
	r := &archiveRun{ctx: ctx, zr: ar.zr, manifest: map[string]int{}, probs: probs, rows: map[string]int{}}
	for _, f := range ar.manifest.Files {
		r.manifest[f.Name] = f.Rows
	}
	steps := []func() error{
		func() error { return readFile(r, "units.csv", ix.readUnit, sk.units) },
		func() error {
			if ix.root == 0 && !r.stopped {
				probs.add("units.csv", "no_root_unit", "")
				r.stopped = true
			}
			return nil
		},
		func() error { return readFile(r, "postal_codes.csv", ix.readPostalCode, sk.postalCodes) },
		func() error { return readFile(r, "membership_types.json", ix.readType, sk.types) },
		func() error { return readFile(r, "contacts.csv", ix.readContact, sk.contacts) },
		func() error { return readFile(r, "emails.csv", ix.readEmail, sk.emails) },
		func() error { return readFile(r, "phones.csv", ix.readPhone, sk.phones) },
		func() error { return readFile(r, "addresses.csv", ix.readAddress, sk.addresses) },
		func() error { return readFile(r, "external_ids.csv", ix.readExternalID, sk.externalIDs) },
		func() error { return readFile(r, "tags.csv", ix.readTag, sk.tags) },
		func() error { return readFile(r, "attributes.csv", ix.readAttribute, sk.attributes) },
		func() error { return readFile(r, "affiliations.csv", ix.readAffiliation, sk.affiliations) },
		func() error { return readFile(r, "memberships.csv", ix.readMembership, sk.memberships) },
		func() error { return readFile(r, "notes.csv", ix.readNote, sk.notes) },
		func() error { return readFile(r, "relationships.csv", ix.readRelationship, sk.relationships) },
		func() error { return readFile(r, "history.jsonl", ix.readHistory, sk.history) },
	}
	for _, step := range steps {
		if r.stopped {
			break
		}
		if err := step(); err != nil {
			return r.rows, err
		}
	}
	return r.rows, nil
}

// readFile reads one file of the archive, row by row through parse, and hands the good rows to flush in
// chunks. A nil flush only checks.
func readFile[T any](r *archiveRun, name string, parse func(*archiveTable) (T, bool), flush func(context.Context, []T) error) error {
	spec, ok := archiveSpec(name)
	if !ok {
		return fmt.Errorf("archive: no file %s in the format", name) // programming error
	}
	t := openArchiveTable(r.zr, spec, r.probs)
	if t == nil {
		r.stopped = true
		return nil
	}
	defer t.close()
	var chunk []T
	for t.next() {
		v, ok := parse(t)
		if !ok || flush == nil {
			continue
		}
		if chunk = append(chunk, v); len(chunk) == archiveChunk {
			if err := flush(r.ctx, chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if len(chunk) > 0 {
		if err := flush(r.ctx, chunk); err != nil {
			return err
		}
	}
	r.rows[name] = t.rows
	if want, ok := r.manifest[name]; !ok || want != t.rows {
		r.probs.add(name, "row_count_mismatch", fmt.Sprintf("manifest %d, file %d", want, t.rows))
	}
	return r.ctx.Err()
}

func archiveSpec(name string) (domain.ArchiveFile, bool) {
	for _, f := range domain.ArchiveFiles() {
		if f.Name == name {
			return f, true
		}
	}
	return domain.ArchiveFile{}, false
}
