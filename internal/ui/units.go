package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// unitForm is a unit's editable fields as entered.
type unitForm struct {
	ParentID, Name, Kind, Code string
}

func readUnitForm(f url.Values) unitForm {
	return unitForm{ParentID: strings.TrimSpace(f.Get("parent_id")), Name: f.Get("name"), Kind: f.Get("kind"), Code: f.Get("code")}
}

// input turns the form into a service request; the parent only when one was chosen.
func (f unitForm) input(p *domain.Problems) domain.UnitInput {
	in := domain.UnitInput{Name: &f.Name, Kind: &f.Kind, Code: &f.Code}
	if id := formID(p, "parent_id", f.ParentID); id != 0 {
		in.ParentID = &id
	}
	return in
}

type unitListData struct {
	Units     []nestedUnit
	AsOf      time.Time // when the counts were made; zero when never
	Archived  bool
	CanCreate bool
}

// unitList shows the tree of the actor's units, open down to the units below their own level, with the
// counts in columns.
func (u *UI) unitList(w http.ResponseWriter, r *http.Request, s *session) {
	d := unitListData{Archived: r.URL.Query().Get("archived") == "1", CanCreate: s.Actor.Scope.Has(access.ManageUnits)}
	units, err := u.svc.Units(r.Context(), s.Actor, d.Archived)
	var counts map[int64]domain.UnitCount
	if err == nil {
		counts, err = u.svc.UnitCounts(r.Context(), s.Actor)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	counted, asOf := withCounts(treeOrder(units), counts)
	d.Units, d.AsOf = nestUnits(counted), asOf
	v := u.newView(r, s, "ui.units.title")
	v.Data = d
	u.render(w, r, v, http.StatusOK, "unit_list")
}

type unitNewData struct {
	Parents []option // where the actor may add units
	Form    unitForm
}

func (u *UI) unitNew(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderUnitNew(w, r, s, http.StatusOK, unitForm{ParentID: r.URL.Query().Get("parent")}, nil)
}

// renderUnitNew shows the form to add a unit with the problems of err.
func (u *UI) renderUnitNew(w http.ResponseWriter, r *http.Request, s *session, status int, f unitForm, err error) {
	if !s.Actor.Scope.Has(access.ManageUnits) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	parents, lerr := u.unitPicker(r.Context(), s, "ui.unit.choose_parent", s.Actor.Scope.Roots(access.ManageUnits))
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	v := u.newView(r, s, "ui.units.add")
	v.Nav = "units"
	v.Data = unitNewData{Parents: parents, Form: f}
	if err != nil {
		v.setProblems(err, sameName)
	}
	u.render(w, r, v, status, "unit_new")
}

func (u *UI) unitCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := readUnitForm(r.PostForm)
	var p domain.Problems
	in := f.input(&p)
	if in.ParentID == nil && f.ParentID == "" {
		p.Add("parent_id", "required")
	}
	err := p.Err()
	var created domain.Unit
	if err == nil {
		created, err = u.svc.CreateUnit(r.Context(), s.Actor, in)
	}
	switch {
	case err == nil:
		u.redirect(w, r, "/units/"+itoa(created.ID), "unit_created")
	case errors.As(err, new(*domain.ValidationError)):
		u.renderUnitNew(w, r, s, http.StatusUnprocessableEntity, f, err)
	default:
		u.fail(w, r, s, err)
	}
}
