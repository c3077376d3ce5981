package service_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/auth/totp"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// mailbox captures the mail the service sends.
type mailbox struct {
	mu   sync.Mutex
	mail []string
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mail = append(m.mail, to+"\n"+subject+"\n"+body)
	return nil
}

// link returns the first line of the last mail that contains prefix.
func (m *mailbox) link(t *testing.T, prefix string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.mail) - 1; i >= 0; i-- {
		for _, line := range strings.Split(m.mail[i], "\n") {
			if strings.Contains(line, prefix) {
				return strings.TrimSpace(line)
			}
		}
	}
	t.Fatalf("no mail with %q in %v", prefix, m.mail)
	return ""
}

// accountFixture is a fixture whose service can enrol second factors and sends mail to a mailbox.
func accountFixture(t *testing.T, st *store.Store) (*fixture, *mailbox) {
	f := newFixture(t, st)
	box := &mailbox{}
	f.svc = service.New(st, service.Options{PasswordCost: auth.Params{Memory: 64, Time: 1, Threads: 1}, Location: time.UTC,
		SecretKey: auth.NewKey(), Mailer: box, BaseURL: "https://roster.example.org"})
	return f, box
}

const pw = "correct horse battery"

func (f *fixture) member(email string, unit int64, role string) domain.User {
	f.t.Helper()
	name := "Person " + email
	u, err := f.svc.CreateUser(f.ctx, f.system(), domain.UserInput{Email: &email, Name: &name, Password: ptr(pw)})
	if err != nil {
		f.t.Fatal(err)
	}
	f.grant(u.ID, unit, role, nil)
	return u
}

func TestTOTPSignInReplayAndRecovery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		u := f.member("anna@example.org", root.ID, access.Manager)
		a := f.actor(u.ID)
		en, err := f.svc.BeginTOTP(f.ctx, a, "Roster")
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := totp.DecodeSecret(en.Secret)
		if _, err := f.svc.ConfirmTOTP(f.ctx, a, "000000"); err == nil && totp.Default().At(secret, f.now) != "000000" {
			t.Fatal("a wrong first code confirmed the factor")
		}
		codes, err := f.svc.ConfirmTOTP(f.ctx, a, totp.Default().At(secret, f.now))
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm: %v %v", codes, err)
		}
		// Sign in: the password opens a half session that sees nothing until the second factor.
		f.now = f.now.Add(time.Minute)
		res, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw, From: "192.0.2.1"})
		if err != nil || !res.SecondFactorDue {
			t.Fatalf("sign in: %+v %v", res, err)
		}
		if _, err := f.svc.SessionActor(f.ctx, res.Secret); !errors.Is(err, domain.ErrSecondFactorRequired) {
			t.Fatalf("half session resolved to an actor: %v", err)
		}
		code := totp.Default().At(secret, f.now)
		full, _, err := f.svc.VerifySecondFactor(f.ctx, res.Secret, code, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SessionActor(f.ctx, full); err != nil {
			t.Fatalf("full session: %v", err)
		}
		if _, err := f.svc.SessionActor(f.ctx, res.Secret); err == nil {
			t.Fatal("the half session still works after the second factor: no new session id")
		}
		// The same code again (replay) is refused, in a new sign-in within the same 30 seconds.
		res2, _ := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw})
		if _, _, err := f.svc.VerifySecondFactor(f.ctx, res2.Secret, code, ""); err == nil {
			t.Fatal("a used TOTP code was accepted again")
		}
		// A recovery code works once.
		if _, used, err := f.svc.VerifySecondFactor(f.ctx, res2.Secret, strings.ToUpper(codes[0]), ""); err != nil || !used {
			t.Fatalf("recovery code: %v", err)
		}
		res3, _ := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw})
		if _, _, err := f.svc.VerifySecondFactor(f.ctx, res3.Secret, codes[0], ""); err == nil || err.Error() != "invalid input: code: recovery_code_used" {
			t.Fatalf("a recovery code the second time: %v", err)
		}
		// An admin resets the factors: the next sign-in needs none, and all sessions ended.
		if err := f.svc.ResetSecondFactors(f.ctx, f.system(), u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SessionActor(f.ctx, full); err == nil {
			t.Fatal("sessions survived the factor reset")
		}
		res4, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw})
		if err != nil || res4.SecondFactorDue {
			t.Fatalf("after reset: %+v %v", res4, err)
		}
		log, _ := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{EntityType: "user", EntityID: u.ID})
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		for _, want := range []string{"factor.enrol", "signin.second_factor", "signin.second_factor_failure", "factor.reset"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}
	})
}

func TestPledgeAndSecondFactorGates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		f.person(f.system(), root.ID, "Some", "Contact")
		admin := f.member("admin@example.org", root.ID, access.Admin)
		u := f.member("vol@example.org", root.ID, access.Viewer)
		sees := func(id int64) int {
			a := f.actor(id)
			n, err := f.svc.CountContacts(f.ctx, a, domain.ContactFilter{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if sees(u.ID) != 1 {
			t.Fatal("no pledge published: the volunteer should see the contact")
		}
		p, err := f.svc.PublishPledge(f.ctx, f.actor(admin.ID), "Datenschutz", "I keep members' data confidential.")
		if err != nil {
			t.Fatal(err)
		}
		if a := f.actor(u.ID); !a.PledgeRequired || sees(u.ID) != 0 {
			t.Fatal("an unaccepted pledge does not block contact data")
		}
		if err := f.svc.AcceptPledge(f.ctx, f.actor(u.ID), p.Version, "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if sees(u.ID) != 1 {
			t.Fatal("accepting the pledge did not open access")
		}
		// The admin, too, is gated: it cannot publish (or do anything) before accepting.
		if _, err := f.svc.PublishPledge(f.ctx, f.actor(admin.ID), "Datenschutz", "Version two."); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("gated admin published: %v", err)
		}
		if err := f.svc.AcceptPledge(f.ctx, f.actor(admin.ID), p.Version, ""); err != nil {
			t.Fatal(err)
		}
		p2, err := f.svc.PublishPledge(f.ctx, f.actor(admin.ID), "Datenschutz", "Version two.")
		if err != nil {
			t.Fatal(err)
		}
		if sees(u.ID) != 0 {
			t.Fatal("a new pledge version must be accepted again")
		}
		if err := f.svc.AcceptPledge(f.ctx, f.actor(u.ID), p.Version, ""); err == nil {
			t.Fatal("accepting an outdated version counted")
		}
		for _, id := range []int64{u.ID, admin.ID} {
			if err := f.svc.AcceptPledge(f.ctx, f.actor(id), p2.Version, ""); err != nil {
				t.Fatal(err)
			}
		}
		// A second factor required for viewers blocks the volunteer until they enrol one.
		if err := f.svc.SetSecondFactorPolicy(f.ctx, f.actor(admin.ID), "viewer"); err != nil {
			t.Fatal(err)
		}
		if a := f.actor(u.ID); !a.EnrolmentRequired || sees(u.ID) != 0 {
			t.Fatal("second-factor policy not enforced")
		}
		if sees(admin.ID) != 1 {
			t.Fatal("the policy for viewers blocked an admin")
		}
		en, _ := f.svc.BeginTOTP(f.ctx, f.actor(u.ID), "Roster")
		secret, _ := totp.DecodeSecret(en.Secret)
		if _, err := f.svc.ConfirmTOTP(f.ctx, f.actor(u.ID), totp.Default().At(secret, f.now)); err != nil {
			t.Fatal(err)
		}
		if sees(u.ID) != 1 {
			t.Fatal("enrolling did not open access")
		}
	})
}

func TestThrottlingLooksTheSameForUnknownAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		f.member("known@example.org", root.ID, access.Viewer)
		for _, email := range []string{"known@example.org", "unknown@example.org"} {
			var errs []string
			for range 7 {
				_, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: email, Password: "wrong password!", From: "198.51.100.1"})
				errs = append(errs, err.Error())
			}
			if errs[0] != domain.ErrUnauthenticated.Error() || errs[6] != domain.ErrThrottled.Error() {
				t.Fatalf("%s: %v", email, errs)
			}
		}
		// Locked: even the right password fails now; after the delay it works and resets the counter.
		if _, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "known@example.org", Password: pw, From: "198.51.100.1"}); !errors.Is(err, domain.ErrThrottled) {
			t.Fatalf("right password while locked: %v", err)
		}
		f.now = f.now.Add(16 * time.Minute)
		if _, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "known@example.org", Password: pw, From: "198.51.100.1"}); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
	})
}

// An office signs in from one address. One person's wrong passwords lock that person's account from that
// address only: colleagues behind the same address sign in, and so does the person from home. Attempts on
// accounts that do not exist are counted per address, so that guessing e-mail addresses from one place
// stops, for every account asked from there.
func TestThrottlingCountsPerAccountAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, box := accountFixture(t, st)
		root := f.unit(0, "Root")
		for _, email := range []string{"careless@example.org", "colleague@example.org", "third@example.org"} {
			f.member(email, root.ID, access.Viewer)
		}
		const office, home = "203.0.113.7", "198.51.100.20"
		signIn := func(email, password, from string) error {
			_, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: email, Password: password, From: from})
			return err
		}
		for i := range 40 {
			if err := signIn("careless@example.org", "wrong password "+strconv.Itoa(i), office); err == nil {
				t.Fatal("a wrong password signed in")
			}
		}
		if err := signIn("careless@example.org", pw, office); !errors.Is(err, domain.ErrThrottled) {
			t.Fatalf("the account that failed 40 times, from the same address: %v", err)
		}
		if err := signIn("colleague@example.org", pw, office); err != nil {
			t.Fatalf("a colleague behind the same address after someone else's failures: %v", err)
		}
		if err := signIn("careless@example.org", pw, home); err != nil {
			t.Fatalf("the same person from another address: %v", err)
		}
		// A new password by a reset link ends the lock at every address.
		if err := f.svc.RequestPasswordReset(f.ctx, "careless@example.org", home); err != nil {
			t.Fatal(err)
		}
		link := box.link(t, "/password-reset/")
		if err := f.svc.ResetPassword(f.ctx, link[strings.LastIndex(link, "/")+1:], "a brand new passphrase"); err != nil {
			t.Fatal(err)
		}
		if err := signIn("careless@example.org", "a brand new passphrase", office); err != nil {
			t.Fatalf("after a password reset, from the locked address: %v", err)
		}
		// Failures on known accounts do not add up per address: five each on two more accounts still leave
		// the address open.
		for _, email := range []string{"colleague@example.org", "third@example.org"} {
			for range 4 {
				_ = signIn(email, "not the password", office)
			}
		}
		if err := signIn("third@example.org", pw, office); err != nil {
			t.Fatalf("after four failures on each of three accounts: %v", err)
		}
		// Unknown accounts are counted per address: after many, the address waits, whichever account it asks for.
		for i := range 30 {
			if err := signIn("guess"+strconv.Itoa(i)+"@example.org", "password guess", home); !errors.Is(err, domain.ErrUnauthenticated) {
				t.Fatalf("unknown account no. %d: %v", i+1, err)
			}
		}
		if err := signIn("guess99@example.org", "password guess", home); !errors.Is(err, domain.ErrThrottled) {
			t.Fatalf("after 30 unknown accounts from one address: %v", err)
		}
		if err := signIn("colleague@example.org", "wrong again", home); !errors.Is(err, domain.ErrThrottled) {
			t.Fatalf("a known account from an address locked for guessing: %v", err)
		}
		if err := signIn("colleague@example.org", pw, office); err != nil {
			t.Fatalf("the office is not affected by guessing elsewhere: %v", err)
		}
	})
}

func TestPasswordResetAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, box := accountFixture(t, st)
		root := f.unit(0, "Root")
		u := f.member("reset@example.org", root.ID, access.Viewer)
		old, _ := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "reset@example.org", Password: pw, UserAgent: "Firefox"})
		other, _ := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "reset@example.org", Password: pw, UserAgent: "Phone"})
		a, _ := f.svc.SessionActor(f.ctx, old.Secret)
		list, _ := f.svc.Sessions(f.ctx, a, old.Secret)
		if len(list) != 2 || !list[0].Current && !list[1].Current {
			t.Fatalf("sessions %+v", list)
		}
		for _, s := range list {
			if !s.Current {
				if err := f.svc.EndSession(f.ctx, a, s.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := f.svc.SessionActor(f.ctx, other.Secret); err == nil {
			t.Fatal("ended session still works")
		}
		if err := f.svc.RequestPasswordReset(f.ctx, "nobody@example.org", ""); err != nil {
			t.Fatal("unknown address should answer like a known one")
		}
		if err := f.svc.RequestPasswordReset(f.ctx, "RESET@example.org", ""); err != nil {
			t.Fatal(err)
		}
		link := box.link(t, "/password-reset/")
		secret := link[strings.LastIndex(link, "/")+1:]
		if err := f.svc.ResetPassword(f.ctx, secret, "short"); err == nil {
			t.Fatal("weak password accepted")
		}
		// The failed attempt spent nothing: the transaction rolled back.
		if err := f.svc.ResetPassword(f.ctx, secret, "a brand new passphrase"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ResetPassword(f.ctx, secret, "another new passphrase"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("reset link worked twice: %v", err)
		}
		if _, err := f.svc.SessionActor(f.ctx, old.Secret); err == nil {
			t.Fatal("sessions survived the password reset")
		}
		if _, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: u.Email, Password: "a brand new passphrase"}); err != nil {
			t.Fatal(err)
		}
		// Links expire after 30 minutes.
		_ = f.svc.RequestPasswordReset(f.ctx, u.Email, "")
		link = box.link(t, "/password-reset/")
		f.now = f.now.Add(31 * time.Minute)
		if err := f.svc.ResetPassword(f.ctx, link[strings.LastIndex(link, "/")+1:], "yet another passphrase"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("expired link: %v", err)
		}
	})
}

func TestInvitationAndAccessRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, box := accountFixture(t, st)
		root := f.unit(0, "Root")
		state := f.unit(root.ID, "State")
		other := f.unit(root.ID, "Other state")
		admin := f.member("admin@example.org", state.ID, access.Admin)
		a := f.actor(admin.ID)
		if _, err := f.svc.Invite(f.ctx, a, "new@example.org", "New Volunteer", []domain.InvitedGrant{{UnitID: other.ID, Role: access.Viewer}}); err == nil {
			t.Fatal("invited to a unit outside the admin's scope")
		}
		if _, err := f.svc.Invite(f.ctx, a, "new@example.org", "New Volunteer", []domain.InvitedGrant{{UnitID: state.ID, Role: access.Treasurer}}); err == nil {
			t.Fatal("invited with a role above the admin's own")
		}
		p, _ := f.svc.PublishPledge(f.ctx, f.system(), "Pledge", "Confidential.")
		inv, err := f.svc.Invite(f.ctx, a, "New@Example.org", "New Volunteer", []domain.InvitedGrant{{UnitID: state.ID, Role: access.Manager}})
		if err != nil {
			t.Fatal(err)
		}
		link := box.link(t, "/invitation/")
		if link != inv.Link {
			t.Fatalf("mailed %q, returned %q", link, inv.Link)
		}
		secret := link[strings.LastIndex(link, "/")+1:]
		if _, _, err := f.svc.AcceptInvitation(f.ctx, service.AcceptInvitationRequest{Secret: secret, Password: pw}); err == nil {
			t.Fatal("accepted without the pledge")
		}
		sess, u, err := f.svc.AcceptInvitation(f.ctx, service.AcceptInvitationRequest{Secret: secret, Password: pw, PledgeVersion: p.Version, From: "203.0.113.9"})
		if err != nil {
			t.Fatal(err)
		}
		actor, err := f.svc.SessionActor(f.ctx, sess)
		if err != nil || actor.PledgeRequired || !actor.Scope.Has(access.WriteContacts) || u.Email != "new@example.org" {
			t.Fatalf("new user's actor %+v %v", actor, err)
		}
		if _, _, err := f.svc.AcceptInvitation(f.ctx, service.AcceptInvitationRequest{Secret: secret, Password: pw, PledgeVersion: p.Version}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("invitation link worked twice: %v", err)
		}
		// Access requests: visible to the admin of the unit, not to others; approval sends an invitation.
		req, err := f.svc.RequestAccess(f.ctx, nil, domain.AccessRequest{Email: "asker@example.org", Name: "Asker", Unit: domain.UnitRef{ID: state.ID},
			Role: access.Viewer, DecisionText: "Board decision of 2026-11-01, item 4"})
		if err != nil {
			t.Fatal(err)
		}
		otherAdmin := f.member("otheradmin@example.org", other.ID, access.Admin)
		if l, _ := f.svc.AccessRequests(f.ctx, f.actor(otherAdmin.ID), true); len(l) != 0 {
			t.Fatalf("another state's admin sees %v", l)
		}
		if _, err := f.svc.DecideAccessRequest(f.ctx, f.actor(otherAdmin.ID), req.ID, service.AccessDecision{Approve: true}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("decided out of scope: %v", err)
		}
		if _, err := f.svc.DecideAccessRequest(f.ctx, a, req.ID, service.AccessDecision{Approve: false}); err == nil {
			t.Fatal("rejected without a reason")
		}
		done, err := f.svc.DecideAccessRequest(f.ctx, a, req.ID, service.AccessDecision{Approve: true, Role: access.Manager})
		if err != nil || done.Status != "approved" || done.InvitationID == 0 || !strings.Contains(box.link(t, "/invitation/"), "/invitation/") {
			t.Fatalf("approve: %+v %v", done, err)
		}
		if l, _ := f.svc.AccessRequests(f.ctx, a, true); len(l) != 0 {
			t.Fatalf("decided request still pending: %v", l)
		}
		// Someone who already has an account gets the role at once, without an invitation.
		known, err := f.svc.RequestAccess(f.ctx, nil, domain.AccessRequest{Email: "New@example.org", Name: "New", Unit: domain.UnitRef{ID: other.ID},
			Role: access.Viewer, DecisionText: "Board decision of 2026-11-02"})
		if err != nil {
			t.Fatal(err)
		}
		done, err = f.svc.DecideAccessRequest(f.ctx, f.system(), known.ID, service.AccessDecision{Approve: true})
		if err != nil || done.InvitationID != 0 {
			t.Fatalf("approve for an existing account: %+v %v", done, err)
		}
		if granted := f.actor(u.ID); !slices.Contains(granted.Scope.Roots(access.ReadContacts), other.ID) {
			t.Errorf("the existing account did not get the role: %v", granted.Scope.Roots(access.ReadContacts))
		}
	})
}
