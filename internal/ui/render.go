package ui

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parsePages parses one template set per page, each page defining "content" inside the shared layout.
func parsePages() (map[string]*template.Template, error) {
	paths, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{"inc": func(i int) int { return i + 1 }, "join": strings.Join}
	pages := map[string]*template.Template{}
	for _, p := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if name == "layout" || name == "forms" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/forms.html", p)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// view is what every template receives: the layout's data plus the page's own in Data.
type view struct {
	Lang    string
	Title   string
	Session *session
	Path    string            // this page's URI, for the language switch
	Search  string            // the quick-search text
	Nav     string            // the section the page belongs to
	Flash   string            // a confirmation from the previous form
	Errors  []string          // messages not tied to one field
	Fields  map[string]string // form field name → message
	Data    any
	u       *UI
}

func (u *UI) newView(r *http.Request, s *session, titleKey string, params ...string) *view {
	v := &view{Lang: s.Lang, Session: s, Path: r.URL.RequestURI(), Fields: map[string]string{}, u: u}
	v.Title = v.T(titleKey, params...)
	for _, section := range []string{"contacts", "imports", "jobs", "units", "users", "account"} {
		if strings.HasPrefix(r.URL.Path, "/"+section) {
			v.Nav = section
		}
	}
	return v
}

// render writes a page. Templates execute into a buffer first so that a template error becomes a clean 500
// instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, v *view, status int, page string) {
	t, ok := u.pages[page]
	if !ok {
		u.log.Error("unknown page template", "page", page)
		http.Error(w, u.cat.T(v.Lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	if r.Method == http.MethodGet {
		v.Flash = u.takeFlash(w, r, v.Lang)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		u.log.Error("render page", "page", page, "err", err)
		http.Error(w, u.cat.T(v.Lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorData struct {
	Status  int
	Message string
}

// errorTitle names the error page of a status.
func errorTitle(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		return "ui.error.bad_request"
	case http.StatusForbidden:
		return "ui.error.forbidden"
	case http.StatusNotFound:
		return "ui.error.not_found"
	case http.StatusConflict:
		return "ui.error.conflict"
	case http.StatusUnprocessableEntity:
		return "ui.error.invalid"
	}
	return "ui.error.internal"
}

// errorPage renders a plain error page with one catalogue message.
func (u *UI) errorPage(w http.ResponseWriter, r *http.Request, s *session, status int, key string, params ...string) {
	v := u.newView(r, s, errorTitle(status))
	v.Data = errorData{Status: status, Message: u.cat.T(s.Lang, key, params...)}
	u.render(w, r, v, status, "error")
}

// fail maps an error from the service to a page. Not found and out of scope are the same 404; a database that
// cannot be reached is a 503 that keeps the request (see unavailable); anything unexpected is logged and shown
// as an internal error without details.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	switch kind := u.svc.KindOf(err); kind {
	case domain.KindInvalid:
		var ve *domain.ValidationError
		errors.As(err, &ve)
		v := u.newView(r, s, "ui.error.invalid")
		v.Errors = u.messages(s.Lang, ve.Fields)
		v.Data = errorData{Status: http.StatusUnprocessableEntity, Message: u.cat.T(s.Lang, "error.validation")}
		u.render(w, r, v, http.StatusUnprocessableEntity, "error")
	case domain.KindUnauthenticated:
		u.toLogin(w, r)
	case domain.KindUnavailable:
		u.unavailable(w, r, s, err)
	case domain.KindInternal:
		u.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		u.errorPage(w, r, s, http.StatusInternalServerError, "error.internal")
	default:
		status, key := kindPage(kind)
		u.errorPage(w, r, s, status, key)
	}
}

// kindPage is the status and message of the error page of each kind of error the UI answers with a page.
func kindPage(k domain.ErrorKind) (int, string) {
	switch k {
	case domain.KindNotFound:
		return http.StatusNotFound, "ui.error.not_found_text"
	case domain.KindForbidden:
		return http.StatusForbidden, "error.forbidden"
	case domain.KindConflict:
		return http.StatusConflict, "error.conflict"
	case domain.KindThrottled:
		return http.StatusTooManyRequests, "error.throttled"
	case domain.KindTooLarge:
		return http.StatusRequestEntityTooLarge, "error.too_large"
	case domain.KindUnconfigured:
		return http.StatusServiceUnavailable, "error.unconfigured"
	}
	return http.StatusInternalServerError, "error.internal"
}

// messages translates field errors into sentences.
func (u *UI) messages(lang string, fields []domain.FieldError) []string {
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		out = append(out, u.cat.T(lang, messageKey(f.Code), "param", f.Param))
	}
	return out
}

// maxForm is the largest form body read.
const maxForm = 1 << 20

// parseForm reads a form of at most maxForm bytes and rejects text that is not UTF-8. On failure it has
// already answered with an error page.
func (u *UI) parseForm(w http.ResponseWriter, r *http.Request, s *session) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.errorPage(w, r, s, http.StatusRequestEntityTooLarge, "error.body_too_large", "param", "1 MiB")
		} else {
			u.errorPage(w, r, s, http.StatusBadRequest, "error.bad_request")
		}
		return false
	}
	if !validUTF8(r.Form) {
		u.errorPage(w, r, s, http.StatusBadRequest, "error.invalid_utf8")
		return false
	}
	return true
}

// idForm reads the numeric id of the path and parses the form; on failure it has answered already.
func (u *UI) idForm(w http.ResponseWriter, r *http.Request, s *session) (int64, bool) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		u.fail(w, r, s, err)
		return 0, false
	}
	return id, u.parseForm(w, r, s)
}

// validQuery checks a GET request's query for UTF-8, answering 400 when it is not.
func (u *UI) validQuery(w http.ResponseWriter, r *http.Request, s *session) bool {
	if !validUTF8(r.URL.Query()) {
		u.errorPage(w, r, s, http.StatusBadRequest, "error.invalid_utf8")
		return false
	}
	return true
}

func validUTF8(vals url.Values) bool {
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}

// T translates a catalogue key into the page language.
func (v *view) T(key string, params ...string) string { return v.u.cat.T(v.Lang, key, params...) }

// Enum translates a coded value such as a status ("ui.status", "current"); unknown codes show as they are.
func (v *view) Enum(prefix, value string) string {
	if value == "" {
		return ""
	}
	if key := prefix + "." + value; v.u.cat.Has(v.Lang, key) {
		return v.T(key)
	}
	return value
}

// Can reports whether the signed-in actor has a capability anywhere, to show or hide controls. The service
// checks again on every action.
func (v *view) Can(c string) bool {
	return v.Session.Actor != nil && v.Session.Actor.Scope.Has(access.Capability(c))
}

// Asset returns the content-hash URL of a static file.
func (v *view) Asset(name string) string { return v.u.assets.url(name) }

// Languages lists the language switch's choices: code and name in that language.
func (v *view) Languages() []option {
	var out []option
	for _, l := range i18n.Languages() {
		out = append(out, option{Value: l, Label: v.T("ui.language_name." + l), Selected: v.Lang == l})
	}
	return out
}
