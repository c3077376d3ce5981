package auth

import "testing"

func TestPasswordRoundTrip(t *testing.T) {
	p := Params{Memory: 1024, Time: 1, Threads: 1}
	h, err := HashPassword("correct horse battery staple", p)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword("correct horse battery staple", h); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := VerifyPassword("correct horse battery stapler", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery staple", p)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, err := VerifyPassword("x", bad); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret("rst_"), NewSecret("rst_")
	if a == b || len(a) < 40 || a[:4] != "rst_" {
		t.Fatalf("secrets %q %q", a, b)
	}
	if again := HashSecret(a); HashSecret(a) == HashSecret(b) || again != HashSecret(a) || len(again) != 64 {
		t.Fatal("hash of secrets is not a stable 64-hex digest")
	}
}

func TestSealer(t *testing.T) {
	s, err := NewSealer(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.Seal([]byte("JBSWY3DPEHPK3PXP"), "totp:1")
	if got, err := s.Open(sealed, "totp:1"); err != nil || string(got) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(sealed, "totp:2"); err == nil {
		t.Fatal("a value sealed for user 1 opened for user 2")
	}
	other, _ := NewSealer(NewKey())
	if _, err := other.Open(sealed, "totp:1"); err == nil {
		t.Fatal("opened with another key")
	}
	if _, err := NewSealer([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}
