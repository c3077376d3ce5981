package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/service"
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

// startImport keeps the CSV or XLSX file of the request body and queues its import as a background job. It
// answers 202 with the queued batch and its address, where the client follows its progress. Options come as
// query parameters; without a mapping the columns are mapped as suggested from the header.
func (a *API) startImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := r.URL.Query()
	name := filepath.Base(q.Get("filename"))
	if name == "." || name == "/" || name == "" {
		name = "upload.csv"
	}
	up, err := a.svc.SaveUpload(r.Context(), actor, name, http.MaxBytesReader(w, r.Body, MaxImportFile), MaxImportFile)
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, domain.ErrTooLarge) || errors.As(err, &tooBig):
		a.fail(w, r, badRequest{http.StatusRequestEntityTooLarge, "body_too_large", "100 MiB"})
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	b, err := a.queueImport(r, actor, up, q)
	if err != nil {
		_ = a.svc.DeleteUpload(context.WithoutCancel(r.Context()), actor, up.ID)
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/imports/"+strconv.FormatInt(b.ID, 10))
	a.writeJSON(w, http.StatusAccepted, b)
}

// queueImport reads the upload's header, decides the mapping and options, and queues the import.
func (a *API) queueImport(r *http.Request, actor *access.Actor, up service.Upload, q url.Values) (domain.ImportBatch, error) {
	ctx := r.Context()
	open := func() (*importfile.Reader, error) {
		rd, _, err := a.svc.OpenUpload(ctx, actor, up.ID, domain.ImportFile{})
		return rd, err
	}
	rd, err := open()
	if err != nil {
		return domain.ImportBatch{}, err
	}
	header := rd.Header()
	rd.Close()
	m := importfile.Suggest(header)
	if raw := q.Get("mapping"); raw != "" {
		var saved importfile.Mapping
		if err := json.Unmarshal([]byte(raw), &saved); err != nil {
			return domain.ImportBatch{}, domain.Invalid("mapping", "invalid_json")
		}
		m, _ = saved.Rebind(header)
	}
	if m, err = service.SampleDateOrders(open, m); err != nil {
		return domain.ImportBatch{}, err
	}
	if err := m.Validate(header); err != nil {
		return domain.ImportBatch{}, err
	}
	opts := domain.ImportOptions{Columns: service.ImportColumns(m), OnMatch: q.Get("on_match"),
		Country: strings.ToUpper(q.Get("country"))}
	for param, to := range map[string]*int64{"unit_id": &opts.UnitID, "membership_type": &opts.MembershipType} {
		if v := q.Get(param); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return domain.ImportBatch{}, domain.Invalid(param, "invalid_choice")
			}
			*to = n
		}
	}
	if t := q.Get("tags"); t != "" {
		opts.Tags = strings.Split(t, ",")
	}
	return a.svc.StartImport(ctx, actor, service.ImportStart{UploadID: up.ID, Options: opts, DryRun: q.Get("dry_run") == "true"})
}

// cancelImport stops a queued or running import; what it wrote is rolled back.
func (a *API) cancelImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.importAction(w, r, actor, a.svc.CancelImport)
}

// retryImport runs a failed or cancelled import again from the start.
func (a *API) retryImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	a.importAction(w, r, actor, a.svc.RetryImport)
}

func (a *API) importAction(w http.ResponseWriter, r *http.Request, actor *access.Actor,
	act func(context.Context, *access.Actor, int64) (domain.ImportBatch, error)) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := act(r.Context(), actor, id)
	answer(a, w, r, b, err)
}
