package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// Session lifetimes.
const (
	SessionIdle     = 8 * time.Hour
	SessionAbsolute = 7 * 24 * time.Hour
)

// SignInRequest is a password sign-in attempt.
type SignInRequest struct {
	Email, Password string
	From            string // the client's address, for throttling and the audit trail
	UserAgent       string
}

// SignInResult is an opened session. When SecondFactorDue is set, the session is only half signed in until
// VerifySecondFactor succeeds.
type SignInResult struct {
	Secret          string
	User            domain.User
	SecondFactorDue bool
}

// Throttling: after a few failures an account is locked, for the address the failures came from, for a
// time that doubles with every further failure. Counting per account and address keeps one person's typos
// from locking out the colleagues who share an office's address, and keeps someone guessing elsewhere from
// locking the owner out. Attempts on accounts that do not exist are also counted per address, with a higher
// threshold, so that guessing e-mail addresses from one place stops; that lock holds for every account asked
// from there, so that its answers do not tell which accounts exist.
const (
	accountFreeFailures = 5
	addressFreeFailures = 30
	maxLock             = 15 * time.Minute
)

func lockFor(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	d := time.Second << min(failures-free, 20)
	return min(d, maxLock)
}

// throttle is a counter of failed sign-ins and the number of failures it lets pass without a delay.
type throttle struct {
	key  string
	free int
}

// accountThrottle counts the failures on one account from one address.
func accountThrottle(email, from string) throttle {
	return throttle{accountThrottlePrefix(email) + from, accountFreeFailures}
}

// accountThrottlePrefix starts the keys of every address's counter for one account.
func accountThrottlePrefix(email string) string { return "signin:" + email + " from " }

// addressThrottle counts the failures on unknown accounts from one address.
func addressThrottle(from string) throttle { return throttle{"address:" + from, addressFreeFailures} }

// Authenticate checks an e-mail address and password and opens a session. Unknown accounts, wrong passwords,
// deactivated and locked accounts fail alike and take about as long (a hash is computed either way), so the
// answer does not reveal which accounts exist.
func (s *Service) Authenticate(ctx context.Context, req SignInRequest) (SignInResult, error) {
	email := strings.ToLower(strings.TrimSpace(req.Email))
	acct, addr := accountThrottle(email, req.From), addressThrottle(req.From)
	r := s.st.Read()
	locked := false
	for _, k := range []throttle{acct, addr} {
		_, until, err := r.Throttle(ctx, k.key)
		if err != nil {
			return SignInResult{}, err
		}
		locked = locked || until != nil && until.After(r.Now())
	}
	u, hash, err := r.UserCredentials(ctx, email)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return SignInResult{}, err
	}
	counted := []throttle{acct}
	if err != nil {
		counted = append(counted, addr)
	}
	if hash == "" {
		hash = s.dummyHash()
	}
	ok, verr := auth.VerifyPassword(req.Password, hash)
	success := err == nil && verr == nil && ok && u.Active && !locked
	res := SignInResult{User: u}
	werr := s.st.Write(ctx, func(q *store.Q) error {
		if err := s.recordSignIn(ctx, q, u, email, req.From, success, locked, counted...); err != nil || !success {
			return err
		}
		f, err := q.SecondFactors(ctx, u.ID)
		if err != nil {
			return err
		}
		res.SecondFactorDue = f.Any()
		res.Secret = auth.NewSecret("")
		return q.InsertSession(ctx, auth.HashSecret(res.Secret), store.NewSession{UserID: u.ID,
			Expires: q.Now().Add(SessionAbsolute), NeedsSecondFactor: res.SecondFactorDue, FromAddress: req.From,
			UserAgent: truncate(req.UserAgent, 200)})
	})
	if werr != nil {
		return SignInResult{}, werr
	}
	if !success {
		if locked {
			return SignInResult{}, domain.ErrThrottled
		}
		return SignInResult{}, domain.ErrUnauthenticated
	}
	return res, nil
}

// recordSignIn audits an attempt and keeps the throttling counters: a success clears the first, a failure
// counts in each.
func (s *Service) recordSignIn(ctx context.Context, q *store.Q, u domain.User, email, from string, success, locked bool, counters ...throttle) error {
	a := &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email}
	if u.ID == 0 {
		a = &access.Actor{Name: "sign-in"}
	}
	action := "signin.success"
	if !success {
		action = "signin.failure"
	}
	changes := map[string]domain.Change{"email": {Old: nil, New: email}, "from": {Old: nil, New: from}}
	if locked {
		changes["throttled"] = domain.Change{Old: nil, New: true}
	}
	if err := audit(ctx, q, a, action, "user", u.ID, 0, 0, changes); err != nil {
		return err
	}
	if success {
		return q.ResetThrottle(ctx, counters[0].key)
	}
	for _, k := range counters {
		failures, _, err := q.Throttle(ctx, k.key)
		if err != nil {
			return err
		}
		failures++
		var until *time.Time
		if d := lockFor(failures, k.free); d > 0 {
			t := q.Now().Add(d)
			until = &t
		}
		if err := q.RecordFailure(ctx, k.key, failures, until); err != nil {
			return err
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return strings.ToValidUTF8(s[:n], "")
	}
	return s
}

// SignIn is Authenticate for callers that only need the session secret and the user.
func (s *Service) SignIn(ctx context.Context, email, password, from string) (string, domain.User, error) {
	res, err := s.Authenticate(ctx, SignInRequest{Email: email, Password: password, From: from})
	if errors.Is(err, domain.ErrThrottled) {
		err = domain.ErrUnauthenticated
	}
	return res.Secret, res.User, err
}

// dummyHash is a valid hash of a random password, verified for unknown accounts to equalize timing.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy, _ = auth.HashPassword(auth.NewSecret(""), s.hash)
	})
	return s.dummy
}

// SessionActor resolves a session cookie to its actor; idle or expired sessions fail.
func (s *Service) SessionActor(ctx context.Context, secret string) (*access.Actor, error) {
	if secret == "" {
		return nil, domain.ErrUnauthenticated
	}
	hash := auth.HashSecret(secret)
	q := s.st.Read()
	st, err := q.SessionUser(ctx, hash, q.Now().Add(-SessionIdle))
	if err != nil {
		return nil, err
	}
	if !st.SecondFactor {
		return nil, domain.ErrSecondFactorRequired
	}
	userID, seen := st.UserID, st.LastSeen
	if q.Now().Sub(seen) > time.Minute {
		if err := s.st.Write(ctx, func(q *store.Q) error { return q.TouchSession(ctx, hash) }); err != nil {
			return nil, err
		}
	}
	return s.ActorFor(ctx, userID)
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	return s.st.Write(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, auth.HashSecret(secret)) })
}

// TokenActor resolves a personal API token to its actor.
func (s *Service) TokenActor(ctx context.Context, secret string) (*access.Actor, error) {
	if !strings.HasPrefix(secret, "rst_") {
		return nil, domain.ErrUnauthenticated
	}
	hash := auth.HashSecret(secret)
	q := s.st.Read()
	userID, last, err := q.APITokenUser(ctx, hash)
	if err != nil {
		return nil, err
	}
	if last == nil || q.Now().Sub(*last) > time.Minute {
		if err := s.st.Write(ctx, func(q *store.Q) error { return q.TouchAPIToken(ctx, hash) }); err != nil {
			return nil, err
		}
	}
	return s.ActorFor(ctx, userID)
}

// CreateAPIToken makes a personal API token for the actor; the secret is returned once and stored hashed.
func (s *Service) CreateAPIToken(ctx context.Context, a *access.Actor, name string, expires *time.Time) (domain.APIToken, error) {
	t := domain.APIToken{ExpiresAt: expires}
	var p domain.Problems
	t.Name = text(&p, "name", name, maxShort, true)
	if expires != nil && !expires.After(s.now()) {
		p.Add("expires_at", "in_the_past")
	}
	if a.IsSystem() {
		p.Add("user", "system_actor_has_no_tokens")
	}
	if err := p.Err(); err != nil {
		return t, err
	}
	secret := auth.NewSecret("rst_")
	err := s.st.Write(ctx, func(q *store.Q) error {
		if err := q.InsertAPIToken(ctx, a.UserID, &t, auth.HashSecret(secret)); err != nil {
			return err
		}
		return audit(ctx, q, a, "token.create", "api_token", t.ID, 0, 0, map[string]domain.Change{"name": {Old: "", New: t.Name}})
	})
	t.Secret = secret
	return t, err
}

// APITokens lists the actor's live tokens (without secrets).
func (s *Service) APITokens(ctx context.Context, a *access.Actor) ([]domain.APIToken, error) {
	l, err := s.st.Read().APITokens(ctx, a.UserID)
	if l == nil {
		l = []domain.APIToken{}
	}
	return l, err
}

// RevokeAPIToken revokes one of the actor's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.RevokeAPIToken(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "token.revoke", "api_token", id, 0, 0, nil)
	})
}
