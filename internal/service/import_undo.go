package service

import (
	"context"
	"fmt"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// UntouchedError lists the records of an import that changed after it, which keep it from being undone.
type UntouchedError struct{ Lines []int }

func (e *UntouchedError) Error() string {
	return fmt.Sprintf("%d records changed since the import", len(e.Lines))
}

// Unwrap makes the error an ErrConflict for callers that map domain errors.
func (e *UntouchedError) Unwrap() error { return domain.ErrConflict }

// ImportBatch returns one of the actor's import batches. A batch's report shows what its file held, so it is
// its importer's alone (and the operator's, through the CLI).
func (s *Service) ImportBatch(ctx context.Context, a *access.Actor, id int64) (domain.ImportBatch, error) {
	return s.st.Read().ImportBatch(ctx, id, batchOwner(a))
}

// ImportBatches lists the actor's recent imports.
func (s *Service) ImportBatches(ctx context.Context, a *access.Actor) ([]domain.ImportBatch, error) {
	return s.st.Read().ImportBatches(ctx, batchOwner(a), 100)
}

// ImportReport returns a page of a batch's report rows, optionally only some outcomes.
func (s *Service) ImportReport(ctx context.Context, a *access.Actor, id int64, outcomes []string, afterLine, limit int) ([]domain.ImportRow, error) {
	if _, err := s.ImportBatch(ctx, a, id); err != nil {
		return nil, err
	}
	return s.st.Read().ImportRows(ctx, id, outcomes, afterLine, min(max(limit, 1), 1000))
}

// batchOwner is the user whose batches the actor sees; 0 (everyone's) for the system actor.
func batchOwner(a *access.Actor) int64 { return a.UserID }

// UndoImport takes back a finished import: the contacts it created are deleted and those it updated get their
// earlier state back. It refuses, changing nothing, while any of them was changed since (the error lists the
// report lines).
func (s *Service) UndoImport(ctx context.Context, a *access.Actor, id int64) error {
	b, err := s.ImportBatch(ctx, a, id)
	if err != nil {
		return err
	}
	if b.Status != domain.ImportDone {
		return domain.Invalid("status", "not_undoable")
	}
	return s.st.Write(ctx, func(q *store.Q) error {
		if err := s.revertImport(ctx, q, id, a, false); err != nil {
			return err
		}
		if err := q.MarkImportUndone(ctx, id, a.UserID); err != nil {
			return err
		}
		return audit(ctx, q, a, "import.undo", "import_batch", id, 0, 0, map[string]domain.Change{
			"created": {Old: b.Created, New: 0}, "updated": {Old: b.Updated, New: 0},
		})
	})
}

// revertImport deletes what a batch created and restores what it updated. Without force it fails if any of
// those contacts moved past the version the import left, or out of the actor's write scope; with force
// (cleaning up after a failed run, as the system actor) such contacts are left as they are.
func (s *Service) revertImport(ctx context.Context, q *store.Q, id int64, a *access.Actor, force bool) error {
	writes, err := q.ImportWrites(ctx, id)
	if err != nil {
		return err
	}
	ids := make([]int64, len(writes))
	for i, w := range writes {
		ids[i] = w.ContactID
	}
	versions, err := q.ContactVersions(ctx, ids)
	if err != nil {
		return err
	}
	editable, err := q.IDsInScope(ctx, a.Scope, access.WriteContacts, ids)
	if err != nil {
		return err
	}
	var touched []int
	var created []int64
	var restore []store.ImportRowRecord
	for _, w := range writes {
		v, exists := versions[w.ContactID]
		switch {
		case !exists || v != w.Version || !editable.Has(w.ContactID):
			touched = append(touched, w.Line)
		case w.Outcome == domain.RowCreate:
			created = append(created, w.ContactID)
		default:
			restore = append(restore, w)
		}
	}
	if len(touched) > 0 && !force {
		return &UntouchedError{Lines: touched}
	}
	if err := q.DeleteContacts(ctx, editable.Only(created)); err != nil {
		return err
	}
	for _, w := range restore {
		if err := restoreContact(ctx, q, a, w); err != nil {
			return err
		}
	}
	return q.DeleteImportNotes(ctx, editable, id)
}

// restoreContact gives a contact the state it had before an import updated it.
func restoreContact(ctx context.Context, q *store.Q, a *access.Actor, w store.ImportRowRecord) error {
	sc, err := q.ContactInScope(ctx, a.Scope, access.WriteContacts, w.ContactID)
	if err != nil {
		return err
	}
	before := w.Before
	before.ID, before.Version = w.ContactID, w.Version
	if err := q.UpdateContact(ctx, sc, before, a.UserID); err != nil {
		return err
	}
	return q.ReplaceAttributes(ctx, sc, before.Attributes)
}
