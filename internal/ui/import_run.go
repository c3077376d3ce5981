package ui

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// postedImportFile reads the mapping page's form against the file's header; on failure it has answered.
func (u *UI) postedImportFile(w http.ResponseWriter, r *http.Request, s *session) (service.Upload, importFileForm, []string, bool) {
	if !u.canImport(w, r, s) || !u.parseForm(w, r, s) {
		return service.Upload{}, importFileForm{}, nil, false
	}
	up, ok := u.upload(w, r, s)
	if !ok {
		return up, importFileForm{}, nil, false
	}
	rd, _, err := u.svc.OpenUpload(r.Context(), s.Actor, up.ID, readFileReading(r.PostForm).file())
	switch {
	case errors.As(err, new(*domain.ValidationError)):
		u.errorPage(w, r, s, http.StatusUnprocessableEntity, fileErrorKey(err))
		return up, importFileForm{}, nil, false
	case err != nil:
		u.fail(w, r, s, err)
		return up, importFileForm{}, nil, false
	}
	header := rd.Header()
	rd.Close()
	return up, readImportFileForm(r.PostForm, header), header, true
}

// importRun starts a dry run or the import of an uploaded file with the mapping and options of the form, and
// goes to the batch's page while it runs. Problems of the mapping or the options are shown on the form.
func (u *UI) importRun(w http.ResponseWriter, r *http.Request, s *session) {
	up, f, header, ok := u.postedImportFile(w, r, s)
	if !ok {
		return
	}
	var p domain.Problems
	opts := f.options(&p)
	err := joinInvalid(p.Err(), f.Mapping.Validate(header))
	var b domain.ImportBatch
	if err == nil {
		b, err = u.svc.StartImport(r.Context(), s.Actor, service.ImportStart{UploadID: up.ID,
			File: f.Reading.file(), Options: opts, DryRun: r.PostForm.Get("dry_run") == "1"})
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/imports/"+itoa(b.ID), http.StatusSeeOther)
	case importBusy(err):
		u.reshowImportFile(w, r, s, http.StatusConflict, up, f, nil, "ui.import.busy")
	case errors.As(err, new(*domain.ValidationError)):
		u.reshowImportFile(w, r, s, http.StatusUnprocessableEntity, up, f, err, "")
	default:
		u.fail(w, r, s, err)
	}
}

// reshowImportFile shows the mapping page again after a failed form, with its problems (err, a validation
// error) next to the columns and options, or a message (a catalogue key) above the form.
func (u *UI) reshowImportFile(w http.ResponseWriter, r *http.Request, s *session, status int, up service.Upload,
	f importFileForm, err error, message string) {
	v := u.newView(r, s, "ui.import.file_title", "name", up.Name)
	if message != "" {
		v.Errors = append(v.Errors, v.T(message))
	}
	v.setProblems(err, importFileField)
	fs, ferr := u.openUpload(r.Context(), v, up, f.Reading)
	if ferr != nil {
		u.fail(w, r, s, ferr)
		return
	}
	u.renderImportFile(w, r, v, status, up, fs, f, nil)
}

// importBusy reports the error of a second import while one of the actor's is queued or running.
func importBusy(err error) bool {
	var ve *domain.ValidationError
	return errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Code == "import_running"
}

// joinInvalid merges validation errors into one, so that the form shows every problem at once; another
// error wins.
func joinInvalid(errs ...error) error {
	var all []domain.FieldError
	for _, err := range errs {
		var ve *domain.ValidationError
		switch {
		case err == nil:
		case errors.As(err, &ve):
			all = append(all, ve.Fields...)
		default:
			return err
		}
	}
	if len(all) == 0 {
		return nil
	}
	return &domain.ValidationError{Fields: all}
}

// importMappingSave saves the form's mapping under the name entered and shows the page with it applied.
func (u *UI) importMappingSave(w http.ResponseWriter, r *http.Request, s *session) {
	up, f, _, ok := u.postedImportFile(w, r, s)
	if !ok {
		return
	}
	saved, err := u.svc.SaveImportMapping(r.Context(), s.Actor, f.MappingName, *f.Mapping)
	switch {
	case err == nil:
		q := f.Reading.values()
		q.Set("mapping", itoa(saved.ID))
		numbers := ""
		if f.Numbers {
			numbers = "1"
		}
		for k, val := range map[string]string{"on_match": f.OnMatch, "unit_id": f.UnitID, "membership_type": f.TypeID,
			"tags": f.Tags, "country": f.Country, "assign_member_numbers": numbers} {
			if val != "" {
				q.Set(k, val)
			}
		}
		u.redirect(w, r, "/imports/files/"+itoa(up.ID)+"?"+q.Encode(), "import_mapping_saved")
	case errors.As(err, new(*domain.ValidationError)):
		u.reshowImportFile(w, r, s, http.StatusUnprocessableEntity, up, f, err, "")
	default:
		u.fail(w, r, s, err)
	}
}

// importMappingDelete removes a saved mapping and goes back to the page it was on.
func (u *UI) importMappingDelete(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	if err := u.svc.DeleteImportMapping(r.Context(), s.Actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.redirect(w, r, localPath(r.PostForm.Get("back"), "/imports"), "import_mapping_deleted")
}

// optionsFromQuery takes import options carried in a URL (after saving a mapping) into the form.
func (f *importFileForm) optionsFromQuery(q url.Values) {
	get := func(k, cur string) string {
		if v := q.Get(k); v != "" {
			return v
		}
		return cur
	}
	f.OnMatch, f.UnitID, f.TypeID = get("on_match", f.OnMatch), get("unit_id", f.UnitID), get("membership_type", f.TypeID)
	f.Tags, f.Country = get("tags", f.Tags), get("country", f.Country)
	f.Numbers = f.Numbers || q.Get("assign_member_numbers") != ""
}
