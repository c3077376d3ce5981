// Package httpauth carries the signed-in actor through a request: it reads the session cookie or the API
// token, resolves the actor through the service, and stores it in the request context for the handlers of the
// API and the UI.
package httpauth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
)

// CookieName is the session cookie. The "__Host-" prefix (on HTTPS) binds it to this host and path "/".
func CookieName(secure bool) string {
	if secure {
		return "__Host-roster_session"
	}
	return "roster_session"
}

type ctxKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a *access.Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// Actor returns the request's actor, nil when nobody is signed in.
func Actor(ctx context.Context) *access.Actor {
	a, _ := ctx.Value(ctxKey{}).(*access.Actor)
	return a
}

// Resolve finds the actor of a request: a bearer API token first, then the session cookie. It returns a nil
// actor and no error when the request carries no valid credentials. Any other failure — above all a database
// that cannot be reached — is returned as the error: it says nothing about the credentials, so the caller must
// not treat the request as signed out (a valid token would get 401, a page would be lost to the sign-in form).
func Resolve(r *http.Request, svc *service.Service, secure bool) (*access.Actor, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, nil
		}
		return signedIn(svc.TokenActor(r.Context(), strings.TrimSpace(token)))
	}
	c, err := r.Cookie(CookieName(secure))
	if err != nil {
		return nil, nil
	}
	return signedIn(svc.SessionActor(r.Context(), c.Value))
}

// signedIn keeps the errors that mean "these credentials sign nobody in" apart from failures to find out.
func signedIn(a *access.Actor, err error) (*access.Actor, error) {
	switch {
	case err == nil:
		return a, nil
	case errors.Is(err, domain.ErrUnauthenticated), errors.Is(err, domain.ErrSecondFactorRequired),
		errors.Is(err, domain.ErrNotFound):
		return nil, nil
	}
	return nil, err
}

// RetryAfter is the Retry-After header value (seconds) of the 503 that the API and the pages answer while the
// database cannot be reached: long enough not to hammer a recovering server, short enough that a user who
// presses "Try again" after it is usually served.
const RetryAfter = "5"

// SessionSecret returns the session cookie's value, "" when absent.
func SessionSecret(r *http.Request, secure bool) string {
	c, err := r.Cookie(CookieName(secure))
	if err != nil {
		return ""
	}
	return c.Value
}

// SetSession sets the session cookie: HttpOnly, SameSite=Lax, Secure on HTTPS.
func SetSession(w http.ResponseWriter, secret string, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName(secure), Value: secret, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(service.SessionAbsolute / time.Second),
	})
}

// ClearSession removes the session cookie.
func ClearSession(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: CookieName(secure), Value: "", Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
