package importfile

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// presetFiles holds one JSON file per preset; docs/import-presets.md explains how to add one.
//
//go:embed presets/*.json
var presetFiles embed.FS

// Preset is a ready-made mapping for a well-known file layout, such as a state's voter file.
type Preset struct {
	Name   string `json:"name"`   // stable identifier, the file name without .json: "us-nc-ncvoter"
	Title  string `json:"title"`  // shown to the user
	Source string `json:"source"` // where the layout is documented
	// Detect lists headers that must all be present for a file to be taken for this layout.
	Detect []string `json:"detect"`
	// Columns maps the layout's columns; columns of the file that are not listed are ignored. A column may
	// be listed under several names (layouts change).
	Columns []ColumnMapping `json:"columns"`
}

// Presets returns the built-in presets, sorted by name. The JSON files are part of the binary and checked
// by the tests, so a broken one is a programming error and panics.
func Presets() []Preset {
	entries, err := fs.ReadDir(presetFiles, "presets")
	if err != nil {
		panic(err)
	}
	out := make([]Preset, 0, len(entries))
	for _, e := range entries {
		b, err := presetFiles.ReadFile(path.Join("presets", e.Name()))
		if err != nil {
			panic(err)
		}
		var p Preset
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			panic(fmt.Sprintf("importfile: preset %s: %v", e.Name(), err))
		}
		out = append(out, p)
	}
	return out
}

// PresetByName returns the built-in preset with this name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// DetectPreset returns the preset whose Detect headers all occur in header (compared as Suggest compares),
// preferring the one that knows most of the file's columns.
func DetectPreset(header []string) (Preset, bool) {
	keys := map[string]bool{}
	for _, h := range header {
		keys[headerKey(h)] = true
	}
	var best Preset
	bestKnown := -1
	for _, p := range Presets() {
		if len(p.Detect) == 0 || !allIn(p.Detect, keys) {
			continue
		}
		known := 0
		for _, c := range p.Columns {
			if keys[headerKey(c.Header)] {
				known++
			}
		}
		if known > bestKnown {
			best, bestKnown = p, known
		}
	}
	return best, bestKnown >= 0
}

func allIn(names []string, keys map[string]bool) bool {
	for _, n := range names {
		if !keys[headerKey(n)] {
			return false
		}
	}
	return true
}

// Apply maps a file's header with the preset: each column takes the preset's mapping of the same header,
// with qualifiers renamed to the file's spelling; other columns are ignored.
func (p Preset) Apply(header []string) Mapping {
	m := Mapping{Preset: p.Name, Columns: make([]ColumnMapping, len(header))}
	for i, h := range header {
		m.Columns[i] = ColumnMapping{Header: h}
		for _, c := range p.Columns {
			if !sameHeader(c.Header, h) {
				continue
			}
			c.Header = h
			if c.Qualifier != "" {
				if j := indexOfKey(header, c.Qualifier); j >= 0 {
					c.Qualifier = header[j]
				} else {
					c.Qualifier = "" // the layout's qualifier column is missing; the value stands alone
				}
			}
			m.Columns[i] = c
			break
		}
	}
	return m
}
