package ui

import (
	"io"
	"net/http"
)

// importRejected serves the rows an import rejected as CSV, with a problem column, to fix and import again: to
// the importer and the admins of the import's unit.
func (u *UI) importRejected(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.download(w, r, s, "import-"+itoa(id)+"-rejected", "csv", func(out io.Writer) error {
		_, err := u.svc.ExportRejectedRows(r.Context(), s.Actor, id, s.Lang, out)
		return err
	})
}
