package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// contactCreate saves the short form: the contact with its first membership period if one was entered.
// Likely duplicates the user has not seen yet are shown first, with the form as entered; sending it again
// saves. So is a home unit that the postal code does not belong to, until the user confirms it. Without a
// chosen home unit, a postal code that maps to exactly one writable unit picks it, and an empty town is the
// postal code's place, which is what the script does in the browser.
func (u *UI) contactCreate(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	f := readNewContactForm(r.PostForm)
	unit, membership, err := u.newContactChoices(r, s, f)
	if err != nil {
		u.createFailed(w, r, s, f, err)
		return
	}
	outside, err := u.checkPostalCode(r, s, &f, unit)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	in := f.input(unit)
	dups, err := u.unseenDuplicates(r.Context(), s, in, r.PostForm.Get("duplicates_seen"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if len(dups) > 0 || outside != nil {
		u.renderContactNew(w, r, s, http.StatusOK, f, nil, dups, outside)
		return
	}
	// The contact and its first membership are saved together or not at all.
	c, err := u.svc.CreateMember(r.Context(), s.Actor, in, membership)
	if err != nil {
		u.createFailed(w, r, s, f, err)
		return
	}
	if f.Then == "another" {
		next := url.Values{"unit": {itoa(c.HomeUnit.ID)}, "country": {f.Country}}
		u.redirect(w, r, "/contacts/new?"+next.Encode(), "contact_saved_next")
		return
	}
	u.redirect(w, r, "/contacts/"+itoa(c.ID), "contact_created")
}

// newContactChoices reads the home unit and the first membership of the form. With no unit the service
// refuses the contact (unknown unit) and reports the other fields as well.
func (u *UI) newContactChoices(r *http.Request, s *session, f newContactForm) (int64, *domain.MembershipInput, error) {
	types, err := u.svc.MembershipTypes(r.Context())
	var p domain.Problems
	unit := formID(&p, "home_unit_id", f.HomeUnitID)
	membership := f.membership(&p, types)
	if err = firstErr(err, p.Err()); err != nil {
		return 0, nil, err
	}
	if unit == 0 && f.PostalCode != "" {
		if list, err := u.svc.SuggestUnits(r.Context(), s.Actor, f.PostalCode); err == nil && len(list) == 1 {
			unit = list[0].UnitID
		}
	}
	return unit, membership, nil
}

// checkPostalCode fills in an empty town from the postal code, and returns the question to ask when the code
// maps to units but not to the home unit or one below it, unless the form confirms this code and unit.
func (u *UI) checkPostalCode(r *http.Request, s *session, f *newContactForm, unit int64) (*postalOutside, error) {
	if f.PostalCode == "" || unit == 0 {
		return nil, nil
	}
	in, known, places, err := u.svc.PostalCodeFit(r.Context(), s.Actor, f.PostalCode, unit)
	if err != nil {
		return nil, err
	}
	if f.City == "" && len(places) == 1 {
		f.City = places[0]
	}
	confirm := strings.ToUpper(f.PostalCode) + "@" + itoa(unit)
	if in || !known || r.PostForm.Get("postal_unit_confirmed") == confirm {
		return nil, nil
	}
	home, err := u.svc.Unit(r.Context(), s.Actor, unit)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil // saving refuses a unit out of sight anyway
	}
	if err != nil {
		return nil, err
	}
	return &postalOutside{Code: f.PostalCode, Place: strings.Join(places, ", "), Unit: home.Name, Confirm: confirm}, nil
}

// createFailed shows the form again with a validation error's messages, or an error page.
func (u *UI) createFailed(w http.ResponseWriter, r *http.Request, s *session, f newContactForm, err error) {
	if errors.As(err, new(*domain.ValidationError)) {
		u.renderContactNew(w, r, s, http.StatusUnprocessableEntity, f, err, nil, nil)
		return
	}
	u.fail(w, r, s, err)
}
