package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// specialFolds covers letters that do not decompose into a base letter plus marks.
func specialFold(r rune) (string, bool) {
	switch r {
	case 'ß', 'ẞ':
		return "ss", true
	case 'æ', 'Æ':
		return "ae", true
	case 'œ', 'Œ':
		return "oe", true
	case 'ø', 'Ø':
		return "o", true
	case 'ł', 'Ł':
		return "l", true
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d", true
	case 'þ', 'Þ':
		return "th", true
	case 'ı':
		return "i", true
	}
	return "", false
}

// Fold turns text into a search and sort key: lower case, accents removed (Müller → muller, Łukasz → lukasz),
// punctuation other than '@', '.', '-' and '\” dropped, spaces collapsed. Scripts without a Latin form keep
// their letters, lower-cased. Both databases compare keys byte-wise, so sorting is identical on both.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := specialFold(r); ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f)
			space = false
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case r == '@' || r == '.' || r == '-' || r == '\'' || r == '_' || r == '+':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// PrefixEnd returns the smallest string greater than every string that starts with prefix, for index range
// scans (key >= prefix AND key < PrefixEnd(prefix)). It returns "" when there is no upper bound.
func PrefixEnd(prefix string) string {
	rs := []rune(prefix)
	for i := len(rs) - 1; i >= 0; i-- {
		next := rs[i] + 1
		if next == 0xD800 { // skip the surrogate block, which UTF-8 cannot encode
			next = 0xE000
		}
		if next <= unicode.MaxRune {
			rs[i] = next
			return string(rs[:i+1])
		}
	}
	return ""
}

// ValidText reports whether s is valid UTF-8 without control characters other than tab and newline.
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

// PhoneKey keeps the digits of a phone number (and a leading +) for matching.
func PhoneKey(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
