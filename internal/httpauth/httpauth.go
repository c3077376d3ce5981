// Package httpauth carries the signed-in actor through a request: it reads the session cookie or the API
// token, resolves the actor through the service, and stores it in the request context for the handlers of the
// API and the UI.
package httpauth

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
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

// Resolve finds the actor of a request: a bearer API token first, then the session cookie. It returns nil
// when neither is valid.
func Resolve(r *http.Request, svc *service.Service, secure bool) *access.Actor {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil
		}
		a, err := svc.TokenActor(r.Context(), strings.TrimSpace(token))
		if err != nil {
			return nil
		}
		return a
	}
	c, err := r.Cookie(CookieName(secure))
	if err != nil {
		return nil
	}
	a, err := svc.SessionActor(r.Context(), c.Value)
	if err != nil {
		return nil
	}
	return a
}

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
