package ui

import (
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// utf8BOM starts the CSV file so that spreadsheet programs, Excel above all, read umlauts as UTF-8.
const utf8BOM = "\ufeff"

// contactExport streams the whole filtered list as CSV. The service records the export in the audit trail.
// A bad filter is refused with the error page before the first byte of the file goes out.
func (u *UI) contactExport(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	var p domain.Problems
	f := readListQuery(r.URL.Query()).filter(&p)
	err := p.Err()
	if err == nil {
		_, err = u.svc.CountContacts(r.Context(), s.Actor, f, 1) // checks the filter as the export will
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="contacts-`+time.Now().Format("2006-01-02")+`.csv"`)
	_, _ = w.Write([]byte(utf8BOM))
	if _, err := u.svc.ExportContacts(r.Context(), s.Actor, f, w); err != nil {
		// The status line is gone; breaking the connection makes the browser report the download as failed
		// rather than keep a file that silently lacks rows.
		u.log.Error("export contacts", "user", s.Actor.UserID, "err", err)
		panic(http.ErrAbortHandler)
	}
}
