package ui

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/httpauth"
)

// unavailableData is the page shown while the database cannot be reached.
type unavailableData struct {
	Message string
	Retry   *retryForm // nil: the request cannot be offered again from this page
}

// retryForm sends a request again as it was, so that nothing typed into a form is lost to an outage.
type retryForm struct {
	Action string        // the URI the request went to
	Post   bool          // a form: hidden fields and a button; otherwise a link
	Fields []retryField  // sent again as they came
	Retype []retypeField // password fields, asked for again: a password is never written into a page
}

type retryField struct{ Name, Value string }

type retypeField struct{ Name, LabelKey string }

// unavailable answers 503 with Retry-After and a page that offers the request again: a link for a page, the
// same form for a form (see retryFormOf). The cause goes to the log, with the route pattern instead of the
// path, which may hold an invitation's secret.
func (u *UI) unavailable(w http.ResponseWriter, r *http.Request, s *session, err error) {
	u.log.Warn("database unavailable", "method", r.Method, "route", r.Pattern, "err", err)
	w.Header().Set("Retry-After", httpauth.RetryAfter)
	v := u.newView(r, s, "ui.error.unavailable")
	v.Data = unavailableData{Message: u.cat.T(s.Lang, "error.unavailable"), Retry: retryFormOf(w, r)}
	u.render(w, r, v, http.StatusServiceUnavailable, "unavailable")
}

// credentialRoutes are the forms that carry passwords, one-time codes, passkey assertions or a link's secret
// in the path. They are not offered again: the user goes back and signs in, or follows the link, anew.
func credentialRoutes() []string {
	return []string{"/login", "/password-reset/", "/invitation/", "/account/second-factor", "/account/passkeys"}
}

// retryFormOf rebuilds the request for the unavailable page: GET as a link, a URL-encoded form as the same
// form with hidden fields. It answers nil for a file upload (a file cannot be put into a page) and for the
// credential routes. The form goes back to the same address on this site, so the cross-origin protection
// that let it through the first time lets it through again.
func retryFormOf(w http.ResponseWriter, r *http.Request) *retryForm {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return &retryForm{Action: r.URL.RequestURI()}
	}
	if underAny(r.URL.Path, credentialRoutes()) {
		return nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return nil
	}
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil || !validUTF8(r.PostForm) {
			return nil
		}
	}
	f := &retryForm{Action: r.URL.RequestURI(), Post: true}
	names := make([]string, 0, len(r.PostForm))
	for name := range r.PostForm {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, value := range r.PostForm[name] {
			if strings.Contains(name, "password") && value != "" {
				f.Retype = append(f.Retype, retypeField{Name: name, LabelKey: passwordLabel(name)})
				continue
			}
			f.Fields = append(f.Fields, retryField{Name: name, Value: value})
		}
	}
	return f
}

// passwordLabel names a password field to retype by its form's own label.
func passwordLabel(name string) string {
	switch name {
	case "current_password":
		return "ui.account.current_password"
	case "password_confirm":
		return "ui.account.confirm_password"
	}
	return "ui.account.new_password"
}
