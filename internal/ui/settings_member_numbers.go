package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// The organization's member-number pattern, for admins of the whole tree: the default series and units' own
// (service/member_numbers.go).

type memberNumbersData struct {
	Series []domain.MemberNumberSeries
	Units  []option
	Form   memberNumbersForm
}

// memberNumbersForm is the form that sets one series, as entered.
type memberNumbersForm struct {
	UnitID, Prefix, Next, Last, Width string
}

func (u *UI) memberNumbersPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	f := memberNumbersForm{UnitID: r.URL.Query().Get("unit")}
	u.renderMemberNumbers(w, r, s, http.StatusOK, &f, nil)
}

// renderMemberNumbers shows the series and the form; a form with only a unit is filled from that unit's
// series, so that "change" starts from what is set.
func (u *UI) renderMemberNumbers(w http.ResponseWriter, r *http.Request, s *session, status int, f *memberNumbersForm, err error) {
	if !orgAdmin(s.Actor) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	series, lerr := u.svc.MemberNumberSeries(r.Context(), s.Actor)
	units, uerr := u.unitOptions(r.Context(), s, "ui.member_numbers.whole_organization", s.Actor.Scope.Roots(access.ManageUnits))
	if lerr = firstErr(lerr, uerr); lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	if f.Next == "" && err == nil {
		for _, x := range series {
			if itoa(x.UnitID) == f.UnitID || x.UnitID == 0 && f.UnitID == "" {
				f.Prefix, f.Next = x.Prefix, strconv.FormatInt(x.Next, 10)
				if x.Width != 0 {
					f.Width = strconv.Itoa(x.Width)
				}
				if x.Last != 0 {
					f.Last = strconv.FormatInt(x.Last, 10)
				}
			}
		}
	}
	v := u.newView(r, s, "ui.member_numbers.title")
	v.Nav = "settings"
	v.Data = memberNumbersData{Series: series, Units: units, Form: *f}
	if err != nil && !v.setProblems(err, sameName) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "settings_member_numbers")
}

// memberNumbersSave sets the series of the unit chosen (none: the organization's).
func (u *UI) memberNumbersSave(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	get := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	f := memberNumbersForm{UnitID: get("unit_id"), Prefix: get("prefix"), Next: get("next"), Last: get("last"), Width: get("width")}
	var p domain.Problems
	in := domain.MemberNumberSeries{UnitID: formID(&p, "unit_id", f.UnitID), Prefix: f.Prefix,
		Next: formNumber(&p, "next", f.Next), Last: formNumber(&p, "last", f.Last), Width: int(formNumber(&p, "width", f.Width))}
	if f.Next == "" {
		p.Add("next", "required")
	}
	err := p.Err()
	if err == nil {
		_, err = u.svc.SaveMemberNumberSeries(r.Context(), s.Actor, in)
	}
	u.memberNumbersDone(w, r, s, f, "member_numbers_saved", err)
}

// memberNumbersRemove removes a unit's own series.
func (u *UI) memberNumbersRemove(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = u.svc.DeleteMemberNumberSeries(r.Context(), s.Actor, id)
	}
	u.memberNumbersDone(w, r, s, memberNumbersForm{}, "member_numbers_removed", err)
}

func (u *UI) memberNumbersDone(w http.ResponseWriter, r *http.Request, s *session, f memberNumbersForm, flash string, err error) {
	switch {
	case err == nil:
		u.redirect(w, r, "/settings/member-numbers", flash)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderMemberNumbers(w, r, s, http.StatusUnprocessableEntity, &f, err)
	default:
		u.fail(w, r, s, err)
	}
}

// formNumber reads an optional whole number of a form; "" is 0.
func formNumber(p *domain.Problems, field, s string) int64 {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		p.Add(field, "invalid_number")
		return 0
	}
	return n
}
