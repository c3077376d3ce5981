package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/domain"
)

type contactBlockData struct {
	ID       int64
	Name     string // the contact's display name
	Kind     string
	Block    string // "name" or "channels"
	Version  string
	Form     block
	Genders  []string
	Problems []string // shown inside the block, so that they travel with it when the page swaps it in
	Conflict bool
}

// contactBlockPage shows the form of one block of the contact page on a page of its own; the contact page's
// script fetches it to edit the block in place.
func (u *UI) contactBlockPage(w http.ResponseWriter, r *http.Request, s *session) {
	c, ok := u.editableContact(w, r, s)
	if !ok {
		return
	}
	b, ok := blockOf(r.URL.Query().Get("block"), c)
	if !ok {
		u.errorPage(w, r, s, http.StatusNotFound, "ui.error.not_found_text")
		return
	}
	u.renderContactBlock(w, r, s, http.StatusOK, c, strconv.Itoa(c.Version), b, nil)
}

// contactBlockSave saves one block with the version it was loaded at. A stale version shows the block
// again with the conflict message and what was entered, so nothing typed is lost.
func (u *UI) contactBlockSave(w http.ResponseWriter, r *http.Request, s *session) {
	c, b, ok := u.postedBlock(w, r, s)
	if !ok {
		return
	}
	var p domain.Problems
	in, _ := b.input(c, &p)
	version := r.PostForm.Get("version")
	in.Version = versionOf(&p, version)
	err := p.Err()
	if err == nil {
		_, err = u.svc.UpdateContact(r.Context(), s.Actor, c.ID, in)
	}
	switch {
	case err == nil:
		u.redirect(w, r, "/contacts/"+itoa(c.ID)+"#block-"+r.URL.Query().Get("block"), "contact_saved")
	case errors.Is(err, domain.ErrConflict):
		u.renderContactBlock(w, r, s, http.StatusConflict, c, version, b, err)
	case errors.As(err, new(*domain.ValidationError)):
		u.renderContactBlock(w, r, s, http.StatusUnprocessableEntity, c, version, b, err)
	default:
		u.fail(w, r, s, err)
	}
}

// postedBlock reads the contact of the path, as stored now, and the sent form of the block the query
// names; on failure it has answered already.
func (u *UI) postedBlock(w http.ResponseWriter, r *http.Request, s *session) (*domain.Contact, block, bool) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return nil, nil, false
	}
	c, err := u.svc.GetContact(r.Context(), s.Actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return nil, nil, false
	}
	b, ok := readBlock(r.URL.Query().Get("block"), r.PostForm)
	if !ok {
		u.errorPage(w, r, s, http.StatusNotFound, "ui.error.not_found_text")
	}
	return c, b, ok
}

// renderContactBlock shows a block's form; after a failed save with the conflict message or the problems
// of a validation error next to the fields.
func (u *UI) renderContactBlock(w http.ResponseWriter, r *http.Request, s *session, status int, c *domain.Contact,
	version string, b block, err error) {
	name := r.URL.Query().Get("block")
	v := u.newView(r, s, "ui.block.edit_title."+name, "name", c.DisplayName)
	d := contactBlockData{ID: c.ID, Name: c.DisplayName, Kind: c.Kind, Block: name, Version: version, Form: b,
		Genders: domain.Genders()}
	if errors.Is(err, domain.ErrConflict) {
		d.Problems, d.Conflict = []string{v.T("error.conflict")}, true
	} else if err != nil {
		_, rename := b.input(c, new(domain.Problems)) // where the block puts the service's field names
		v.setProblems(err, rename)
		d.Problems, v.Errors = v.Errors, nil
	}
	v.Data = d
	u.render(w, r, v, status, "contact_block")
}
