package browsertest

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpd"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/jobs/jobstest"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

const password = "correct horse battery staple"

// The people who sign in: one per level of the organization.
const (
	adminEmail  = "admin@example.org"  // Ada Admin, administrator of the whole organization
	stateEmail  = "state@example.org"  // Birgit Bayer, manager for Bayern and its counties
	countyEmail = "county@example.org" // Otto Officer, manager for München only
)

// site is a running Roster on one test database with a small organization: Bund with the states Bayern and
// Berlin, Bayern with the counties München and Augsburg (each with its postal codes), and a few contacts
// whose names are not ASCII.
type site struct {
	url string // of the httptest server
	svc *service.Service
	cat *i18n.Catalog
	sys *access.Actor

	national, bavaria, berlin, munich, augsburg domain.Unit
	regular, reduced                            domain.MembershipType

	juergen *domain.Contact // Jürgen Öztürk, member in München
	anais   *domain.Contact // Anaïs Ødegård, member in München
	zoe     *domain.Contact // Zoë Weiß, member in Augsburg
	lukasz  *domain.Contact // Łukasz Dąbrowski, Berlin, not a member
}

// Postal codes: each county has its own; sharedCode is claimed by Augsburg and by Berlin (a code that
// crosses a border), so only someone who may write to both sees two candidates.
const (
	munichCode   = "80331"
	augsburgCode = "86150"
	sharedCode   = "86199"
)

// eachSite runs fn on a fresh site per database backend; without a browser it skips at once.
func eachSite(t *testing.T, fn func(t *testing.T, s *site)) {
	browser(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newSite(t, st)) })
}

func newSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	ctx := context.Background()
	svc := service.New(st, service.Options{PasswordCost: auth.Params{Memory: 1024, Time: 1, Threads: 1}})
	s := &site{svc: svc, cat: must(i18n.Load())(t)}
	s.sys = must(svc.SystemActor(ctx, "browser test"))(t)
	s.national = s.unit(t, 0, "Bund", "national")
	s.sys = must(svc.SystemActor(ctx, "browser test"))(t) // now with the root in scope
	s.bavaria = s.unit(t, s.national.ID, "Bayern", "state")
	s.berlin = s.unit(t, s.national.ID, "Berlin", "state")
	s.munich = s.unit(t, s.bavaria.ID, "München", "county")
	s.augsburg = s.unit(t, s.bavaria.ID, "Augsburg", "county")
	s.postalCodes(t, s.munich.ID, munichCode, "München")
	s.postalCodes(t, s.augsburg.ID, augsburgCode, "Augsburg")
	s.postalCodes(t, s.augsburg.ID, sharedCode, "Augsburg")
	s.postalCodes(t, s.berlin.ID, sharedCode, "Berlin")
	s.regular = s.membershipType(t, "Regular")
	s.reduced = s.membershipType(t, "Reduced")
	s.user(t, adminEmail, "Ada Admin", s.national.ID, access.Admin)
	s.user(t, stateEmail, "Birgit Bayer", s.bavaria.ID, access.Manager)
	s.user(t, countyEmail, "Otto Officer", s.munich.ID, access.Manager)
	s.juergen = s.member(t, "Jürgen", "Öztürk", "juergen@example.org", s.munich.ID)
	s.anais = s.member(t, "Anaïs", "Ødegård", "anais@example.org", s.munich.ID)
	s.zoe = s.member(t, "Zoë", "Weiß", "zoe@example.org", s.augsburg.ID)
	s.lukasz = s.contact(t, domain.ContactInput{GivenName: new("Łukasz"), FamilyName: new("Dąbrowski"),
		HomeUnitID: &s.berlin.ID})

	h, err := httpd.Handler(svc, s.cat, httpd.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jobstest.Start(t, st, svc)
	s.url = srv.URL
	return s
}

func (s *site) unit(t *testing.T, parent int64, name, kind string) domain.Unit {
	t.Helper()
	in := domain.UnitInput{Name: &name, Kind: &kind}
	if parent != 0 {
		in.ParentID = &parent
	}
	return must(s.svc.CreateUnit(context.Background(), s.sys, in))(t)
}

func (s *site) postalCodes(t *testing.T, unit int64, code, place string) {
	t.Helper()
	err := s.svc.AddPostalCodes(context.Background(), s.sys, unit, []domain.PostalMapping{{PostalCode: code, Place: place}})
	if err != nil {
		t.Fatal(err)
	}
}

func (s *site) membershipType(t *testing.T, name string) domain.MembershipType {
	t.Helper()
	return must(s.svc.SaveMembershipType(context.Background(), s.sys, 0, domain.MembershipTypeInput{Name: &name}))(t)
}

func (s *site) user(t *testing.T, email, name string, unit int64, role string) {
	t.Helper()
	ctx := context.Background()
	u := must(s.svc.CreateUser(ctx, s.sys, domain.UserInput{Email: &email, Name: &name, Language: new("en"),
		Password: new(password)}))(t)
	must(s.svc.GrantRole(ctx, s.sys, domain.GrantInput{UserID: u.ID, UnitID: unit, Role: role}))(t)
}

func (s *site) contact(t *testing.T, in domain.ContactInput) *domain.Contact {
	t.Helper()
	return must(s.svc.CreateContact(context.Background(), s.sys, in))(t)
}

// member adds a contact with a current regular membership, which gives it a member number.
func (s *site) member(t *testing.T, given, family, email string, unit int64) *domain.Contact {
	t.Helper()
	in := domain.ContactInput{GivenName: &given, FamilyName: &family, HomeUnitID: &unit,
		Emails: &[]domain.Email{{Address: email}}}
	first := &domain.MembershipInput{TypeID: &s.regular.ID, StartDate: new(s.svc.Today())}
	c := must(s.svc.CreateMember(context.Background(), s.sys, in, first))(t)
	if c.MemberNumber == "" {
		t.Fatalf("%s %s got no member number", given, family)
	}
	return c
}

// msg is a message of the catalogue: tests look for what the page says in the language it is in, so a
// changed wording does not break them.
func (s *site) msg(lang, key string, params ...string) string { return s.cat.T(lang, key, params...) }

// en is msg in English, the browser's language.
func (s *site) en(key string, params ...string) string { return s.msg("en", key, params...) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// must turns a (value, error) result into the value, failing the test on error: must(f())(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
