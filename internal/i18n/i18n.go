// Package i18n holds the translation catalogue: every user-visible string of the UI and of API error messages,
// in English and German. Keys missing in a language are a test failure, not a runtime surprise.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed messages/*.json
var files embed.FS

// Languages are the catalogue's languages; the first is the fallback.
func Languages() []string { return []string{"en", "de"} }

// Catalog maps language → key → message. Messages may hold {param} placeholders.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads the embedded catalogue: every messages/<part>.<lang>.json file, merged per language. A key
// defined in two parts is an error.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Languages() {
		paths, err := fs.Glob(files, "messages/*."+lang+".json")
		if err != nil {
			return nil, err
		}
		all := map[string]string{}
		for _, path := range paths {
			b, err := files.ReadFile(path)
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			for k, v := range m {
				if _, dup := all[k]; dup {
					return nil, fmt.Errorf("%s: key %q defined twice", path, k)
				}
				all[k] = v
			}
		}
		c.msgs[lang] = all
	}
	return c, nil
}

// T returns the message for key in lang, falling back to English and then to the key itself; params replace
// {name} placeholders, given as name, value pairs.
func (c *Catalog) T(lang, key string, params ...string) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		if msg, ok = c.msgs["en"][key]; !ok {
			msg = key
		}
	}
	for i := 0; i+1 < len(params); i += 2 {
		msg = strings.ReplaceAll(msg, "{"+params[i]+"}", params[i+1])
	}
	return msg
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys lists the keys of a language, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Match picks the best catalogue language for an Accept-Language header.
func Match(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		for _, l := range Languages() {
			if base == l {
				return l
			}
		}
	}
	return "en"
}
