package service

import (
	"strings"
	"unicode"
)

// commonWords are words that long-but-weak passwords are built from ("Passwort2024!!!", "qwertzqwertz").
func commonWords() []string {
	return []string{"password", "passwort", "qwerty", "qwertz", "azerty", "asdf", "yxcv", "zxcv", "letmein", "welcome",
		"willkommen", "iloveyou", "ichliebedich", "admin", "administrator", "roster", "login", "geheim", "secret",
		"sommer", "summer", "winter", "hallo", "hello", "abc", "abcdef", "test", "testtest", "changeme", "default",
		"football", "fussball", "monkey", "dragon", "master", "shadow", "sunshine", "princess", "partei", "party",
		"mitglied", "member", "verein", "deutschland", "germany", "america", "berlin", "muenchen", "munich"}
}

// weakPassword reports passwords that are long enough but guessable: a few distinct characters, digits or
// keyboard runs only, or common words padded with digits and symbols.
func weakPassword(pw string) bool {
	low := strings.ToLower(pw)
	distinct := map[rune]bool{}
	for _, r := range low {
		distinct[r] = true
	}
	if len(distinct) <= 4 {
		return true
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, low)
	if len([]rune(letters)) < 4 {
		return !hasWords(low) && len([]rune(pw)) < 20 // digits and symbols only: guessable unless very long
	}
	rest := letters
	for changed := true; changed && rest != ""; {
		changed = false
		for _, w := range commonWords() {
			if strings.HasPrefix(rest, w) {
				rest, changed = rest[len(w):], true
			}
		}
	}
	if rest == "" {
		return true
	}
	for _, run := range []string{"qwertyuiop", "qwertzuiop", "asdfghjkl", "yxcvbnm", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"} {
		if strings.Contains(run+run, letters) {
			return true
		}
	}
	return false
}

func hasWords(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
