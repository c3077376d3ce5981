package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// importUndoData is the undo page: what undoing the import does, and the records it keeps because someone
// changed them after the import.
type importUndoData struct {
	Batch domain.ImportBatch
	Plan  domain.ImportUndo
	Kept  []keptRow
}

// keptRow is one record undo keeps, as the pages list it.
type keptRow struct {
	domain.ImportKept
	Link    bool   // the contact exists and the actor may see it
	Because string // the reasons, in the page's language
}

// importUndoPage shows, before anything is undone, what undo would remove and restore, and lists the records it
// keeps as they are because they changed since the import, each with what changed.
func (u *UI) importUndoPage(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	var b domain.ImportBatch
	if err == nil {
		b, err = u.svc.ImportBatch(r.Context(), s.Actor, id)
	}
	var plan domain.ImportUndo
	if err == nil {
		plan, err = u.svc.ImportUndoPlan(r.Context(), s.Actor, id)
	}
	if errors.As(err, new(*domain.ValidationError)) { // undone already, or not an import that can be
		u.renderImportShow(w, r, s, http.StatusConflict, b, err)
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.import.undo_title", "name", b.Source)
	d := importUndoData{Batch: b, Plan: plan}
	if d.Kept, err = u.keptRows(r, s, v, plan.Kept); err != nil {
		u.fail(w, r, s, err)
		return
	}
	v.Data = d
	u.render(w, r, v, http.StatusOK, "import_undo")
}

// importUndo takes back a finished import and goes back to its page, which says what was removed, restored and
// kept.
func (u *UI) importUndo(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	res, err := u.svc.UndoImport(r.Context(), s.Actor, id)
	if err == nil {
		u.redirect(w, r, "/imports/"+itoa(id), flashCounts("import_undone", map[string]int{
			"removed": res.Removed, "restored": res.Restored, "kept": len(res.Kept)}))
		return
	}
	if !errors.As(err, new(*domain.ValidationError)) {
		u.fail(w, r, s, err)
		return
	}
	b, berr := u.svc.ImportBatch(r.Context(), s.Actor, id)
	if berr != nil {
		u.fail(w, r, s, berr)
		return
	}
	u.renderImportShow(w, r, s, http.StatusUnprocessableEntity, b, err)
}

// keptRows turns the records undo keeps into the rows the pages list, linking those the actor may see.
func (u *UI) keptRows(r *http.Request, s *session, v *view, kept []domain.ImportKept) ([]keptRow, error) {
	ids := make([]int64, len(kept))
	for i, k := range kept {
		ids[i] = k.ContactID
	}
	visible, err := u.svc.VisibleContacts(r.Context(), s.Actor, ids)
	if err != nil {
		return nil, err
	}
	out := make([]keptRow, len(kept))
	for i, k := range kept {
		out[i] = keptRow{ImportKept: k, Link: visible[k.ContactID], Because: keptBecause(v, k.Reasons)}
	}
	return out, nil
}

// keptBecause says in the page's language why a record was kept: "note added, tags changed".
func keptBecause(v *view, reasons []string) string {
	out := make([]string, len(reasons))
	for i, r := range reasons {
		out[i] = v.Enum("ui.import.kept", r)
	}
	return strings.Join(out, ", ")
}
