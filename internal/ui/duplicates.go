package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// duplicatePageSize is how many likely pairs the duplicates page lists, best first.
const duplicatePageSize = 50

type duplicateRow struct {
	A, B  *domain.Contact
	Score int
	Agree []string
}

type duplicatesData struct {
	Rows  []duplicateRow
	Total int
	Unit  string   // the unit filter, as given
	Units []option // units to scan within
}

// duplicateList shows the likely duplicate pairs in the user's scope, best first.
func (u *UI) duplicateList(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	ctx := r.Context()
	d := duplicatesData{Unit: r.URL.Query().Get("unit")}
	var unit int64
	if d.Unit != "" {
		id, err := pathID(d.Unit)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		unit = id
	}
	pairs, total, err := u.svc.FindDuplicates(ctx, s.Actor, unit, duplicatePageSize)
	if err == nil {
		d.Units, err = u.unitOptions(ctx, s, "ui.contacts.any_unit", nil)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	d.Total = total
	for _, p := range pairs {
		a, errA := u.svc.GetContact(ctx, s.Actor, p.A)
		b, errB := u.svc.GetContact(ctx, s.Actor, p.B)
		if errA != nil || errB != nil { // changed since the scan
			continue
		}
		d.Rows = append(d.Rows, duplicateRow{A: a, B: b, Score: p.Score, Agree: p.Agree})
	}
	v := u.newView(r, s, "ui.dup.title")
	v.Nav = "contacts"
	v.Data = d
	u.render(w, r, v, http.StatusOK, "duplicates")
}

type mergeRow struct {
	Field  string
	A, B   string
	Differ bool
}

type reviewData struct {
	A, B *domain.Contact
	Rows []mergeRow
}

// pairIDs reads the two contact ids of a duplicates URL.
func pairIDs(r *http.Request) (int64, int64, error) {
	a, err := pathID(r.PathValue("a"))
	if err != nil {
		return 0, 0, err
	}
	b, err := pathID(r.PathValue("b"))
	if err != nil || a == b {
		return 0, 0, domain.ErrNotFound
	}
	return a, b, nil
}

// duplicateReview shows two contacts side by side, with a choice per differing field, for merging.
func (u *UI) duplicateReview(w http.ResponseWriter, r *http.Request, s *session) {
	a, b, err := pairIDs(r)
	var ca, cb *domain.Contact
	if err == nil {
		ca, err = u.svc.GetContact(r.Context(), s.Actor, a)
	}
	if err == nil {
		cb, err = u.svc.GetContact(r.Context(), s.Actor, b)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.dup.review_title")
	v.Nav = "contacts"
	d := reviewData{A: ca, B: cb}
	for _, f := range service.MergeFields() {
		x, y := v.mergeValue(ca, f), v.mergeValue(cb, f)
		d.Rows = append(d.Rows, mergeRow{Field: f, A: x, B: y, Differ: x != y})
	}
	v.Data = d
	u.render(w, r, v, http.StatusOK, "duplicate_review")
}

// mergeValue shows one single-valued field of a contact as the review page compares it.
func (v *view) mergeValue(c *domain.Contact, f string) string {
	switch f {
	case "kind":
		return v.Enum("ui.kind", c.Kind)
	case "home_unit":
		return c.HomeUnit.Name
	case "given_name":
		return c.GivenName
	case "middle_name":
		return c.MiddleName
	case "family_name":
		return c.FamilyName
	case "honorific_prefix":
		return c.HonorificPrefix
	case "honorific_suffix":
		return c.HonorificSuffix
	case "organization_name":
		return c.OrgName
	case "display_name":
		return c.DisplayName
	case "gender":
		return v.Enum("ui.gender", c.Gender)
	case "birth_date":
		return v.Date(c.BirthDate)
	case "deceased_on":
		return v.Date(c.DeceasedOn)
	case "language":
		return c.Language
	case "member_number":
		return c.MemberNumber
	}
	return ""
}

// duplicateMerge merges the pair: the contact named by "survivor" stays, fields marked "take_<field>" come
// from the other one.
func (u *UI) duplicateMerge(w http.ResponseWriter, r *http.Request, s *session) {
	a, b, err := pairIDs(r)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if !u.parseForm(w, r, s) {
		return
	}
	f := r.PostForm
	survivor, other := a, b
	va, _ := strconv.Atoi(f.Get("version_a"))
	vb, _ := strconv.Atoi(f.Get("version_b"))
	versions := [2]int{va, vb}
	if f.Get("survivor") == strconv.FormatInt(b, 10) {
		survivor, other, versions = b, a, [2]int{vb, va}
	}
	var take []string
	for _, field := range service.MergeFields() {
		if f.Get("take_"+field) == "other" {
			take = append(take, field)
		}
	}
	c, err := u.svc.MergeContacts(r.Context(), s.Actor, survivor, other, versions, take)
	if err != nil {
		if errors.Is(err, domain.ErrConflict) {
			u.redirect(w, r, fmt.Sprintf("/duplicates/%d/%d", a, b), "merge_conflict")
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, fmt.Sprintf("/contacts/%d", c.ID), "merged")
}

// duplicateDismiss marks the pair as not duplicates.
func (u *UI) duplicateDismiss(w http.ResponseWriter, r *http.Request, s *session) {
	a, b, err := pairIDs(r)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if !u.parseForm(w, r, s) {
		return
	}
	if err := u.svc.DismissDuplicate(r.Context(), s.Actor, a, b); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, "/duplicates", "not_duplicate")
}
