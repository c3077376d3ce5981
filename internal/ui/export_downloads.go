package ui

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/service"
)

// lazyDownload sets the download headers only when the first byte goes out, so that an error found before
// (out of scope, a bad format) can still become an ordinary error page.
type lazyDownload struct {
	w        http.ResponseWriter
	filename string
	format   export.Format
	started  bool
}

func (d *lazyDownload) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", d.format.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+d.filename+d.format.Extension()+`"`)
		h.Set("Cache-Control", "no-store")
	}
	return d.w.Write(p)
}

// download serves what write produces as a file. An error before the first byte becomes the error page; an
// error after it breaks the connection, so that the browser reports the download as failed instead of
// keeping a file that silently lacks rows.
func (u *UI) download(w http.ResponseWriter, r *http.Request, s *session, filename, format string, write func(io.Writer) error) {
	d := &lazyDownload{w: w, filename: filename, format: export.Format(format)}
	if err := write(d); err != nil {
		if !d.started {
			u.fail(w, r, s, err)
			return
		}
		u.log.Error("download", "file", filename, "user", s.Actor.UserID, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// fileFormat is the extension of a download URL's last segment ("accreditation.pdf" → "pdf").
func fileFormat(r *http.Request) string {
	name := r.PathValue("file")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return ""
}

// unitAccreditation serves the accreditation list of a unit: GET /units/{id}/accreditation.{csv,xlsx,pdf}, with
// the meeting's name and day (meeting, meeting_date) for the heading of the PDF.
func (u *UI) unitAccreditation(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil || !strings.HasPrefix(r.PathValue("file"), "accreditation.") {
		u.notFoundPage(w, r, s)
		return
	}
	q := r.URL.Query()
	opt := service.AccreditationOptions{Format: fileFormat(r), Lang: s.Lang, Meeting: q.Get("meeting")}
	var p domain.Problems
	if d := formDate(&p, "meeting_date", q.Get("meeting_date")); d != nil {
		opt.MeetingDate = *d
	}
	if err := p.Err(); err != nil {
		u.fail(w, r, s, err)
		return
	}
	name := fmt.Sprintf("accreditation-%d-%s", id, time.Now().Format("2006-01-02"))
	u.download(w, r, s, name, opt.Format, func(out io.Writer) error {
		_, err := u.svc.AccreditationList(r.Context(), s.Actor, id, opt, out)
		return err
	})
}

// contactData serves everything Roster holds about a contact: GET /contacts/{id}/data.{json,pdf}.
func (u *UI) contactData(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := pathID(r.PathValue("id"))
	if err != nil || !strings.HasPrefix(r.PathValue("file"), "data.") {
		u.notFoundPage(w, r, s)
		return
	}
	u.download(w, r, s, fmt.Sprintf("contact-%d-data", id), fileFormat(r), func(out io.Writer) error {
		return u.svc.PersonData(r.Context(), s.Actor, id, fileFormat(r), s.Lang, out)
	})
}
