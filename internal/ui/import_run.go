package ui

import (
	"errors"
	"net/http"
	"net/url"
	"os"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
)

// fileHeader reads only the header of an upload, as the form says to read it.
func fileHeader(up *upload, fr fileReading) ([]string, error) {
	f, err := os.Open(up.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd, err := importfile.Open(f, up.Size, up.Name, fr.options())
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return rd.Header(), nil
}

// postedImportFile reads the mapping page's form against the file's header; on failure it has answered.
func (u *UI) postedImportFile(w http.ResponseWriter, r *http.Request, s *session) (*upload, importFileForm, []string, bool) {
	if !u.canImport(w, r, s) || !u.parseForm(w, r, s) {
		return nil, importFileForm{}, nil, false
	}
	up, ok := u.upload(w, r, s)
	if !ok {
		return nil, importFileForm{}, nil, false
	}
	header, err := fileHeader(up, readFileReading(r.PostForm))
	if err != nil {
		u.errorPage(w, r, s, http.StatusUnprocessableEntity, fileErrorKey(err))
		return nil, importFileForm{}, nil, false
	}
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
	var id int64
	if err == nil {
		id, err = u.startImport(r.Context(), s, importStart{up: up, file: f.Reading.options(), opts: opts,
			dry: r.PostForm.Get("dry_run") == "1"})
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/imports/"+itoa(id), http.StatusSeeOther)
	case errors.Is(err, errImportBusy):
		u.reshowImportFile(w, r, s, http.StatusConflict, up, f, nil, "ui.import.busy")
	case errors.As(err, new(*domain.ValidationError)):
		u.reshowImportFile(w, r, s, http.StatusUnprocessableEntity, up, f, err, "")
	default:
		u.fail(w, r, s, err)
	}
}

// reshowImportFile shows the mapping page again after a failed form, with its problems (err, a validation
// error) next to the columns and options, or a message (a catalogue key) above the form.
func (u *UI) reshowImportFile(w http.ResponseWriter, r *http.Request, s *session, status int, up *upload,
	f importFileForm, err error, message string) {
	v := u.newView(r, s, "ui.import.file_title", "name", up.Name)
	if message != "" {
		v.Errors = append(v.Errors, v.T(message))
	}
	v.setProblems(err, importFileField)
	fs, ferr := u.openUpload(v, up, f.Reading)
	if ferr != nil {
		u.fail(w, r, s, ferr)
		return
	}
	u.renderImportFile(w, r, v, status, up, fs, f, nil)
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
		for k, val := range map[string]string{"on_match": f.OnMatch, "unit_id": f.UnitID, "membership_type": f.TypeID,
			"tags": f.Tags, "country": f.Country} {
			if val != "" {
				q.Set(k, val)
			}
		}
		u.redirect(w, r, "/imports/files/"+up.Token+"?"+q.Encode(), "import_mapping_saved")
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
}
