package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// A contact's entity tag names its id and version: the version changes with every change an update can make,
// and the id keeps a tag read from one contact from matching another that happens to be at the same version.

func contactETag(c *domain.Contact) string { return fmt.Sprintf(`"%d-%d"`, c.ID, c.Version) }

// tagged sets the ETag of a contact being answered, for the GET-then-PATCH-with-If-Match round trip.
func tagged(w http.ResponseWriter) func(*domain.Contact, error) (*domain.Contact, error) {
	return func(c *domain.Contact, err error) (*domain.Contact, error) {
		if err == nil {
			w.Header().Set("ETag", contactETag(c))
		}
		return c, err
	}
}

var errPreconditionFailed = badRequest{http.StatusPreconditionFailed, "precondition_failed", ""}

// ifMatchVersions reads the If-Match header of an update of contact id: the versions its tags name, and
// whether there is a precondition at all ("*" and no header are none). Weak tags and tags of other contacts
// never match (If-Match compares strongly).
func ifMatchVersions(r *http.Request, id int64) (versions []int, conditional bool) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil, false
	}
	prefix := strconv.FormatInt(id, 10) + "-"
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimSpace(tag)
		inner, ok := strings.CutPrefix(tag, `"`+prefix)
		if !ok || !strings.HasSuffix(inner, `"`) {
			continue
		}
		if v, err := strconv.Atoi(strings.TrimSuffix(inner, `"`)); err == nil {
			versions = append(versions, v)
		}
	}
	return versions, true
}

// applyIfMatch turns an If-Match precondition into the update's expected version, which the service checks in
// the same transaction as the write. A precondition that cannot hold fails at once. Several tags (rare) are
// resolved against the current version, which the service then checks again.
func (a *API) applyIfMatch(ctx context.Context, r *http.Request, actor *access.Actor, id int64, in *domain.ContactInput) (bool, error) {
	versions, conditional := ifMatchVersions(r, id)
	if !conditional {
		return false, nil
	}
	want := versions
	if in.Version != nil { // a version in the body too: both must hold
		want = slices.DeleteFunc(want, func(v int) bool { return v != *in.Version })
	}
	slices.Sort(want)
	want = slices.Compact(want)
	switch {
	case len(want) == 0:
		return true, errPreconditionFailed
	case len(want) > 1:
		c, err := a.svc.GetContact(ctx, actor, id)
		if err != nil {
			return true, err
		}
		if !slices.Contains(want, c.Version) {
			return true, errPreconditionFailed
		}
		want = []int{c.Version}
	}
	in.Version = &want[0]
	return true, nil
}

// updateContact changes a contact. With If-Match, a contact that moved on answers 412 Precondition Failed;
// without, a stale "version" in the body answers 409 Conflict as before.
func (a *API) updateContact(w http.ResponseWriter, r *http.Request, actor *access.Actor) {
	withIDBody(a, w, r, http.StatusOK, func(id int64, in domain.ContactInput) (*domain.Contact, error) {
		conditional, err := a.applyIfMatch(r.Context(), r, actor, id, &in)
		if err != nil {
			return nil, err
		}
		c, err := a.svc.UpdateContact(r.Context(), actor, id, in)
		if conditional && errors.Is(err, domain.ErrConflict) {
			err = errPreconditionFailed // the only conflict of an update is a version that moved on
		}
		return tagged(w)(c, err)
	})
}
