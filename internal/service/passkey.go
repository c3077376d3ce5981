package service

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// Passkeys (WebAuthn credentials) are the second kind of second factor beside TOTP: a user registers one or
// more on the account pages, and after the password a passkey completes the sign-in as a TOTP code does.
//
// Between the two steps of a ceremony the server must remember its challenge. Begin* returns that state
// (the library's SessionData) sealed with the server's secret key, for the front end to keep in a short-lived
// cookie and hand back to Finish*: nothing is written before a ceremony succeeds, and several servers sharing
// the key and the database can finish each other's ceremonies. The seal's purpose binds the state to the
// user (registration) or to the half-signed-in session (sign-in), and the state carries its own expiry on the
// store's clock. A sign-in state works once: the half session it is bound to is replaced on success. A
// registration state replayed with its response would register the same credential id again, which the
// unique index refuses.

// PasskeyCeremonyTTL is how long a begun ceremony may take to finish.
const PasskeyCeremonyTTL = 5 * time.Minute

// maxPasskeys bounds a user's passkeys: the sign-in ceremony lists them all, and its sealed state travels in
// a cookie.
const maxPasskeys = 20

// Passkey is one of a user's registered passkeys as the user sees it.
type Passkey struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// PasskeyCeremony is a begun registration or sign-in: Options go to the browser's navigator.credentials
// (create or get, after decoding the base64url fields), State comes back unchanged with the browser's answer.
type PasskeyCeremony struct {
	Options json.RawMessage
	State   string
}

// passkeyState is what a ceremony remembers between its two steps.
type passkeyState struct {
	Session webauthn.SessionData `json:"session"`
	Name    string               `json:"name,omitempty"` // registration: the name the user gave
	Expires time.Time            `json:"expires"`
}

// Validation codes of the passkey ceremonies, all on the field "passkey".
const (
	passkeyUnavailable = "passkeys_unavailable" // no usable relying party (base URL is an address, not a name)
	passkeyExpired     = "passkey_expired"      // the ceremony state is missing, damaged, foreign or too old
	passkeyFailed      = "passkey_failed"       // the browser's answer did not verify
	passkeyNone        = "no_passkey"           // the user has no passkey to sign in with
	passkeyKnown       = "passkey_registered"   // this authenticator is registered already
	passkeyCloned      = "passkey_cloned"       // the signature counter went back: a copied authenticator?
	passkeyTooMany     = "too_many_passkeys"
)

// PasskeysAvailable reports whether passkeys can be used: a secret key is configured and the base URL names
// a host a browser accepts as relying party.
func (s *Service) PasskeysAvailable() bool {
	_, err := s.relyingParty()
	return err == nil
}

// relyingParty configures WebAuthn from the base URL: the relying party ID is its host name, and the only
// origin accepted is the base URL's. Browsers refuse IP addresses as relying party IDs, but treat
// http://localhost as a secure context, so a loopback address (the default http://127.0.0.1:8080) becomes
// localhost with the same scheme and port: such an installation uses passkeys at http://localhost:8080. With
// no base URL (tests) the origin is http://localhost.
func (s *Service) relyingParty() (*webauthn.WebAuthn, error) {
	if s.sealer == nil {
		return nil, ErrNoSecretKey
	}
	base := s.baseURL
	if base == "" {
		base = "http://localhost"
	}
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, domain.Invalid("passkey", passkeyUnavailable)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return nil, domain.Invalid("passkey", passkeyUnavailable)
		}
		host = "localhost"
	}
	origin := u.Scheme + "://" + host
	if port := u.Port(); port != "" {
		origin += ":" + port
	}
	rp, err := webauthn.New(&webauthn.Config{
		RPID: host, RPDisplayName: "Roster", RPOrigins: []string{origin},
		AttestationPreference: protocol.PreferNoAttestation,
		// Discoverable where the authenticator has room, so that the same passkeys could later sign in without
		// a password; a second factor after the password names its credentials and does not need it.
		AuthenticatorSelection: protocol.AuthenticatorSelection{ResidentKey: protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.VerificationPreferred},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: PasskeyCeremonyTTL, TimeoutUVD: PasskeyCeremonyTTL},
			Registration: webauthn.TimeoutConfig{Timeout: PasskeyCeremonyTTL, TimeoutUVD: PasskeyCeremonyTTL},
		},
	})
	if err != nil {
		return nil, domain.Invalid("passkey", passkeyUnavailable)
	}
	return rp, nil
}

// passkeyUser is a user as the WebAuthn library sees it.
type passkeyUser struct {
	id          int64
	email, name string
	credentials []webauthn.Credential
}

// userHandle is the WebAuthn user handle: the user id as 8 bytes (as Gitea does). It carries no personal
// data, stays the same for all of a user's passkeys, and needs no column of its own.
func userHandle(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

func (u passkeyUser) WebAuthnID() []byte                         { return userHandle(u.id) }
func (u passkeyUser) WebAuthnName() string                       { return u.email }
func (u passkeyUser) WebAuthnDisplayName() string                { return u.name }
func (u passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.credentials }

// loadPasskeyUser reads a user's stored passkeys and decodes their credentials.
func loadPasskeyUser(ctx context.Context, q *store.Q, id int64, email, name string) (passkeyUser, []store.Passkey, error) {
	stored, err := q.Passkeys(ctx, id)
	if err != nil {
		return passkeyUser{}, nil, err
	}
	u := passkeyUser{id: id, email: email, name: name}
	for _, p := range stored {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(p.Credential), &c); err != nil {
			return u, nil, fmt.Errorf("passkey %d: %w", p.ID, err)
		}
		u.credentials = append(u.credentials, c)
	}
	return u, stored, nil
}

func registerPurpose(userID int64) string     { return "passkey.register:" + strconv.FormatInt(userID, 10) }
func signInPurpose(sessionHash string) string { return "passkey.signin:" + sessionHash }

func (s *Service) sealState(st passkeyState, purpose string) (string, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	return s.sealer.Seal(b, purpose), nil
}

// openState returns a ceremony's state if it was sealed by this server for purpose and has not expired.
func (s *Service) openState(sealed, purpose string, now time.Time) (passkeyState, error) {
	var st passkeyState
	b, err := s.sealer.Open(sealed, purpose)
	if err != nil || json.Unmarshal(b, &st) != nil || !now.Before(st.Expires) {
		return st, domain.Invalid("passkey", passkeyExpired)
	}
	return st, nil
}

// refused logs why the library did not accept a ceremony and returns the validation error the user sees.
func (s *Service) refused(what string, err error) error {
	attrs := []any{"err", err}
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.DevInfo != "" {
		attrs = append(attrs, "info", pe.DevInfo)
	}
	s.log.Info(what+" refused", attrs...)
	return domain.Invalid("passkey", passkeyFailed)
}

// BeginPasskeyRegistration starts registering a new passkey for the actor under name ("" for a numbered
// default). The ceremony excludes the authenticators the actor registered already.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, a *access.Actor, name string) (PasskeyCeremony, error) {
	if a.IsSystem() {
		return PasskeyCeremony{}, domain.ErrForbidden
	}
	rp, err := s.relyingParty()
	if err != nil {
		return PasskeyCeremony{}, err
	}
	var p domain.Problems
	name = text(&p, "name", name, maxShort, false)
	if err := p.Err(); err != nil {
		return PasskeyCeremony{}, err
	}
	q := s.st.Read()
	user, stored, err := loadPasskeyUser(ctx, q, a.UserID, a.Email, a.Name)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	if len(stored) >= maxPasskeys {
		return PasskeyCeremony{}, domain.Invalid("passkey", passkeyTooMany)
	}
	if name == "" {
		name = fmt.Sprintf("Passkey %d", len(stored)+1)
	}
	creation, session, err := rp.BeginRegistration(user,
		webauthn.WithExclusions(webauthn.Credentials(user.credentials).CredentialDescriptors()))
	if err != nil {
		return PasskeyCeremony{}, err
	}
	return s.ceremony(creation, passkeyState{Session: *session, Name: name, Expires: q.Now().Add(PasskeyCeremonyTTL)},
		registerPurpose(a.UserID))
}

func (s *Service) ceremony(options any, st passkeyState, purpose string) (PasskeyCeremony, error) {
	b, err := json.Marshal(options)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	sealed, err := s.sealState(st, purpose)
	return PasskeyCeremony{Options: b, State: sealed}, err
}

// FinishPasskeyRegistration verifies the browser's answer (the JSON of the PublicKeyCredential) to a
// registration begun by BeginPasskeyRegistration and stores the passkey. Like a first TOTP factor it returns
// fresh recovery codes when the user had none (shown once), so that losing the passkey does not lock them out.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, a *access.Actor, state string, response []byte) (Passkey, []string, error) {
	if a.IsSystem() {
		return Passkey{}, nil, domain.ErrForbidden
	}
	rp, err := s.relyingParty()
	if err != nil {
		return Passkey{}, nil, err
	}
	st, err := s.openState(state, registerPurpose(a.UserID), s.now())
	if err != nil {
		return Passkey{}, nil, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return Passkey{}, nil, s.refused("passkey registration", err)
	}
	var out Passkey
	var codes []string
	err = s.st.Write(ctx, func(q *store.Q) error {
		user, stored, err := loadPasskeyUser(ctx, q, a.UserID, a.Email, a.Name)
		if err != nil {
			return err
		}
		if len(stored) >= maxPasskeys {
			return domain.Invalid("passkey", passkeyTooMany)
		}
		cred, err := rp.CreateCredential(user, st.Session, parsed)
		if err != nil {
			return s.refused("passkey registration", err)
		}
		body, err := json.Marshal(cred)
		if err != nil {
			return err
		}
		p := store.Passkey{UserID: a.UserID, CredentialID: credentialKey(cred.ID), Credential: string(body), Name: st.Name}
		if err := q.InsertPasskey(ctx, &p); errors.Is(err, store.ErrUnique) {
			return domain.Invalid("passkey", passkeyKnown)
		} else if err != nil {
			return err
		}
		out = Passkey{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt}
		f, err := q.SecondFactors(ctx, a.UserID)
		if err != nil {
			return err
		}
		if f.RecoveryCodes == 0 {
			if codes, err = s.newRecoveryCodes(ctx, q, a.UserID); err != nil {
				return err
			}
		}
		return audit(ctx, q, a, "factor.enrol", "user", a.UserID, 0, 0, map[string]domain.Change{
			"factor": {Old: nil, New: "passkey"}, "name": {Old: nil, New: p.Name}})
	})
	return out, codes, err
}

// credentialKey is how a credential id is stored and looked up: unpadded base64url, as WebAuthn writes ids.
func credentialKey(id []byte) string { return base64.RawURLEncoding.EncodeToString(id) }

// Passkeys lists the actor's passkeys, oldest first.
func (s *Service) Passkeys(ctx context.Context, a *access.Actor) ([]Passkey, error) {
	stored, err := s.st.Read().Passkeys(ctx, a.UserID)
	out := make([]Passkey, 0, len(stored))
	for _, p := range stored {
		out = append(out, Passkey{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt, LastUsedAt: p.LastUsedAt})
	}
	return out, err
}

// DeletePasskey removes one of the actor's passkeys. Another user's passkey is not found.
func (s *Service) DeletePasskey(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		p, ok, err := q.DeletePasskey(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "factor.remove", "user", a.UserID, 0, 0, map[string]domain.Change{
			"factor": {Old: "passkey", New: nil}, "name": {Old: p.Name, New: nil}})
	})
}

// BeginPasskeySignIn starts the second step of a sign-in with a passkey, for the half-signed-in session
// whose secret is given: the browser may answer with one of that user's passkeys only.
func (s *Service) BeginPasskeySignIn(ctx context.Context, secret string) (PasskeyCeremony, error) {
	hash := auth.HashSecret(secret)
	q := s.st.Read()
	sess, err := q.SessionUser(ctx, hash, q.Now().Add(-SessionIdle))
	if err != nil {
		return PasskeyCeremony{}, err
	}
	rp, err := s.relyingParty()
	if err != nil {
		return PasskeyCeremony{}, err
	}
	u, err := q.UserByID(ctx, sess.UserID)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	user, stored, err := loadPasskeyUser(ctx, q, u.ID, u.Email, u.Name)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	if len(stored) == 0 {
		return PasskeyCeremony{}, domain.Invalid("passkey", passkeyNone)
	}
	assertion, session, err := rp.BeginLogin(user)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	return s.ceremony(assertion, passkeyState{Session: *session, Expires: q.Now().Add(PasskeyCeremonyTTL)}, signInPurpose(hash))
}

// FinishPasskeySignIn completes a half-signed-in session with the browser's answer (the JSON of the
// PublicKeyCredential) to the ceremony begun by BeginPasskeySignIn, exactly as VerifySecondFactor does with a
// code: the session is replaced by a new one whose secret is returned, and failures are throttled and
// audited. The passkey must be one of the session user's, its user handle (when sent) must be theirs, and
// its signature counter must have moved forward (unless the authenticator keeps none).
func (s *Service) FinishPasskeySignIn(ctx context.Context, secret, state string, response []byte, from string) (string, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return "", err
	}
	purpose := signInPurpose(auth.HashSecret(secret))
	return s.upgradeHalfSession(ctx, secret, from, func(q *store.Q, u domain.User) (map[string]domain.Change, error) {
		fail := map[string]domain.Change{"factor": {Old: nil, New: "passkey"}}
		st, err := s.openState(state, purpose, q.Now())
		if err != nil {
			return fail, err
		}
		parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
		if err != nil {
			return fail, s.refused("passkey sign-in", err)
		}
		owner, found, err := q.PasskeyByCredentialID(ctx, credentialKey(parsed.RawID))
		if err != nil {
			return nil, err
		}
		if !found || owner.UserID != u.ID {
			return fail, s.refused("passkey sign-in", errors.New("the credential is not one of the user's"))
		}
		user, _, err := loadPasskeyUser(ctx, q, u.ID, u.Email, u.Name)
		if err != nil {
			return nil, err
		}
		cred, err := rp.ValidateLogin(user, st.Session, parsed)
		if err != nil {
			return fail, s.refused("passkey sign-in", err)
		}
		if cred.Authenticator.CloneWarning {
			fail["reason"] = domain.Change{Old: nil, New: "sign_count"}
			s.log.Warn("passkey signature counter went back: the authenticator may have been copied", "user", u.ID,
				"passkey", owner.ID)
			return fail, domain.Invalid("passkey", passkeyCloned)
		}
		body, err := json.Marshal(cred)
		if err != nil {
			return nil, err
		}
		if fresh, err := q.UsePasskey(ctx, owner.ID, owner.Credential, string(body)); err != nil {
			return nil, err
		} else if !fresh {
			return fail, s.refused("passkey sign-in", errors.New("the passkey was used concurrently"))
		}
		return map[string]domain.Change{"factor": {Old: nil, New: "passkey"}, "name": {Old: nil, New: owner.Name}}, nil
	})
}
