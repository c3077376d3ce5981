package api

import (
	"context"
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
	q := readQuery(r)
	opts := importQuery{name: filepath.Base(q.text("filename", 200)), dry: q.flag("dry_run"),
		mapping: q.text("mapping", 1<<20)}
	opts.OnMatch = q.choice("on_match", domain.OnMatchSkip, domain.OnMatchChoices()...)
	opts.UnitID, opts.MembershipType = q.id("unit_id"), q.id("membership_type")
	opts.Country = strings.ToUpper(q.text("country", 2))
	opts.AssignMemberNumbers = q.flag("assign_member_numbers")
	if t := q.text("tags", 2000); t != "" {
		opts.Tags = strings.Split(t, ",")
	}
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if opts.name == "." || opts.name == "/" || opts.name == "" {
		opts.name = "upload.csv"
	}
	up, err := a.svc.SaveUpload(r.Context(), actor, opts.name, http.MaxBytesReader(w, r.Body, MaxImportFile), MaxImportFile)
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, domain.ErrTooLarge) || errors.As(err, &tooBig):
		a.fail(w, r, badRequest{http.StatusRequestEntityTooLarge, "body_too_large", "100 MiB"})
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	b, err := a.queueImport(r, actor, up, opts)
	if err != nil {
		_ = a.svc.DeleteUpload(context.WithoutCancel(r.Context()), actor, up.ID)
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/imports/"+strconv.FormatInt(b.ID, 10))
	a.writeJSON(w, http.StatusAccepted, b)
}

// importQuery is what the query of an import request asks for.
type importQuery struct {
	domain.ImportOptions
	name, mapping string
	dry           bool
}

// queueImport reads the upload's header, decides the mapping, and queues the import.
func (a *API) queueImport(r *http.Request, actor *access.Actor, up service.Upload, iq importQuery) (domain.ImportBatch, error) {
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
	if iq.mapping != "" {
		var saved importfile.Mapping
		if err := json.Unmarshal([]byte(iq.mapping), &saved); err != nil {
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
	opts := iq.ImportOptions
	opts.Columns = m.Columns
	return a.svc.StartImport(ctx, actor, service.ImportStart{UploadID: up.ID, Options: opts, DryRun: iq.dry})
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
