package ui

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

type importListData struct {
	Batches []domain.ImportBatch
	MaxSize string
}

// importList shows the upload form and the actor's recent imports.
func (u *UI) importList(w http.ResponseWriter, r *http.Request, s *session) {
	if u.canImport(w, r, s) {
		u.renderImportList(w, r, s, http.StatusOK, "")
	}
}

// renderImportList shows the page, with a problem of the upload (a catalogue key) above the form.
func (u *UI) renderImportList(w http.ResponseWriter, r *http.Request, s *session, status int, problem string) {
	batches, err := u.svc.ImportBatches(r.Context(), s.Actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	v := u.newView(r, s, "ui.import.title")
	v.Data = importListData{Batches: batches, MaxSize: sizeText(service.MaxUpload)}
	if problem != "" {
		v.Fields["file"] = v.T(problem, "size", sizeText(service.MaxUpload))
		v.Errors = []string{v.T("ui.form.fix_fields")}
	}
	u.render(w, r, v, status, "import_list")
}

// importUpload keeps an uploaded file (in the database, where every server finds it), checks that it reads as
// a spreadsheet, and shows its mapping page. The body is streamed, never held in memory.
func (u *UI) importUpload(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.canImport(w, r, s) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, service.MaxUpload+maxForm)
	up, err := u.receiveUpload(r, s)
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, domain.ErrTooLarge) || errors.As(err, &tooBig):
		u.renderImportList(w, r, s, http.StatusRequestEntityTooLarge, "ui.import.error_too_large")
		return
	case errors.Is(err, errNoFile):
		u.renderImportList(w, r, s, http.StatusUnprocessableEntity, "ui.import.error_no_file")
		return
	case errors.As(err, new(uploadBroken)):
		u.log.Warn("import upload", "err", err)
		u.renderImportList(w, r, s, http.StatusBadRequest, "ui.import.error_upload")
		return
	case err != nil && !errors.As(err, new(*domain.ValidationError)):
		u.fail(w, r, s, err)
		return
	}
	rd, _, err := u.svc.OpenUpload(r.Context(), s.Actor, up.ID, domain.ImportFile{})
	if err == nil {
		rd.Close()
	}
	if err != nil {
		_ = u.svc.DeleteUpload(r.Context(), s.Actor, up.ID)
		if !errors.As(err, new(*domain.ValidationError)) {
			u.fail(w, r, s, err)
			return
		}
		u.renderImportList(w, r, s, http.StatusUnprocessableEntity, fileErrorKey(err))
		return
	}
	http.Redirect(w, r, "/imports/files/"+itoa(up.ID), http.StatusSeeOther)
}

// errNoFile: the form came without a file.
var errNoFile = errors.New("no file uploaded")

// receiveUpload reads the multipart form and saves its file part.
func (u *UI) receiveUpload(r *http.Request, s *session) (service.Upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return service.Upload{}, errNoFile
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return service.Upload{}, errNoFile
		}
		if err != nil {
			return service.Upload{}, uploadBroken{err}
		}
		if part.FormName() != "file" {
			continue
		}
		name := uploadName(part.FileName())
		if name == "" {
			return service.Upload{}, errNoFile
		}
		up, err := u.svc.SaveUpload(r.Context(), s.Actor, name, readOnly{part}, service.MaxUpload)
		var tooBig *http.MaxBytesError
		if err != nil && errors.As(err, &tooBig) {
			return up, domain.ErrTooLarge
		}
		return up, err
	}
}

// readOnly hides everything of a reader but Read, so that errors of the request body stay the body's.
type readOnly struct{ io.Reader }

// uploadBroken is a request body that ended before its form did: the browser gave up.
type uploadBroken struct{ error }

// uploadName is the base name of an uploaded file (browsers on Windows once sent the whole path), as valid
// text of at most 200 bytes.
func uploadName(n string) string {
	n = strings.ToValidUTF8(strings.TrimSpace(path.Base(strings.ReplaceAll(n, `\`, "/"))), "_")
	if n == "." || n == "/" {
		return ""
	}
	if len(n) > 200 {
		n = strings.ToValidUTF8(n[:200], "")
	}
	return n
}
