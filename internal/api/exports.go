package api

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/service"
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

// exportContacts serves the filtered list as CSV or XLSX: by default the machine variant (column names,
// status codes, ISO dates), with lang=en or lang=de the variant for people that the web UI hands out.
func (a *API) exportContacts(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	format := export.CSV
	if r.URL.Path == "/api/v1/contacts/export.xlsx" {
		format = export.XLSX
	}
	q := readQuery(r)
	f := contactFilter(q)
	lang := q.choice("lang", "", i18n.Languages()...)
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, format.ContentType(), "contacts"+format.Extension(), func(out io.Writer) error {
		_, err := a.svc.ExportContactsAs(r.Context(), actor, f, string(format), lang, out)
		return asParameterError(err)
	})
}

// formatAndLanguage reads a download's format, one of formats (the first by default), and the language of its
// words (the caller's by default).
func formatAndLanguage(q *query, formats []export.Format) (export.Format, string) {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return export.Format(q.choice("format", names[0], names...)), q.choice("lang", "", i18n.Languages()...)
}

func (a *API) accreditationList(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	q := readQuery(r)
	format, lang := formatAndLanguage(q, export.AccreditationFormats())
	opt := service.AccreditationOptions{Format: string(format), Lang: lang, Meeting: q.text("meeting", 200),
		MeetingDate: q.date("meeting_date")}
	if err == nil {
		err = q.err()
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, format.ContentType(), fmt.Sprintf("accreditation-%d.%s", id, format), func(out io.Writer) error {
		_, err := a.svc.AccreditationList(r.Context(), actor, id, opt, out)
		return err
	})
}

func (a *API) personData(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	q := readQuery(r)
	format, lang := formatAndLanguage(q, export.PersonFormats())
	if err == nil {
		err = q.err()
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, format.ContentType(), fmt.Sprintf("contact-%d.%s", id, format), func(out io.Writer) error {
		return a.svc.PersonData(r.Context(), actor, id, string(format), lang, out)
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
	q := readQuery(r)
	after := q.number("after", 0, 0, math.MaxInt32)
	limit := q.number("limit", 100, 1, 1000)
	var outcomes []string
	switch o := q.choice("outcome", "", domain.RowCreate, domain.RowUpdate, domain.RowSkip, domain.RowInvalid,
		domain.RowOutOfScope, "rejected", domain.ReportKept); o {
	case "":
	case "rejected":
		outcomes = []string{domain.RowInvalid, domain.RowOutOfScope}
	default:
		outcomes = []string{o}
	}
	if err == nil {
		err = q.err()
	}
	if err != nil {
		a.fail(w, r, err)
		return
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
	res, err := a.svc.UndoImport(r.Context(), actor, id)
	answer(a, w, r, res, err)
}

// importRejected answers the rows an import rejected as CSV, with a problem column in ?lang=, to fix and
// import again: for the importer and the admins of the import's unit.
func (a *API) importRejected(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	q := readQuery(r)
	lang := q.choice("lang", "en", i18n.Languages()...)
	if err == nil {
		err = q.err()
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.file(w, r, "text/csv; charset=utf-8", "import-"+strconv.FormatInt(id, 10)+"-rejected.csv", func(out io.Writer) error {
		_, err := a.svc.ExportRejectedRows(r.Context(), actor, id, lang, out)
		return err
	})
}

// importUndoPlan tells what undoing an import would do now: what it removes, restores, and keeps because it
// changed since the import.
func (a *API) importUndoPlan(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	plan, err := a.svc.ImportUndoPlan(r.Context(), actor, id)
	answer(a, w, r, plan, err)
}

func (a *API) scanDuplicates(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	q := readQuery(r)
	limit := q.number("limit", 100, 1, 1000)
	unit := q.id("unit")
	if err := q.err(); err != nil {
		a.fail(w, r, err)
		return
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
