package ui

import (
	"io"
	"net/http"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// contactExport streams the whole filtered list as a file for people — titles, statuses and dates in the
// page's language: GET /contacts/export.csv and /contacts/export.xlsx. The service records the export in the
// audit trail. A bad filter, or a list the user may not export, is refused with the error page before the
// first byte of the file goes out.
func (u *UI) contactExport(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.validQuery(w, r, s) {
		return
	}
	var p domain.Problems
	f := readListQuery(r.URL.Query()).filter(&p)
	if err := p.Err(); err != nil {
		u.fail(w, r, s, err)
		return
	}
	format := "csv"
	if r.URL.Path == "/contacts/export.xlsx" {
		format = "xlsx"
	}
	u.download(w, r, s, "contacts-"+time.Now().Format("2006-01-02"), format, func(out io.Writer) error {
		_, err := u.svc.ExportContactsAs(r.Context(), s.Actor, f, format, s.Lang, out)
		return err
	})
}
