package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/ziplimit"
)

// MaxImportFile bounds an uploaded import file or unit archive.
const MaxImportFile = 100 << 20

// receiveFile stores the request body, at most MaxImportFile bytes, in a temporary file that the caller
// closes and removes.
func receiveFile(w http.ResponseWriter, r *http.Request) (*os.File, int64, error) {
	tmp, err := os.CreateTemp("", "roster-api-upload-")
	if err != nil {
		return nil, 0, err
	}
	size, err := io.Copy(tmp, http.MaxBytesReader(w, r.Body, MaxImportFile))
	if err == nil {
		return tmp, size, nil
	}
	tmp.Close()
	os.Remove(tmp.Name())
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, 0, badRequest{http.StatusRequestEntityTooLarge, "body_too_large", "100 MiB"}
	}
	return nil, 0, badRequest{http.StatusBadRequest, "bad_request", ""}
}

// fileError is the answer to a file that importfile cannot open: one that unpacks beyond the limits, saying
// which, or one that cannot be read.
func fileError(err error) error {
	var tooLarge *ziplimit.TooLargeError
	if errors.As(err, &tooLarge) {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "file", Code: "file_too_large_unpacked", Param: tooLarge.Error()}}}
	}
	return domain.Invalid("file", "unreadable_file")
}

// startImport imports the CSV or XLSX file in the request body and answers with the finished batch. Options
// come as query parameters; without a mapping the columns are mapped as suggested from the header.
func (a *API) startImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := r.URL.Query()
	tmp, size, err := receiveFile(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	name := filepath.Base(q.Get("filename"))
	if name == "." || name == "/" || name == "" {
		name = "upload.csv"
	}
	open := func() (*importfile.Reader, error) { return importfile.Open(tmp, size, name, importfile.Options{}) }
	rd, err := open()
	if err != nil {
		a.fail(w, r, fileError(err))
		return
	}
	defer rd.Close()
	m := importfile.Suggest(rd.Header())
	if raw := q.Get("mapping"); raw != "" {
		var saved importfile.Mapping
		if err := json.Unmarshal([]byte(raw), &saved); err != nil {
			a.fail(w, r, domain.Invalid("mapping", "invalid_json"))
			return
		}
		m, _ = saved.Rebind(rd.Header())
	}
	if m, err = service.SampleDateOrders(open, m); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := m.Validate(rd.Header()); err != nil {
		a.fail(w, r, err)
		return
	}
	opts := domain.ImportOptions{Columns: service.ImportColumns(m), OnMatch: q.Get("on_match"),
		Country: strings.ToUpper(q.Get("country"))}
	for param, to := range map[string]*int64{"unit_id": &opts.UnitID, "membership_type": &opts.MembershipType} {
		if v := q.Get(param); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				a.fail(w, r, domain.Invalid(param, "invalid_choice"))
				return
			}
			*to = n
		}
	}
	if t := q.Get("tags"); t != "" {
		opts.Tags = strings.Split(t, ",")
	}
	b, err := a.svc.Import(r.Context(), actor, service.FileSource(rd), service.ImportRequest{Source: name,
		Format: rd.Summary(), Options: opts, DryRun: q.Get("dry_run") == "true"})
	if err != nil && b.ID == 0 {
		a.fail(w, r, err)
		return
	}
	if err != nil { // stopped midway and rolled back: the batch says so
		a.log.Error("import failed", "batch", b.ID, "err", err)
	}
	a.writeJSON(w, http.StatusCreated, b)
}
