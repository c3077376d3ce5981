package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/service"
)

// reportPageSize is the number of report rows per page.
const reportPageSize = 100

type importShowData struct {
	Batch      domain.ImportBatch
	Running    bool // queued or running: the page refreshes itself
	Percent    int  // share of the file read while running
	HasPercent bool // a chunk has been written, so the share is known
	CanCancel  bool
	CanRetry   bool // a failed or cancelled run whose file is still kept
	Outcome    string
	Filters    []outcomeFilter
	Rows       []reportRow
	First      string // the first page of the filtered report, when not on it
	Next       string
	CanUndo    bool
	ImportNow  bool              // a finished dry run whose file is still here
	Change     string            // the mapping page with this run's settings, while the file is here
	Finished   bool              // a real import that has ended well: the page says what it did
	Rejected   int               // rows not imported for a problem of their own: invalid or out of scope
	Download   string            // the rejected rows as CSV, while the report holds them
	Links      map[string]string // the report narrowed to create, update, rejected, kept
	Unmapped   []unmappedColumn  // columns of the file that no field takes
	KeepAction string            // the mapping page, where the chosen unmapped columns become attributes
	Reading    url.Values        // how the file was read, kept in the keep form
	Undone     bool              // undone with this version, which records what the undo did
}

// unmappedColumn is a column of the file that the import left out.
type unmappedColumn struct {
	Index  int
	Header string
}

// outcomeFilter is a link that narrows the report to one outcome.
type outcomeFilter struct {
	Label, URL string
	Count      int
	Current    bool
}

// reportRow is one row of the report as the page shows it.
type reportRow struct {
	domain.ImportRow
	Link     bool // ContactID is set and visible to the actor now
	Problems []string
}

// importShow shows one of the actor's imports: its progress while it runs, its report when it is done.
func (u *UI) importShow(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	id, err := pathID(r.PathValue("id"))
	var b domain.ImportBatch
	if err == nil {
		b, err = u.svc.ImportBatch(r.Context(), s.Actor, id)
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.renderImportShow(w, r, s, http.StatusOK, b, nil)
}

// renderImportShow renders the batch page, with a problem of the undo form when there was one.
func (u *UI) renderImportShow(w http.ResponseWriter, r *http.Request, s *session, status int, b domain.ImportBatch, problem error) {
	v := u.newView(r, s, "ui.import.batch_title", "name", b.Source)
	d := importShowData{Batch: b, Running: domain.ImportActive(b.Status)}
	d.Percent, d.HasPercent = int(100*b.Progress), b.RowsDone > 0
	d.CanCancel = d.Running && !b.CancelRequested
	if _, err := u.svc.UploadInfo(r.Context(), s.Actor, b.UploadID); err == nil {
		q := readingOf(b.File).values()
		q.Set("batch", itoa(b.ID))
		if !d.Running && b.Status != domain.ImportDone { // a done import is undone first
			d.Change = "/imports/files/" + itoa(b.UploadID) + "?" + q.Encode()
		}
		d.ImportNow = b.Status == domain.ImportDryRun
		d.CanRetry = b.Status == domain.ImportFailed || b.Status == domain.ImportCancelled
	} else if !errors.Is(err, domain.ErrNotFound) {
		u.fail(w, r, s, err)
		return
	}
	d.CanUndo = b.Status == domain.ImportDone && !b.DryRun
	d.Finished = d.CanUndo
	d.Undone = b.Status == domain.ImportUndone && b.UndoRemoved+b.UndoRestored+b.UndoKept > 0
	d.Rejected = b.Invalid + b.OutOfScope
	if d.Rejected > 0 && !b.ReportPruned && !d.Running {
		d.Download = "/imports/" + itoa(b.ID) + "/report/rejected.csv"
	}
	d.Links = map[string]string{}
	for _, f := range reportFilters() {
		d.Links[f] = "/imports/" + itoa(b.ID) + "?outcome=" + f + "#report"
	}
	d.Unmapped = unmappedColumns(b.Settings.Columns)
	if len(d.Unmapped) > 0 && d.ImportNow {
		d.KeepAction, d.Reading = "/imports/files/"+itoa(b.UploadID), readingOf(b.File).values()
		d.Reading.Set("batch", itoa(b.ID))
	}
	showProblem(v, problem)
	if !d.Running {
		if err := u.loadReport(r, s, v, &d); err != nil {
			u.fail(w, r, s, err)
			return
		}
	}
	v.Data = d
	u.render(w, r, v, status, "import_show")
}

// showProblem puts the problem of a form of the page above it.
func showProblem(v *view, problem error) {
	if problem != nil {
		v.setProblems(problem, func(string) string { return "" })
	}
}

// loadReport reads one page of the report, narrowed to ?outcome=, after the line ?after=.
func (u *UI) loadReport(r *http.Request, s *session, v *view, d *importShowData) error {
	q := r.URL.Query()
	base := "/imports/" + itoa(d.Batch.ID)
	var outcomes []string
	if o := q.Get("outcome"); slices.Contains(reportFilters(), o) {
		d.Outcome, outcomes = o, []string{o}
		if o == filterRejected {
			outcomes = []string{domain.RowInvalid, domain.RowOutOfScope}
		}
	}
	after, _ := strconv.Atoi(q.Get("after"))
	after = max(after, 0)
	rows, err := u.svc.ImportReport(r.Context(), s.Actor, d.Batch.ID, outcomes, after, reportPageSize+1)
	if err != nil {
		return err
	}
	pageURL := func(after int) string {
		p := url.Values{}
		if d.Outcome != "" {
			p.Set("outcome", d.Outcome)
		}
		if after > 0 {
			p.Set("after", strconv.Itoa(after))
		}
		if len(p) == 0 {
			return base + "#report"
		}
		return base + "?" + p.Encode() + "#report"
	}
	if len(rows) > reportPageSize {
		rows = rows[:reportPageSize]
		d.Next = pageURL(rows[len(rows)-1].Line)
	}
	if after > 0 {
		d.First = pageURL(0)
	}
	d.Filters = outcomeFilters(v, d.Batch, d.Outcome, base)
	var ids []int64
	for _, row := range rows {
		if row.ContactID != 0 {
			ids = append(ids, row.ContactID)
		}
	}
	visible, err := u.svc.VisibleContacts(r.Context(), s.Actor, ids)
	if err != nil {
		return err
	}
	for _, row := range rows { // an undone import's new contacts are gone, so not visible
		rr := reportRow{ImportRow: row, Link: visible[row.ContactID]}
		for _, p := range row.Problems {
			rr.Problems = append(rr.Problems, problemText(v, p))
		}
		if len(row.Kept) > 0 {
			rr.Problems = append(rr.Problems, v.T("ui.import.kept_in_report", "reasons", keptBecause(v, row.Kept)))
		}
		d.Rows = append(d.Rows, rr)
	}
	return nil
}

// reportOutcomes are the outcomes a report can be narrowed to, in the order the page lists them.
func reportOutcomes() []string {
	return []string{domain.RowCreate, domain.RowUpdate, domain.RowSkip, domain.RowInvalid, domain.RowOutOfScope}
}

// The report's filters beyond one outcome: the rejected rows (invalid and out of scope), and those whose
// contact undo kept.
const (
	filterRejected = "rejected"
	filterKept     = domain.ReportKept
)

// reportFilters are the values of ?outcome=.
func reportFilters() []string { return append(reportOutcomes(), filterRejected, filterKept) }

// outcomeFilters are the links "all" and one per outcome that occurred, with counts; "rejected" when both
// kinds of rejected rows occurred, and "kept" after an undo that kept records.
func outcomeFilters(v *view, b domain.ImportBatch, current, base string) []outcomeFilter {
	counts := map[string]int{domain.RowCreate: b.Created, domain.RowUpdate: b.Updated, domain.RowSkip: b.Skipped,
		domain.RowInvalid: b.Invalid, domain.RowOutOfScope: b.OutOfScope}
	out := []outcomeFilter{{Label: v.T("ui.import.all_rows"), URL: base + "#report", Count: b.RowsDone, Current: current == ""}}
	add := func(key, label string, n int) {
		out = append(out, outcomeFilter{Label: label, URL: base + "?outcome=" + key + "#report", Count: n, Current: current == key})
	}
	for _, o := range reportOutcomes() {
		if counts[o] > 0 {
			add(o, v.Enum("ui.import.outcome", o), counts[o])
		}
	}
	if b.Invalid > 0 && b.OutOfScope > 0 {
		add(filterRejected, v.T("ui.import.filter_rejected"), b.Invalid+b.OutOfScope)
	}
	if b.UndoKept > 0 {
		add(filterKept, v.T("ui.import.filter_kept"), b.UndoKept)
	}
	return out
}

// unmappedColumns lists the columns of a mapping that no field takes.
func unmappedColumns(cols []domain.ImportColumn) []unmappedColumn {
	var out []unmappedColumn
	for i, c := range cols {
		if c.Field == "" {
			out = append(out, unmappedColumn{Index: i, Header: c.Header})
		}
	}
	return out
}

// problemText translates one problem of a report row: "E-mail: Not a valid e-mail address."
func problemText(v *view, p domain.FieldError) string {
	return export.ImportProblem(v.u.cat, v.Lang, p)
}

// importNow runs the import for real with the settings of a finished dry run, on the same file.
func (u *UI) importNow(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.idForm(w, r, s)
	if !ok || !u.canImport(w, r, s) {
		return
	}
	b, err := u.svc.ImportBatch(r.Context(), s.Actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	if b.Status != domain.ImportDryRun {
		u.renderImportShow(w, r, s, http.StatusConflict, b, domain.Invalid("status", "not_a_dry_run"))
		return
	}
	next, err := u.svc.StartImport(r.Context(), s.Actor, service.ImportStart{UploadID: b.UploadID, File: b.File,
		Options: b.Settings})
	switch {
	case err == nil:
		http.Redirect(w, r, "/imports/"+itoa(next.ID), http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound):
		u.errorPage(w, r, s, http.StatusNotFound, "ui.import.upload_gone")
	case importBusy(err):
		u.renderImportShow(w, r, s, http.StatusConflict, b, domain.Invalid("status", "import_busy"))
	case errors.As(err, new(*domain.ValidationError)):
		u.renderImportShow(w, r, s, http.StatusUnprocessableEntity, b, err)
	default:
		u.fail(w, r, s, err)
	}
}

// importCancel stops a queued or running import; what it wrote is rolled back.
func (u *UI) importCancel(w http.ResponseWriter, r *http.Request, s *session) {
	u.importAct(w, r, s, u.svc.CancelImport, "import_cancelled")
}

// importRetry runs a failed or cancelled import again from the start.
func (u *UI) importRetry(w http.ResponseWriter, r *http.Request, s *session) {
	u.importAct(w, r, s, u.svc.RetryImport, "import_retried")
}

// importAct applies act to the batch of the form and goes back to its page.
func (u *UI) importAct(w http.ResponseWriter, r *http.Request, s *session,
	act func(context.Context, *access.Actor, int64) (domain.ImportBatch, error), flash string) {
	id, ok := u.idForm(w, r, s)
	if !ok {
		return
	}
	b, err := act(r.Context(), s.Actor, id)
	switch {
	case err == nil:
		u.redirect(w, r, "/imports/"+itoa(id), flash)
	case importBusy(err):
		u.renderImportShow(w, r, s, http.StatusConflict, b, domain.Invalid("status", "import_busy"))
	case errors.As(err, new(*domain.ValidationError)) && b.ID != 0:
		u.renderImportShow(w, r, s, http.StatusConflict, b, err)
	default:
		u.fail(w, r, s, err)
	}
}
