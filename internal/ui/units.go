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
	Units     []countedUnit
	AsOf      time.Time // when the counts were made; zero when never
	Archived  bool
	CanCreate bool
	Parents   []option // where the actor may add units
	Form      unitForm
}

func (u *UI) unitList(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderUnitList(w, r, s, http.StatusOK, unitForm{ParentID: r.URL.Query().Get("parent")}, nil)
}

// renderUnitList shows the tree and, for admins, the form to add a unit with the problems of err.
func (u *UI) renderUnitList(w http.ResponseWriter, r *http.Request, s *session, status int, f unitForm, err error) {
	d := unitListData{Archived: r.URL.Query().Get("archived") == "1", Form: f,
		CanCreate: s.Actor.Scope.Has(access.ManageUnits)}
	units, lerr := u.svc.Units(r.Context(), s.Actor, d.Archived)
	var counts map[int64]domain.UnitCount
	if lerr == nil {
		counts, lerr = u.svc.UnitCounts(r.Context(), s.Actor)
	}
	if lerr == nil && d.CanCreate {
		d.Parents, lerr = u.unitOptions(r.Context(), s, "ui.unit.choose_parent", s.Actor.Scope.Roots(access.ManageUnits))
	}
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d.Units, d.AsOf = withCounts(treeOrder(units), counts)
	v := u.newView(r, s, "ui.units.title")
	v.Data = d
	if err != nil {
		v.setProblems(err, sameName)
	}
	u.render(w, r, v, status, "unit_list")
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
		u.renderUnitList(w, r, s, http.StatusUnprocessableEntity, f, err)
	default:
		u.fail(w, r, s, err)
	}
}
