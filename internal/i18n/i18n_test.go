package i18n

import (
	"regexp"
	"slices"
	"testing"
)

func TestCatalogComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	en := c.Keys("en")
	if len(en) < 50 {
		t.Fatalf("only %d English messages", len(en))
	}
	placeholders := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, lang := range Languages()[1:] {
		keys := c.Keys(lang)
		for _, k := range en {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: missing %q", lang, k)
				continue
			}
			want := placeholders.FindAllString(c.T("en", k), -1)
			got := placeholders.FindAllString(c.T(lang, k), -1)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s: %q has placeholders %v, English has %v", lang, k, got, want)
			}
		}
		for _, k := range keys {
			if !slices.Contains(en, k) {
				t.Errorf("%s: %q is not in the English catalogue", lang, k)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"de-DE,de;q=0.9,en;q=0.8": "de", "fr-FR, en-GB;q=0.5": "en", "": "en", "DE": "de"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParams(t *testing.T) {
	c, _ := Load()
	if got := c.T("de", "error.too_long", "param", "200"); got == "error.too_long" || !regexp.MustCompile(`200`).MatchString(got) {
		t.Errorf("params not replaced: %q", got)
	}
}
