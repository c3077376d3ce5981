// Package totp implements time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) for the second
// factor: secrets, codes, verification with a small clock-skew window, and the otpauth:// URI that
// authenticator apps read from a QR code.
package totp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"
)

// Algorithm is the HMAC hash of the code.
type Algorithm string

// The algorithms of RFC 6238. Authenticator apps support SHA1 everywhere; Roster enrols with SHA1.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// Params describe how codes are made.
type Params struct {
	Algorithm Algorithm
	Digits    int           // 6 or 8
	Period    time.Duration // 30 s
}

// Default is what Roster enrols: SHA1, 6 digits, 30 seconds — what every authenticator app understands.
func Default() Params { return Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second} }

func (p Params) hash() func() hash.Hash {
	switch p.Algorithm {
	case SHA256:
		return sha256.New
	case SHA512:
		return sha512.New
	}
	return sha1.New
}

// NewSecret returns a random 160-bit secret, the length RFC 4226 recommends.
func NewSecret() []byte {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return b
}

// Counter is the time step of t.
func (p Params) Counter(t time.Time) int64 { return t.Unix() / int64(p.Period/time.Second) }

// Code returns the code for a time step (HOTP of RFC 4226 with dynamic truncation).
func (p Params) Code(secret []byte, counter int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	mac := hmac.New(p.hash(), secret)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range p.Digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", p.Digits, bin%mod)
}

// At returns the code valid at time t.
func (p Params) At(secret []byte, t time.Time) string { return p.Code(secret, p.Counter(t)) }

// Verify checks code against the steps from skew before to skew after t and returns the matching step, so
// the caller can refuse a step that was already used (replay). Comparison is in constant time.
func (p Params) Verify(secret []byte, code string, t time.Time, skew int) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != p.Digits {
		return 0, false
	}
	now := p.Counter(t)
	for d := -skew; d <= skew; d++ {
		c := now + int64(d)
		if subtle.ConstantTimeCompare([]byte(p.Code(secret, c)), []byte(code)) == 1 {
			return c, true
		}
	}
	return 0, false
}

// EncodeSecret is the base32 form apps accept when typed in (no padding).
func EncodeSecret(secret []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
}

// DecodeSecret reads a base32 secret, with or without padding, case-insensitively.
func DecodeSecret(s string) ([]byte, error) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "="))
}

// URI is the otpauth:// key URI (Google Authenticator key-uri format) for a QR code.
func (p Params) URI(issuer, account string, secret []byte) string {
	v := url.Values{}
	v.Set("secret", EncodeSecret(secret))
	v.Set("issuer", issuer)
	v.Set("algorithm", string(p.Algorithm))
	v.Set("digits", fmt.Sprint(p.Digits))
	v.Set("period", fmt.Sprint(int(p.Period/time.Second)))
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	return "otpauth://totp/" + label + "?" + v.Encode()
}
