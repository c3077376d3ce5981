package api

import (
	"net/http"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// contactFilter reads the filters shared by the contact list, its count and its exports.
func contactFilter(q *query) domain.ContactFilter {
	return domain.ContactFilter{
		UnitID:     q.id("unit"),
		Tag:        q.text("tag", 100),
		Statuses:   q.choiceList("status", append([]string{"none"}, domain.Statuses()...)...),
		TypeID:     q.id("type"),
		JoinedFrom: q.date("joined_from"),
		JoinedTo:   q.date("joined_to"),
		HasEmail:   q.flag("has_email"),
		HasPhone:   q.flag("has_phone"),
		Trashed:    q.flag("trashed"),
		Sort:       q.choice("sort", "", domain.Sorts()...),
	}
}

// filterParameters are the parameters of contactFilter, which the quick search does not take.
var filterParameters = []string{"unit", "tag", "status", "type", "joined_from", "joined_to", "has_email", "has_phone", "trashed", "sort"}

// contactSearch reads the quick search q, which ranks by name across the caller's scope and so cannot be
// combined with a filter, an order or a page position.
func contactSearch(q *query) string {
	text := q.text("q", 200)
	q.refuseWith("q", "not_with_search", append(filterParameters, "after")...)
	return text
}

func (a *API) listContacts(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	search := contactSearch(q)
	f := contactFilter(q)
	after := q.id("after")
	limit := q.number("limit", 50, 1, service.MaxPageSize)
	if search != "" {
		limit = q.number("limit", service.MaxSearchResults, 1, service.MaxSearchResults)
	}
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if search != "" {
		list, err := a.svc.SearchContacts(r.Context(), actor, search, limit)
		answer(a, w, r, service.Page{Contacts: list}, asParameterError(err))
		return
	}
	page, err := a.svc.ListContacts(r.Context(), actor, f, after, limit)
	answer(a, w, r, page, asParameterError(err))
}

func (a *API) countContacts(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	search := contactSearch(q)
	f := contactFilter(q)
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	var n int
	var err error
	if search != "" {
		n, err = a.svc.CountSearch(r.Context(), actor, search)
	} else {
		n, err = a.svc.CountContacts(r.Context(), actor, f, 0)
	}
	// Says what it counts: a list filtered to a unit holds the contacts affiliated with it too, unlike the
	// unit counts and the accreditation list, which hold the unit's home members only.
	answer(a, w, r, map[string]any{"count": n, "includes": domain.CountsHomeAndAffiliated}, asParameterError(err))
}

func (a *API) createContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in domain.ContactInput) (*domain.Contact, error) {
		return located(w, "/api/v1/contacts/", func(c *domain.Contact) int64 { return c.ID })(tagged(w)(a.svc.CreateContact(r.Context(), actor, in)))
	})
}

func (a *API) getContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withID(a, w, r, func(id int64) (*domain.Contact, error) { return tagged(w)(a.svc.GetContact(r.Context(), actor, id)) })
}

// idAction runs a service call on the path id and answers 204.
func (a *API) idAction(w http.ResponseWriter, r *http.Request, fn func(id int64) error) {
	id, err := pathID(r, "id")
	if err == nil {
		err = fn(id)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) trashContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.TrashContact(r.Context(), actor, id) })
}

func (a *API) restoreContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.RestoreContact(r.Context(), actor, id) })
}

func (a *API) purgeContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.PurgeContact(r.Context(), actor, id) })
}

// idList answers a list keyed by the path id as {"<key>": [...]}.
func idList[T any](a *API, w http.ResponseWriter, r *http.Request, key string, fn func(id int64) ([]T, error)) {
	withID(a, w, r, func(id int64) (map[string][]T, error) {
		list, err := fn(id)
		return map[string][]T{key: list}, err
	})
}

func (a *API) contactHistory(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "entries", func(id int64) ([]domain.AuditEntry, error) { return a.svc.ContactHistory(r.Context(), actor, id) })
}

func (a *API) listNotes(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "notes", func(id int64) ([]domain.Note, error) { return a.svc.Notes(r.Context(), actor, id) })
}

type noteInput struct {
	Body string `json:"body"`
}

func (a *API) addNote(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusCreated, func(id int64, in noteInput) (domain.Note, error) {
		return a.svc.AddNote(r.Context(), actor, id, in.Body)
	})
}

func (a *API) listRelationships(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	idList(a, w, r, "relationships", func(id int64) ([]domain.Relationship, error) {
		return a.svc.Relationships(r.Context(), actor, id)
	})
}

type relationshipInput struct {
	OtherContactID int64  `json:"other_contact_id"`
	Kind           string `json:"kind"`
}

func (a *API) addRelationship(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusCreated, func(id int64, in relationshipInput) (domain.Relationship, error) {
		return a.svc.AddRelationship(r.Context(), actor, id, in.OtherContactID, in.Kind)
	})
}

func (a *API) deleteRelationship(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.DeleteRelationship(r.Context(), actor, id) })
}

func (a *API) findDuplicates(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in domain.ContactInput) (map[string][]domain.Duplicate, error) {
		list, err := a.svc.LikelyDuplicates(r.Context(), actor, in, 0)
		return map[string][]domain.Duplicate{"duplicates": list}, err
	})
}

type tagRequest struct {
	IDs    []int64 `json:"ids"`
	Tag    string  `json:"tag"`
	Remove bool    `json:"remove"`
}

type tagResult struct {
	Changed int `json:"changed"`
	Skipped int `json:"skipped"`
}

func (a *API) tagContacts(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusOK, func(in tagRequest) (tagResult, error) {
		changed, skipped, err := a.svc.TagContacts(r.Context(), actor, in.IDs, in.Tag, !in.Remove)
		return tagResult{changed, skipped}, err
	})
}

func (a *API) listTags(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.Tags(r.Context(), actor)
	answer(a, w, r, map[string][]string{"tags": list}, err)
}

func (a *API) listSavedLists(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.SavedLists(r.Context(), actor)
	answer(a, w, r, map[string][]domain.SavedList{"lists": list}, err)
}

type saveListRequest struct {
	Name   string               `json:"name"`
	Filter domain.ContactFilter `json:"filter"`
}

func (a *API) saveList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withBody(a, w, r, http.StatusCreated, func(in saveListRequest) (domain.SavedList, error) {
		return a.svc.SaveList(r.Context(), actor, in.Name, in.Filter)
	})
}

func (a *API) getSavedList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withID(a, w, r, func(id int64) (domain.SavedList, error) { return a.svc.SavedList(r.Context(), actor, id) })
}

type shareListRequest struct {
	UnitID int64 `json:"unit_id"`
}

// shareList shares one of the caller's lists with the officers of a unit.
func (a *API) shareList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in shareListRequest) (domain.SavedList, error) {
		if in.UnitID <= 0 {
			return domain.SavedList{}, domain.Invalid("unit_id", "required")
		}
		return a.svc.ShareList(r.Context(), actor, id, in.UnitID)
	})
}

// unshareList makes one of the caller's lists personal again.
func (a *API) unshareList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withID(a, w, r, func(id int64) (domain.SavedList, error) { return a.svc.ShareList(r.Context(), actor, id, 0) })
}

func (a *API) deleteSavedList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.idAction(w, r, func(id int64) error { return a.svc.DeleteSavedList(r.Context(), actor, id) })
}
