package service_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// softKey is a software authenticator: an ECDSA P-256 key pair with a signature counter, answering the
// options of a ceremony as a browser with a security key would, with "none" attestation. It signs whatever
// it is asked, so tests can also make it answer what a browser never would.
type softKey struct {
	t      *testing.T
	origin string // what the browser reports as the page's origin
	id     []byte
	key    *ecdsa.PrivateKey
	count  uint32
	handle []byte // the user handle the registration gave it
}

func newSoftKey(t *testing.T, origin string) *softKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 32)
	_, _ = rand.Read(id)
	return &softKey{t: t, origin: origin, id: id, key: key}
}

var b64 = base64.RawURLEncoding

// ceremonyOptions is the part of the options a softKey reads.
type ceremonyOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		RPID string `json:"rpId"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		AllowCredentials   []struct{ ID string } `json:"allowCredentials"`
		ExcludeCredentials []struct{ ID string } `json:"excludeCredentials"`
	} `json:"publicKey"`
}

func (k *softKey) options(raw json.RawMessage) ceremonyOptions {
	k.t.Helper()
	var o ceremonyOptions
	if err := json.Unmarshal(raw, &o); err != nil {
		k.t.Fatalf("options: %v\n%s", err, raw)
	}
	return o
}

func (k *softKey) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": k.origin, "crossOrigin": false})
	return b
}

// authData is the authenticator data: RP ID hash, flags (user present and verified, plus attested
// credential data when registering), counter, then the attested credential when given.
func (k *softKey) authData(rpID string, attested []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	flags := byte(0x01 | 0x04)
	if attested != nil {
		flags |= 0x40
	}
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, k.count)
	return append(out, attested...)
}

// create answers registration options: a credential with the public key as COSE EC2, "none" attestation.
func (k *softKey) create(raw json.RawMessage) []byte {
	k.t.Helper()
	o := k.options(raw)
	handle, err := b64.DecodeString(o.PublicKey.User.ID)
	if err != nil {
		k.t.Fatalf("user id: %v", err)
	}
	k.handle = handle
	cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1,
		-2: k.key.X.FillBytes(make([]byte, 32)), -3: k.key.Y.FillBytes(make([]byte, 32))})
	if err != nil {
		k.t.Fatal(err)
	}
	attested := make([]byte, 16) // AAGUID: none
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(k.id)))
	attested = append(append(attested, k.id...), cose...)
	obj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{},
		"authData": k.authData(o.PublicKey.RP.ID, attested)})
	if err != nil {
		k.t.Fatal(err)
	}
	return k.credential(map[string]any{"clientDataJSON": b64.EncodeToString(k.clientData("webauthn.create", o.PublicKey.Challenge)),
		"attestationObject": b64.EncodeToString(obj), "transports": []string{"usb"}})
}

// get answers sign-in options, counting one more use.
func (k *softKey) get(raw json.RawMessage) []byte {
	k.t.Helper()
	o := k.options(raw)
	k.count++
	client := k.clientData("webauthn.get", o.PublicKey.Challenge)
	data := k.authData(o.PublicKey.RPID, nil)
	clientHash := sha256.Sum256(client)
	digest := sha256.Sum256(append(append([]byte(nil), data...), clientHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.key, digest[:])
	if err != nil {
		k.t.Fatal(err)
	}
	return k.credential(map[string]any{"clientDataJSON": b64.EncodeToString(client),
		"authenticatorData": b64.EncodeToString(data), "signature": b64.EncodeToString(sig),
		"userHandle": b64.EncodeToString(k.handle)})
}

func (k *softKey) credential(response map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"id": b64.EncodeToString(k.id), "rawId": b64.EncodeToString(k.id),
		"type": "public-key", "response": response, "clientExtensionResults": map[string]any{}})
	return b
}

const rosterOrigin = "https://roster.example.org" // the base URL of accountFixture

// validationCode is the code of a validation error, "" for another error.
func validationCode(err error) string {
	var ve *domain.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) > 0 {
		return ve.Fields[0].Code
	}
	return ""
}

// register gives actor a at passkey held by k.
func (f *fixture) register(a *access.Actor, k *softKey, name string) (service.Passkey, []string) {
	f.t.Helper()
	c, err := f.svc.BeginPasskeyRegistration(f.ctx, a, name)
	if err != nil {
		f.t.Fatal(err)
	}
	p, codes, err := f.svc.FinishPasskeyRegistration(f.ctx, a, c.State, k.create(c.Options))
	if err != nil {
		f.t.Fatalf("register: %v", err)
	}
	return p, codes
}

// halfSession signs in with the password and returns the secret of the half session.
func (f *fixture) halfSession(email string) string {
	f.t.Helper()
	res, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: email, Password: pw, From: "192.0.2.1"})
	if err != nil || !res.SecondFactorDue {
		f.t.Fatalf("sign in %s: %+v %v", email, res, err)
	}
	return res.Secret
}

func TestPasskeyRegistrationAndSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		anna := f.member("anna@example.org", root.ID, access.Manager)
		a := f.actor(anna.ID)
		key := newSoftKey(t, rosterOrigin)
		p, codes := f.register(a, key, "Laptop")
		if p.Name != "Laptop" || len(codes) != 10 {
			t.Fatalf("registered %+v with %d recovery codes, want Laptop and 10 codes", p, len(codes))
		}
		list, err := f.svc.Passkeys(f.ctx, a)
		if err != nil || len(list) != 1 || list[0].Name != "Laptop" || list[0].LastUsedAt != nil {
			t.Fatalf("passkeys: %+v %v", list, err)
		}
		// The same authenticator is excluded from the next registration, and refused if it answers anyway.
		c, err := f.svc.BeginPasskeyRegistration(f.ctx, a, "")
		if err != nil {
			t.Fatal(err)
		}
		if o := key.options(c.Options); len(o.PublicKey.ExcludeCredentials) != 1 || o.PublicKey.ExcludeCredentials[0].ID != b64.EncodeToString(key.id) {
			t.Errorf("excluded credentials: %+v", o.PublicKey.ExcludeCredentials)
		}
		if _, _, err := f.svc.FinishPasskeyRegistration(f.ctx, a, c.State, key.create(c.Options)); validationCode(err) != "passkey_registered" {
			t.Errorf("the same passkey registered twice: %v", err)
		}

		// Sign in: the password opens a half session, the passkey completes it under a new identifier.
		half := f.halfSession("anna@example.org")
		c, err = f.svc.BeginPasskeySignIn(f.ctx, half)
		if err != nil {
			t.Fatal(err)
		}
		o := key.options(c.Options)
		if o.PublicKey.RPID != "roster.example.org" || len(o.PublicKey.AllowCredentials) != 1 || o.PublicKey.AllowCredentials[0].ID != b64.EncodeToString(key.id) {
			t.Fatalf("sign-in options: %s", c.Options)
		}
		answer := key.get(c.Options)
		full, err := f.svc.FinishPasskeySignIn(f.ctx, half, c.State, answer, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SessionActor(f.ctx, full); err != nil {
			t.Fatalf("full session: %v", err)
		}
		if _, err := f.svc.SessionActor(f.ctx, half); err == nil {
			t.Fatal("the half session still works after the passkey")
		}
		if list, _ := f.svc.Passkeys(f.ctx, a); list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(f.now) {
			t.Errorf("last use not recorded: %+v", list[0])
		}

		// The same answer again: with the old half session (gone) and in a new sign-in (another session).
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c.State, answer, ""); !errors.Is(err, domain.ErrUnauthenticated) {
			t.Errorf("replay on the replaced session: %v", err)
		}
		half = f.halfSession("anna@example.org")
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c.State, answer, ""); validationCode(err) != "passkey_expired" {
			t.Errorf("replay of an old ceremony in a new sign-in: %v", err)
		}
		// An answer to another ceremony's challenge.
		c1, _ := f.svc.BeginPasskeySignIn(f.ctx, half)
		c2, _ := f.svc.BeginPasskeySignIn(f.ctx, half)
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c2.State, key.get(c1.Options), ""); validationCode(err) != "passkey_failed" {
			t.Errorf("answer to another challenge: %v", err)
		}
		// A ceremony that took too long.
		c3, _ := f.svc.BeginPasskeySignIn(f.ctx, half)
		answer = key.get(c3.Options)
		f.now = f.now.Add(service.PasskeyCeremonyTTL + time.Second)
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c3.State, answer, ""); validationCode(err) != "passkey_expired" {
			t.Errorf("expired ceremony: %v", err)
		}
		// A user handle that is not Anna's.
		c4, _ := f.svc.BeginPasskeySignIn(f.ctx, half)
		handle := key.handle
		key.handle = []byte{0, 0, 0, 0, 0, 0, 0, 99}
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c4.State, key.get(c4.Options), ""); validationCode(err) != "passkey_failed" {
			t.Errorf("foreign user handle: %v", err)
		}
		key.handle = handle
		c5, _ := f.svc.BeginPasskeySignIn(f.ctx, half)
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c5.State, key.get(c5.Options), ""); err != nil {
			t.Fatalf("after the refusals the passkey should still sign in: %v", err)
		}

		log, _ := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{EntityType: "user", EntityID: anna.ID})
		var actions []string
		for _, e := range log {
			factor, _ := json.Marshal(e.Changes["factor"].New)
			actions = append(actions, e.Action+":"+string(factor))
		}
		for _, want := range []string{`factor.enrol:"passkey"`, `signin.second_factor:"passkey"`, `signin.second_factor_failure:"passkey"`} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}
	})
}

// Another user's passkey cannot complete Anna's sign-in, even when its owner's authenticator signs Anna's
// challenge; nor can Bert delete Anna's passkey.
func TestPasskeyOfAnotherUserIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		anna := f.member("anna@example.org", root.ID, access.Manager)
		bert := f.member("bert@example.org", root.ID, access.Manager)
		annas, bertsKey := newSoftKey(t, rosterOrigin), newSoftKey(t, rosterOrigin)
		p, _ := f.register(f.actor(anna.ID), annas, "Anna's key")
		f.register(f.actor(bert.ID), bertsKey, "Bert's key")

		half := f.halfSession("anna@example.org")
		c, err := f.svc.BeginPasskeySignIn(f.ctx, half)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c.State, bertsKey.get(c.Options), ""); validationCode(err) != "passkey_failed" {
			t.Fatalf("Bert's passkey completed Anna's sign-in: %v", err)
		}
		// A page of another origin (phishing) is refused even with the right key.
		phished := *annas
		phished.origin = "https://roster.example.org.evil.test"
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, half, c.State, phished.get(c.Options), ""); validationCode(err) != "passkey_failed" {
			t.Fatalf("an answer collected on another origin was accepted: %v", err)
		}
		if err := f.svc.DeletePasskey(f.ctx, f.actor(bert.ID), p.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Bert deleted Anna's passkey: %v", err)
		}
		if err := f.svc.DeletePasskey(f.ctx, f.actor(anna.ID), p.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.svc.Passkeys(f.ctx, f.actor(anna.ID)); len(list) != 0 {
			t.Fatalf("deleted passkey still listed: %+v", list)
		}
		// Without a passkey (and no other factor), Anna's next sign-in needs no second factor.
		res, err := f.svc.Authenticate(f.ctx, service.SignInRequest{Email: "anna@example.org", Password: pw})
		if err != nil || res.SecondFactorDue {
			t.Fatalf("after deleting the only passkey: %+v %v", res, err)
		}
	})
}

// An authenticator whose signature counter goes back is a copy (or broken): the sign-in is refused and
// audited, and the stored counter is left where it was.
func TestPasskeySignCountRegressionIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		anna := f.member("anna@example.org", root.ID, access.Manager)
		key := newSoftKey(t, rosterOrigin)
		f.register(f.actor(anna.ID), key, "Key")
		signIn := func() error {
			half := f.halfSession("anna@example.org")
			c, err := f.svc.BeginPasskeySignIn(f.ctx, half)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.FinishPasskeySignIn(f.ctx, half, c.State, key.get(c.Options), "")
			return err
		}
		for range 3 {
			if err := signIn(); err != nil {
				t.Fatal(err)
			}
		}
		original, clone := key, *key
		clone.count = 1 // copied after the first use: it answers with 2
		key = &clone
		if err := signIn(); validationCode(err) != "passkey_cloned" {
			t.Fatalf("a counter that went back from 3 to 2: %v", err)
		}
		key = original // at 3, it goes on to 4
		if err := signIn(); err != nil {
			t.Fatalf("the original authenticator after the refused copy: %v", err)
		}
		log, _ := f.svc.AuditLog(f.ctx, f.system(), domain.AuditFilter{EntityType: "user", EntityID: anna.ID})
		found := false
		for _, e := range log {
			found = found || e.Action == "signin.second_factor_failure" && e.Changes["reason"].New == "sign_count"
		}
		if !found {
			t.Error("the refused copy is not in the audit trail")
		}
	})
}

// A user whose only second factor is a passkey has enrolled one: a policy requiring a second factor lets
// them in.
func TestPasskeySatisfiesSecondFactorPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, _ := accountFixture(t, st)
		root := f.unit(0, "Root")
		admin := f.member("admin@example.org", root.ID, access.Admin)
		vol := f.member("vol@example.org", root.ID, access.Viewer)
		if err := f.svc.SetSecondFactorPolicy(f.ctx, f.actor(admin.ID), "viewer"); err != nil {
			t.Fatal(err)
		}
		if !f.actor(vol.ID).EnrolmentRequired {
			t.Fatal("the policy does not apply to the volunteer")
		}
		f.register(f.actor(vol.ID), newSoftKey(t, rosterOrigin), "Phone")
		if f.actor(vol.ID).EnrolmentRequired {
			t.Fatal("a passkey does not count as an enrolled second factor")
		}
	})
}

// The relying party follows the base URL; a loopback address becomes localhost, which browsers accept, and
// an installation reached by another IP address has no passkeys.
func TestPasskeyRelyingParty(t *testing.T) {
	st := storetest.Backends()[0].Open(t)
	f := newFixture(t, st)
	root := f.unit(0, "Root")
	a := f.actor(f.member("anna@example.org", root.ID, access.Viewer).ID)
	for base, wantRP := range map[string]string{"https://roster.example.org/": "roster.example.org",
		"http://127.0.0.1:8080": "localhost", "http://localhost:9000": "localhost", "": "localhost",
		"http://192.168.1.5:8080": "", "http://[fe80::1]:8080": ""} {
		s := service.New(st, service.Options{SecretKey: auth.NewKey(), BaseURL: base})
		if got := s.PasskeysAvailable(); got != (wantRP != "") {
			t.Errorf("%q: available %v", base, got)
		}
		c, err := s.BeginPasskeyRegistration(f.ctx, a, "")
		if wantRP == "" {
			if validationCode(err) != "passkeys_unavailable" {
				t.Errorf("%q: %v", base, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", base, err)
		}
		if got := (&softKey{t: t}).options(c.Options).PublicKey.RP.ID; got != wantRP {
			t.Errorf("%q: relying party %q, want %q", base, got, wantRP)
		}
	}
	if s := service.New(st, service.Options{BaseURL: rosterOrigin}); s.PasskeysAvailable() {
		t.Error("passkeys without a secret key to seal their ceremonies")
	}
}
