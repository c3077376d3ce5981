package service

import "testing"

func TestWeakPasswords(t *testing.T) {
	for _, pw := range []string{"Passwort2024!!!", "qwertzuiop12", "123456789012", "aaaaaaaaaaaaaa", "abababababab",
		"Willkommen123!", "Sommer2026Sommer", "qwertyqwerty", "1q1q1q1q1q1q1q"} {
		if !weakPassword(pw) {
			t.Errorf("%q passed as strong", pw)
		}
	}
	for _, pw := range []string{"correct horse battery staple", "Kreisverband-Nord tagt 3x", "mein blauer Fahrradhelm",
		"Tr0mb0n3-Gartenzwerg", "7 Zwerge hinter den Bergen"} {
		if weakPassword(pw) {
			t.Errorf("%q refused as weak", pw)
		}
	}
}
