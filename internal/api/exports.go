package api

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
)

// lazyFile sets a download's headers when its first byte goes out, so that an error found before (out of
// scope, a bad format) is still an ordinary JSON error.
type lazyFile struct {
	w           http.ResponseWriter
	contentType string
	filename    string
	started     bool
}

func (f *lazyFile) Write(p []byte) (int, error) {
	if !f.started {
		f.started = true
		f.w.Header().Set("Content-Type", f.contentType)
		f.w.Header().Set("Content-Disposition", `attachment; filename="`+f.filename+`"`)
	}
	return f.w.Write(p)
}

// file answers with what write produces; an error before the first byte is a JSON error, one after it
// breaks the connection so that the client sees an incomplete download.
func (a *API) file(w http.ResponseWriter, r *http.Request, contentType, filename string, write func(io.Writer) error) {
	f := &lazyFile{w: w, contentType: contentType, filename: filename}
	if err := write(f); err != nil {
		if !f.started {
			a.fail(w, r, err)
			return
		}
		a.log.Error("download failed midway", "file", filename, "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (a *API) exportContactsXLSX(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	var p domain.Problems
	f := contactFilter(r, &p)
	if err := p.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, export.XLSX.ContentType(), "contacts.xlsx", func(out io.Writer) error {
		_, err := a.svc.ExportContactsAs(r.Context(), actor, f, "xlsx", out)
		return err
	})
}

func (a *API) accreditationList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	a.file(w, r, export.Format(format).ContentType(), fmt.Sprintf("accreditation-%d.%s", id, format), func(out io.Writer) error {
		_, err := a.svc.AccreditationList(r.Context(), actor, id, format, r.URL.Query().Get("lang"), out)
		return err
	})
}

func (a *API) personData(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	a.file(w, r, export.Format(format).ContentType(), fmt.Sprintf("contact-%d.%s", id, format), func(out io.Writer) error {
		return a.svc.PersonData(r.Context(), actor, id, format, r.URL.Query().Get("lang"), out)
	})
}

func (a *API) unitArchive(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, "application/zip", fmt.Sprintf("unit-%d-archive.zip", id), func(out io.Writer) error {
		_, err := a.svc.ExportArchive(r.Context(), actor, id, out)
		return err
	})
}

func (a *API) listImports(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	list, err := a.svc.ImportBatches(r.Context(), actor)
	if list == nil {
		list = []domain.ImportBatch{}
	}
	answer(a, w, r, map[string][]domain.ImportBatch{"imports": list}, err)
}

func (a *API) getImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.svc.ImportBatch(r.Context(), actor, id)
	answer(a, w, r, b, err)
}

func (a *API) importRows(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	after, _ := strconv.Atoi(q.Get("after"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	var outcomes []string
	if o := q.Get("outcome"); o != "" {
		outcomes = []string{o}
	}
	rows, err := a.svc.ImportReport(r.Context(), actor, id, outcomes, after, limit)
	if rows == nil {
		rows = []domain.ImportRow{}
	}
	answer(a, w, r, map[string][]domain.ImportRow{"rows": rows}, err)
}

func (a *API) undoImport(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.svc.UndoImport(r.Context(), actor, id); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) scanDuplicates(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var unit int64
	if v := r.URL.Query().Get("unit"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			a.fail(w, r, domain.ErrNotFound)
			return
		}
		unit = n
	}
	pairs, total, err := a.svc.FindDuplicates(r.Context(), actor, unit, limit)
	type pair struct {
		A     int64    `json:"a"`
		B     int64    `json:"b"`
		Score int      `json:"score"`
		Agree []string `json:"agree"`
	}
	out := make([]pair, len(pairs))
	for i, p := range pairs {
		out[i] = pair{p.A, p.B, p.Score, p.Agree}
	}
	answer(a, w, r, map[string]any{"pairs": out, "total": total}, err)
}
