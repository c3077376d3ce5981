package totp

import (
	"encoding/csv"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testdata/rfc6238_vectors.csv is the test-vector table of RFC 6238, Appendix B (IETF Trust), as CSV.
func TestRFC6238Vectors(t *testing.T) {
	f, err := os.Open("testdata/rfc6238_vectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 19 {
		t.Fatalf("only %d vectors", len(recs)-1)
	}
	for _, r := range recs[1:] {
		unix, _ := strconv.ParseInt(r[0], 10, 64)
		p := Params{Algorithm: Algorithm(r[3]), Digits: 8, Period: 30 * time.Second}
		secret, err := DecodeSecret(r[6])
		if err != nil || string(secret) != r[5] {
			t.Fatalf("secret %s: %q %v", r[6], secret, err)
		}
		if got := p.At(secret, time.Unix(unix, 0)); got != r[4] {
			t.Errorf("%s at %d: got %s, want %s", r[3], unix, got, r[4])
		}
		if c, ok := p.Verify(secret, r[4], time.Unix(unix, 0), 0); !ok || c != p.Counter(time.Unix(unix, 0)) {
			t.Errorf("%s at %d: the vector's code does not verify", r[3], unix)
		}
	}
}

// TestAgainstOathtool checks codes against an independent implementation, Debian's oathtool.
func TestAgainstOathtool(t *testing.T) {
	bin, err := exec.LookPath("oathtool")
	if err != nil {
		t.Skip("oathtool not installed (Debian package oathtool); .ci/run installs it")
	}
	p := Default()
	for range 20 {
		secret := NewSecret()
		when := time.Now().Add(time.Duration(len(secret)) * time.Hour)
		out, err := exec.Command(bin, "--totp", "--base32", "--now", when.UTC().Format("2006-01-02 15:04:05 UTC"), EncodeSecret(secret)).Output()
		if err != nil {
			t.Fatal(err)
		}
		code := strings.TrimSpace(string(out))
		if _, ok := p.Verify(secret, code, when, 1); !ok {
			t.Fatalf("oathtool's code %s refused", code)
		}
		// A code from two windows away is refused.
		far := p.At(secret, when.Add(-2*p.Period))
		if far != code {
			if _, ok := p.Verify(secret, far, when, 1); ok {
				t.Fatal("a code from the wrong window was accepted")
			}
		}
	}
}

func TestVerifyWindowAndFormat(t *testing.T) {
	p := Default()
	secret := NewSecret()
	now := time.Unix(1_800_000_015, 0)
	for d, want := range map[time.Duration]bool{0: true, -30 * time.Second: true, 30 * time.Second: true, -60 * time.Second: false, 90 * time.Second: false} {
		if _, ok := p.Verify(secret, p.At(secret, now.Add(d)), now, 1); ok != want {
			t.Errorf("offset %v: accepted=%v", d, ok)
		}
	}
	code := p.At(secret, now)
	if _, ok := p.Verify(secret, code[:3]+" "+code[3:], now, 0); !ok {
		t.Error("a code typed with a space is refused")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := p.Verify(secret, bad, now, 1); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	uri := p.URI("Roster Demo", "anna@example.org", secret)
	if !strings.HasPrefix(uri, "otpauth://totp/Roster%20Demo:anna@example.org?") || !strings.Contains(uri, "secret="+EncodeSecret(secret)) {
		t.Errorf("uri %s", uri)
	}
}
