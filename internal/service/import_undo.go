package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

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

// ImportUndoPlan tells what undoing a finished import would do now, and changes nothing: how many of its new
// contacts would be removed, how many updated ones would get their earlier data back, and which records stay as
// they are because someone changed them, or what hangs off them, after the import (see UndoImport).
func (s *Service) ImportUndoPlan(ctx context.Context, a *access.Actor, id int64) (domain.ImportUndo, error) {
	var plan domain.ImportUndo
	err := s.st.Write(ctx, func(q *store.Q) error { // the scoped reads of a write, without writing
		b, err := undoableBatch(ctx, q, a, id)
		if err != nil {
			return err
		}
		p, err := planUndo(ctx, q, b, a)
		plan = p.result
		return err
	})
	return plan, err
}

// UndoImport takes back a finished import: the contacts it created are deleted and those it updated get their
// earlier state back, with the notes it added removed. A record that anyone changed after the import — its
// fields, a note, a tag, a membership, a relationship, a named fact, an affiliation — is left as it is, with
// everything the import gave it, and listed in the result with the reasons; so is one no longer in the actor's
// write scope. The batch keeps the result.
func (s *Service) UndoImport(ctx context.Context, a *access.Actor, id int64) (domain.ImportUndo, error) {
	var res domain.ImportUndo
	err := s.st.Write(ctx, func(q *store.Q) error {
		b, err := undoableBatch(ctx, q, a, id)
		if err != nil {
			return err
		}
		if res, err = s.revertImport(ctx, q, b, a); err != nil {
			return err
		}
		if err := q.ImportUndone(ctx, id, a.UserID, res); err != nil {
			return err
		}
		return audit(ctx, q, a, "import.undo", "import_batch", id, 0, 0, map[string]domain.Change{
			"removed": {New: res.Removed}, "restored": {New: res.Restored}, "kept": {New: len(res.Kept)},
		})
	})
	return res, err
}

// undoableBatch reads one of the actor's batches in q's transaction and checks that it may be undone.
func undoableBatch(ctx context.Context, q *store.Q, a *access.Actor, id int64) (domain.ImportBatch, error) {
	b, err := q.ImportBatch(ctx, id, batchOwner(a))
	if err == nil && (b.Status != domain.ImportDone || b.DryRun) {
		err = domain.Invalid("status", "not_undoable")
	}
	return b, err
}

// undoPlan is what an undo does: the result it reports, the created contacts it deletes and the updated ones
// it restores (both in the actor's write scope, checked in the transaction).
type undoPlan struct {
	result   domain.ImportUndo
	editable *store.ScopedIDs
	remove   []int64
	restore  []store.ImportRowRecord
}

// planUndo sorts what a batch wrote into contacts to delete, to restore, and to keep (see UndoImport).
func planUndo(ctx context.Context, q *store.Q, b domain.ImportBatch, a *access.Actor) (undoPlan, error) {
	p := undoPlan{result: domain.ImportUndo{Kept: []domain.ImportKept{}}}
	writes, err := q.ImportWrites(ctx, b.ID)
	if err != nil {
		return p, err
	}
	ids := make([]int64, len(writes))
	for i, w := range writes {
		ids[i] = w.ContactID
	}
	versions, err := q.ContactVersions(ctx, ids)
	if err != nil {
		return p, err
	}
	if p.editable, err = q.IDsInScope(ctx, a.Scope, access.WriteContacts, ids); err != nil {
		return p, err
	}
	touched, err := q.ImportTouched(ctx, b.ID, b.StartedAt, writes)
	if err != nil {
		return p, err
	}
	for _, w := range writes {
		reasons := touched[w.ContactID]
		v, exists := versions[w.ContactID]
		switch {
		case !exists:
			reasons = []string{domain.KeptGone}
		case v != w.Version && len(reasons) == 0: // changed, but nothing recorded says how
			reasons = []string{domain.KeptEdited}
		}
		if exists && !p.editable.Has(w.ContactID) {
			reasons = append(reasons, domain.KeptOutOfReach)
		}
		switch {
		case len(reasons) > 0:
			p.result.Kept = append(p.result.Kept, domain.ImportKept{Line: w.Line, Outcome: w.Outcome,
				ContactID: w.ContactID, Display: w.Display, Reasons: reasons})
		case w.Outcome == domain.RowCreate:
			p.remove = append(p.remove, w.ContactID)
		default:
			p.restore = append(p.restore, w)
		}
	}
	p.result.Removed, p.result.Restored = len(p.remove), len(p.restore)
	return p, nil
}

// revertImport deletes what a batch created and restores what it updated, except what changed since (see
// UndoImport), and returns what it did. It also cleans up after a failed or stopped run, as the system actor.
func (s *Service) revertImport(ctx context.Context, q *store.Q, b domain.ImportBatch, a *access.Actor) (domain.ImportUndo, error) {
	p, err := planUndo(ctx, q, b, a)
	if err != nil {
		return p.result, err
	}
	if err := q.DeleteContacts(ctx, p.editable.Only(p.remove)); err != nil {
		return p.result, err
	}
	restored := make([]int64, len(p.restore))
	for i, w := range p.restore {
		if err := restoreContact(ctx, q, a, w); err != nil {
			return p.result, err
		}
		restored[i] = w.ContactID
	}
	return p.result, q.DeleteImportNotes(ctx, p.editable.Only(restored), b.ID)
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
