package ui

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
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
	v.Data = importListData{Batches: batches, MaxSize: sizeText(maxUpload)}
	if problem != "" {
		v.Fields["file"] = v.T(problem, "size", sizeText(maxUpload))
		v.Errors = []string{v.T("ui.form.fix_fields")}
	}
	u.render(w, r, v, status, "import_list")
}

// importUpload keeps an uploaded file in a temporary file, checks that it reads as a spreadsheet, and shows
// its mapping page. The body is streamed to disk, never held in memory.
func (u *UI) importUpload(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.canImport(w, r, s) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+maxForm)
	up, err := u.receiveUpload(r, s)
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, errUploadTooLarge) || errors.As(err, &tooBig):
		u.renderImportList(w, r, s, http.StatusRequestEntityTooLarge, "ui.import.error_too_large")
		return
	case errors.Is(err, errNoFile):
		u.renderImportList(w, r, s, http.StatusUnprocessableEntity, "ui.import.error_no_file")
		return
	case err != nil:
		u.log.Warn("import upload", "err", err)
		u.renderImportList(w, r, s, http.StatusBadRequest, "ui.import.error_upload")
		return
	}
	f, err := os.Open(up.Path)
	if err == nil {
		var rd *importfile.Reader
		if rd, err = importfile.Open(f, up.Size, up.Name, importfile.Options{}); err == nil {
			rd.Close()
		}
		f.Close()
	}
	if err != nil {
		u.uploads.remove(up)
		u.renderImportList(w, r, s, http.StatusUnprocessableEntity, fileErrorKey(err))
		return
	}
	u.uploads.keep(up)
	http.Redirect(w, r, "/imports/files/"+up.Token, http.StatusSeeOther)
}

// errNoFile: the form came without a file.
var errNoFile = errors.New("no file uploaded")

// receiveUpload reads the multipart form and saves its file part.
func (u *UI) receiveUpload(r *http.Request, s *session) (*upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errNoFile
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errNoFile
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "file" {
			continue
		}
		name := uploadName(part.FileName())
		if name == "" {
			return nil, errNoFile
		}
		return u.uploads.save(s.Actor.UserID, name, part)
	}
}

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
