package ui

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
	"github.com/roster-crm/roster/internal/i18n"
)

// session is what a handler knows about the request beyond the request itself: who is signed in (nil Actor on
// public pages without a session), their profile with live grants for the layout, and the page language.
type session struct {
	Actor *access.Actor
	User  domain.User // with live grants only
	Lang  string
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session)

// langCookie holds an explicit language choice from the language switch.
const langCookie = "roster_lang"

// withSession resolves the actor and language, sends visitors without a session to the sign-in page and
// users who still have to accept the pledge or enrol a second factor to that page (see gateClosed), and
// marks every page as uncacheable: pages hold personal data. When the session cannot be looked up (the
// database is down), the request fails as such: it is not a visitor without a session.
func (u *UI) withSession(public bool, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s := &session{}
		err := u.resolve(r, s)
		s.Lang = u.language(r, s)
		switch {
		case err != nil:
			u.fail(w, r, s, err)
			return
		case s.Actor == nil && !public:
			u.toLogin(w, r)
			return
		case s.Actor != nil && !public && u.gateClosed(w, r, s):
			return
		}
		h(w, r, s)
	})
}

// resolve fills in the signed-in actor and their profile with live grants; it leaves s empty for a visitor
// without a valid session.
func (u *UI) resolve(r *http.Request, s *session) error {
	a, err := httpauth.Resolve(r, u.svc, u.secure)
	if err != nil || a == nil {
		return err
	}
	user, err := u.svc.User(r.Context(), a, a.UserID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil // the account went away since the session was looked up
	}
	if err != nil {
		return err
	}
	s.Actor, s.User = a, user
	s.User.Grants = slices.DeleteFunc(user.Grants, func(g domain.Grant) bool { return !g.Live(a.At) })
	return nil
}

// language picks the page language: an explicit choice (cookie), then the user's profile, then the browser.
func (u *UI) language(r *http.Request, s *session) string {
	if c, err := r.Cookie(langCookie); err == nil && slices.Contains(i18n.Languages(), c.Value) {
		return c.Value
	}
	if s.Actor != nil && slices.Contains(i18n.Languages(), s.User.Language) {
		return s.User.Language
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// toLogin redirects to the sign-in page, asking it to come back to the page requested (GET only: a form
// action cannot be repeated by a redirect). Someone who gave the password and owes the second factor goes
// back to that step, not to the password again.
func (u *UI) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if u.halfSignedIn(r) {
		target = "/login/second-factor"
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath accepts only a path on this site ("/contacts?q=x"), never another host ("//evil", "https://x",
// "/\evil"), so that next= and back= cannot be used for open redirects. Anything else becomes fallback.
func localPath(p, fallback string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return fallback
	}
	pu, err := url.Parse(p)
	if err != nil || pu.Scheme != "" || pu.Host != "" || pu.User != nil {
		return fallback
	}
	return p
}

// setLanguage stores the chosen language and goes back to the page the switch was on.
func (u *UI) setLanguage(w http.ResponseWriter, r *http.Request, s *session) {
	if !u.parseForm(w, r, s) {
		return
	}
	lang := r.PostForm.Get("lang")
	if !slices.Contains(i18n.Languages(), lang) {
		u.errorPage(w, r, s, http.StatusBadRequest, "error.bad_request")
		return
	}
	u.setLanguageCookie(w, lang)
	http.Redirect(w, r, localPath(r.PostForm.Get("back"), "/"), http.StatusSeeOther)
}

func (u *UI) setLanguageCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: u.secure, SameSite: http.SameSiteLaxMode})
}

// flashCookie carries a one-time confirmation ("Saved.") across the redirect after a form; the value is a
// message code, looked up as ui.flash.<code>, never text, optionally followed by numbers for the message's
// placeholders ("tag_added?changed=3&skipped=1").
const flashCookie = "roster_flash"

// redirect answers a successful form with 303 See Other to target and a confirmation for the next page.
func (u *UI) redirect(w http.ResponseWriter, r *http.Request, target, flash string) {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flash, Path: "/", MaxAge: 60,
			HttpOnly: true, Secure: u.secure, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// flashCounts is a confirmation code with numbers for its placeholders, for redirect.
func flashCounts(code string, counts map[string]int) string {
	v := url.Values{}
	for k, n := range counts {
		v.Set(k, strconv.Itoa(n))
	}
	return code + "?" + v.Encode()
}

// takeFlash reads and clears the confirmation for this page. Only numbers fill placeholders, so a forged
// cookie cannot put text on the page.
func (u *UI) takeFlash(w http.ResponseWriter, r *http.Request, lang string) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: u.secure, SameSite: http.SameSiteLaxMode})
	code, rawCounts, _ := strings.Cut(c.Value, "?")
	key := "ui.flash." + code
	if !u.cat.Has(lang, key) {
		return ""
	}
	counts, _ := url.ParseQuery(rawCounts)
	var params []string
	for k := range counts {
		if n, err := strconv.Atoi(counts.Get(k)); err == nil && n >= 0 {
			params = append(params, k, groupThousands(strconv.Itoa(n), localeOf(lang).thousands))
		}
	}
	return u.cat.T(lang, key, params...)
}
