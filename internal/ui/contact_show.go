package ui

import (
	"context"
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// contactSubForms holds what was entered in one of the contact page's small forms when it failed.
type contactSubForms struct {
	TypeID, StartDate, EndDate, JoinMethod string
	Body                                   string
	OtherContactID, Kind                   string
	Tag                                    string
}

type contactShowData struct {
	Contact       *domain.Contact
	HomePath      []domain.Unit // root first, the home unit last
	Memberships   []domain.Membership
	Notes         []domain.Note
	Relationships []domain.Relationship
	History       []domain.AuditEntry
	CanEdit       bool
	CanExport     bool // the personal data report may be downloaded
	CanPurge      bool
	Types         []option
	Tags          []string // suggestions for the tags block
	JoinMethods   []string
	RelKinds      []string
	Form          contactSubForms
}

func (u *UI) contactShow(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderContact(w, r, s, id, http.StatusOK, contactSubForms{}, nil)
}

// renderContact shows the contact page; after a failed small form, status is 422 and err holds its problems.
func (u *UI) renderContact(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, form contactSubForms, err error) {
	d, lerr := u.loadContact(r.Context(), s, id)
	if lerr != nil {
		u.fail(w, r, s, lerr)
		return
	}
	d.Form = form
	v := u.newView(r, s, "ui.contact.page_title", "name", d.Contact.DisplayName)
	v.Data = d
	if err != nil && !v.setProblems(err, sameName) {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, v, status, "contact_show")
}

// loadContact reads everything the contact page shows.
func (u *UI) loadContact(ctx context.Context, s *session, id int64) (contactShowData, error) {
	d := contactShowData{JoinMethods: domain.JoinMethods(), RelKinds: domain.RelationshipKinds()}
	var err error
	if d.Contact, err = u.svc.GetContact(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.HomePath, err = u.svc.HomeUnitPath(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.Memberships, err = u.svc.Memberships(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.Notes, err = u.svc.Notes(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.Relationships, err = u.svc.Relationships(ctx, s.Actor, id); err != nil {
		return d, err
	}
	if d.History, err = u.svc.ContactHistory(ctx, s.Actor, id); err != nil {
		return d, err
	}
	d.CanEdit = u.svc.CanEdit(ctx, s.Actor, d.Contact)
	d.CanExport = u.svc.CanExportContact(ctx, s.Actor, d.Contact)
	d.CanPurge = d.Contact.DeletedAt != nil && s.Actor.Scope.Covers(access.PurgeContacts, d.Contact.HomeUnit.ID, unitIDs(d.HomePath))
	if !d.CanEdit || d.Contact.DeletedAt != nil {
		return d, nil
	}
	types, err := u.svc.MembershipTypes(ctx)
	if err != nil {
		return d, err
	}
	d.Types = u.typeOptions(s.Lang, types)
	d.Tags, err = u.tagSuggestions(ctx, s.Actor)
	return d, err
}

// unitIDs lists the ids of a unit path.
func unitIDs(path []domain.Unit) []int64 {
	ids := make([]int64, len(path))
	for i, x := range path {
		ids[i] = x.ID
	}
	return ids
}
