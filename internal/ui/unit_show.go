package ui

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

type unitShowData struct {
	Unit        domain.Unit
	Path        []pathStep // ancestors, root first
	Children    []domain.Unit
	PostalCodes []domain.PostalMapping
	Access      []domain.Grant
	ShowAccess  bool
	CanManage   bool // rename, move, archive: admins of a unit above
	CanAddBelow bool // add units and postal codes: admins of this unit or above
	CanExport   bool // the accreditation list may be downloaded
	Count       domain.UnitCount
	Counted     bool     // false until the unit's first count
	Parents     []option // where the unit may move
	Form        unitForm
	Codes       string
	Place       string
}

// pathStep is an ancestor in a unit page's breadcrumbs. Units above the user's scope are shown by name
// (unit names are structure), but not linked: their pages are not found for the user.
type pathStep struct {
	ID   int64
	Name string
	Link bool
}

// pathSteps turns the ancestors of a unit, root first, into breadcrumbs for the actor.
func pathSteps(a *access.Actor, path []domain.Unit) []pathStep {
	out := make([]pathStep, len(path))
	for i, x := range path {
		out[i] = pathStep{ID: x.ID, Name: x.Name, Link: a.Scope.Covers(access.ReadContacts, x.ID, unitIDs(path[:i]))}
	}
	return out
}

func (u *UI) unitShow(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderUnit(w, r, s, id, http.StatusOK, nil, nil)
}

// renderUnit shows a unit page; after a failed form, edit holds what was entered and err its problems.
func (u *UI) renderUnit(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, edit func(*unitShowData), err error) {
	d, lerr := u.loadUnit(r.Context(), s, id)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	if edit != nil {
		edit(&d)
	}
	v := u.newView(r, s, "ui.unit.page_title", "name", d.Unit.Name)
	v.Data = d
	if err != nil && !v.setProblems(err, unitField) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "unit_show")
}

// unitField keeps the edit form's fields and gathers postal-code problems at the codes box.
func unitField(f string) string {
	switch {
	case f == "name" || f == "kind" || f == "code" || f == "parent_id":
		return f
	case strings.HasPrefix(f, "postal_codes."):
		return "postal_codes"
	}
	return ""
}

func (u *UI) loadUnit(ctx context.Context, s *session, id int64) (unitShowData, error) {
	var d unitShowData
	path, err := u.svc.UnitPath(ctx, s.Actor, id)
	if err != nil {
		return d, err
	}
	d.Unit = path[len(path)-1]
	anc := unitIDs(path[:len(path)-1])
	d.Path = pathSteps(s.Actor, path[:len(path)-1])
	d.CanExport = s.Actor.Scope.Covers(access.ExportContacts, id, anc)
	d.CanManage = s.Actor.Scope.CoversStrictlyBelow(access.ManageUnits, anc)
	d.CanAddBelow = s.Actor.Scope.Covers(access.ManageUnits, id, anc)
	d.ShowAccess = s.Actor.Scope.Covers(access.ManageUsers, id, anc)
	d.Form = unitForm{ParentID: itoa(d.Unit.ParentID), Name: d.Unit.Name, Kind: d.Unit.Kind, Code: d.Unit.Code}
	units, err := u.svc.Units(ctx, s.Actor, true)
	if err != nil {
		return d, err
	}
	for _, x := range units {
		if x.ParentID == id {
			d.Children = append(d.Children, x)
		}
	}
	if d.Count, d.Counted, err = u.svc.UnitCount(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.PostalCodes, err = u.svc.UnitPostalCodes(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.ShowAccess {
		if d.Access, err = u.svc.UnitAccess(ctx, s.Actor, id); err != nil {
			return d, err
		}
	}
	if d.CanManage {
		d.Parents = moveTargets(units, s.Actor.Scope.Roots(access.ManageUnits), id)
	}
	return d, nil
}

// moveTargets lists the live units a unit may move below: in the admin's scope and not in its own subtree.
func moveTargets(units []domain.Unit, roots []int64, id int64) []option {
	live := slices.DeleteFunc(slices.Clone(units), func(x domain.Unit) bool { return x.ArchivedAt != nil })
	own := underRoots(live, []int64{id})
	return pathOptions(underRoots(live, roots), func(id int64) bool {
		return slices.ContainsFunc(own, func(x domain.Unit) bool { return x.ID == id })
	})
}

func (u *UI) unitUpdate(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	f := readUnitForm(r.PostForm)
	var p domain.Problems
	in := f.input(&p)
	err := p.Err()
	if err == nil {
		_, err = u.svc.UpdateUnit(r.Context(), s.Actor, id, in)
	}
	u.unitFormDone(w, r, s, id, "unit_saved", err, func(d *unitShowData) { d.Form = f })
}

// unitFormDone redirects to the unit page after a successful form, shows it again with the problems of a
// validation error, or an error page.
func (u *UI) unitFormDone(w http.ResponseWriter, r *http.Request, s *session, id int64, flash string, err error, edit func(*unitShowData)) {
	switch {
	case err == nil:
		u.redirect(w, r, "/units/"+itoa(id), flash)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderUnit(w, r, s, id, http.StatusUnprocessableEntity, edit, err)
	default:
		u.fail(w, r, s, err)
	}
}

func (u *UI) unitArchive(w http.ResponseWriter, r *http.Request, s *session) {
	u.unitArchiveOrRestore(w, r, s, false, "unit_archived")
}

func (u *UI) unitRestore(w http.ResponseWriter, r *http.Request, s *session) {
	u.unitArchiveOrRestore(w, r, s, true, "unit_restored")
}

func (u *UI) unitArchiveOrRestore(w http.ResponseWriter, r *http.Request, s *session, restore bool, flash string) {
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = u.svc.ArchiveUnit(r.Context(), s.Actor, id, restore)
	}
	u.unitFormDone(w, r, s, id, flash, err, nil)
}

// unitAddPostalCodes maps postal codes, entered separated by commas, spaces or lines, to the unit.
func (u *UI) unitAddPostalCodes(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	codes, place := r.PostForm.Get("postal_codes"), strings.TrimSpace(r.PostForm.Get("place"))
	var ms []domain.PostalMapping
	for _, c := range strings.FieldsFunc(codes, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		ms = append(ms, domain.PostalMapping{PostalCode: c, Place: place})
	}
	var err error
	if len(ms) == 0 {
		err = domain.Invalid("postal_codes.0.postal_code", "required")
	} else {
		err = u.svc.AddPostalCodes(r.Context(), s.Actor, id, ms)
	}
	u.unitFormDone(w, r, s, id, "postal_codes_added", err, func(d *unitShowData) { d.Codes, d.Place = codes, place })
}
