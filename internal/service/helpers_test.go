package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// fixture is a service on a fresh database with a controllable clock.
type fixture struct {
	t   testing.TB
	ctx context.Context
	st  *store.Store
	svc *service.Service
	now time.Time
}

func newFixture(t testing.TB, st *store.Store) *fixture {
	f := &fixture{t: t, ctx: context.Background(), st: st, now: time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)}
	st.Now = func() time.Time { return f.now }
	f.svc = service.New(st, service.Options{PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}, Location: time.UTC})
	return f
}

// system returns a fresh system actor (its scope covers the roots that exist now).
func (f *fixture) system() *access.Actor {
	a, err := f.svc.SystemActor(f.ctx, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) unit(parent int64, name string) domain.Unit {
	f.t.Helper()
	in := domain.UnitInput{Name: &name}
	if parent != 0 {
		in.ParentID = &parent
	}
	u, err := f.svc.CreateUnit(f.ctx, f.system(), in)
	if err != nil {
		f.t.Fatalf("unit %s: %v", name, err)
	}
	return u
}

func (f *fixture) user(email string) domain.User {
	f.t.Helper()
	name := "User " + email
	u, err := f.svc.CreateUser(f.ctx, f.system(), domain.UserInput{Email: &email, Name: &name})
	if err != nil {
		f.t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func (f *fixture) grant(user, unit int64, role string, expires *time.Time) domain.Grant {
	f.t.Helper()
	g, err := f.svc.GrantRole(f.ctx, f.system(), domain.GrantInput{UserID: user, UnitID: unit, Role: role, ExpiresAt: expires})
	if err != nil {
		f.t.Fatalf("grant: %v", err)
	}
	return g
}

func (f *fixture) actor(user int64) *access.Actor {
	f.t.Helper()
	a, err := f.svc.ActorFor(f.ctx, user)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) person(a *access.Actor, unit int64, given, family string) *domain.Contact {
	f.t.Helper()
	c, err := f.svc.CreateContact(f.ctx, a, domain.ContactInput{HomeUnitID: &unit, GivenName: &given, FamilyName: &family})
	if err != nil {
		f.t.Fatalf("contact %s %s: %v", given, family, err)
	}
	return c
}
