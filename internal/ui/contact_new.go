package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// newContactForm is the one short form for adding a person, as entered.
type newContactForm struct {
	GivenName, FamilyName, Email, Phone         string
	Street, PostalCode, City, Country           string
	HomeUnitID, MembershipType, MembershipStart string
	Then                                        string // "another": back to an empty form after saving
}

type contactNewData struct {
	Form       newContactForm
	Units      []option
	Types      []option
	Duplicates []domain.Duplicate // existing contacts this one may duplicate, shown before saving
	Seen       string             // their ids, comma-separated: saving again means "save anyway"
	UnitChosen bool               // the home unit was chosen in this form, not preset: a postal code does not change it
	Outside    *postalOutside     // the postal code maps outside the chosen home unit: asked before saving
}

// postalOutside is the question asked before a person is saved into a home unit that the postal code of the
// address does not belong to (a Dachau code in München): ticking the box, whose value names the code and the
// unit, says "yes, this unit all the same".
type postalOutside struct {
	Code, Place, Unit, Confirm string
}

func readNewContactForm(f url.Values) newContactForm {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	return newContactForm{GivenName: get("given_name"), FamilyName: get("family_name"), Email: get("email"),
		Phone: get("phone"), Street: get("street"), PostalCode: get("postal_code"), City: get("city"),
		Country: get("country"), HomeUnitID: get("home_unit_id"), MembershipType: get("membership_type"),
		MembershipStart: get("membership_start"), Then: get("then")}
}

// input turns the form into a service request; lists get an entry only when something was entered.
func (f newContactForm) input(homeUnit int64) domain.ContactInput {
	in := domain.ContactInput{GivenName: &f.GivenName, FamilyName: &f.FamilyName, HomeUnitID: &homeUnit}
	if f.Email != "" {
		in.Emails = &[]domain.Email{{Address: f.Email}}
	}
	if f.Phone != "" {
		in.Phones = &[]domain.Phone{{Number: f.Phone}}
	}
	if f.Street != "" || f.PostalCode != "" || f.City != "" {
		in.Addresses = &[]domain.Address{{Street: f.Street, PostalCode: f.PostalCode, City: f.City, Country: f.Country}}
	}
	return in
}

// membership reads the optional first membership period: both a type and a start date, or neither.
func (f newContactForm) membership(p *domain.Problems, types []domain.MembershipType) *domain.MembershipInput {
	if f.MembershipType == "" && f.MembershipStart == "" {
		return nil
	}
	typeID := formID(p, "membership_type", f.MembershipType)
	start := formDate(p, "membership_start", f.MembershipStart)
	switch {
	case f.MembershipType == "":
		p.Add("membership_type", "required")
	case typeID != 0 && !slices.ContainsFunc(types, func(t domain.MembershipType) bool { return t.ID == typeID && t.Active }):
		p.Add("membership_type", "unknown_type")
	}
	if f.MembershipStart == "" {
		p.Add("membership_start", "required")
	}
	return &domain.MembershipInput{TypeID: &typeID, StartDate: start}
}

// newContactField maps the service's field names to the short form's.
func newContactField(f string) string {
	switch f {
	case "given_name", "family_name", "home_unit_id", "membership_type", "membership_start":
		return f
	case "emails.0.address":
		return "email"
	case "phones.0.number":
		return "phone"
	case "membership.type_id":
		return "membership_type"
	case "membership.start_date", "membership.end_date":
		return "membership_start"
	}
	if rest, ok := strings.CutPrefix(f, "addresses.0."); ok && slices.Contains([]string{"street", "postal_code", "city", "country"}, rest) {
		return rest
	}
	return ""
}

func (u *UI) contactNewPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	q := r.URL.Query()
	f := newContactForm{Country: q.Get("country"), HomeUnitID: q.Get("unit")}
	if f.Country == "" {
		f.Country = "DE"
	}
	u.renderContactNew(w, r, s, http.StatusOK, f, nil, nil, nil)
}

// renderContactNew shows the form, with the problems of err (a validation error) next to the fields, or with
// the likely duplicates found and the question about the postal code when it was sent.
func (u *UI) renderContactNew(w http.ResponseWriter, r *http.Request, s *session, status int, f newContactForm, err error,
	dups []domain.Duplicate, outside *postalOutside) {
	if !s.Actor.Scope.Has(access.WriteContacts) {
		u.errorPage(w, r, s, http.StatusForbidden, "error.forbidden")
		return
	}
	d := contactNewData{Form: f, Duplicates: dups, Seen: duplicateIDs(dups), Outside: outside,
		UnitChosen: r.Method == http.MethodPost && f.HomeUnitID != ""}
	units, uerr := u.unitOptions(r.Context(), s, "ui.contact.choose_unit", s.Actor.Scope.Roots(access.WriteContacts))
	types, terr := u.svc.MembershipTypes(r.Context())
	if uerr = firstErr(uerr, terr); uerr != nil {
		u.fail(w, r, s, uerr)
		return
	}
	if len(units) == 2 && d.Form.HomeUnitID == "" { // the blank choice and exactly one unit
		d.Form.HomeUnitID = units[1].Value
	}
	d.Units, d.Types = units, u.typeOptions(s.Lang, types)
	v := u.newView(r, s, "ui.contact.new_title")
	v.Data = d
	if err != nil {
		v.setProblems(err, newContactField)
	}
	u.render(w, r, v, status, "contact_new")
}

// typeOptions lists the active membership types with a blank first choice.
func (u *UI) typeOptions(lang string, types []domain.MembershipType) []option {
	out := []option{{Value: "", Label: u.cat.T(lang, "ui.membership.choose_type")}}
	for _, t := range types {
		if t.Active {
			out = append(out, option{Value: itoa(t.ID), Label: t.Name})
		}
	}
	return out
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
