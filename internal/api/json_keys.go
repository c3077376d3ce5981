package api

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// exactKeys finds an object key in a decoded body that names a field only when case is ignored: encoding/json
// takes "Family_Name" for family_name, but the OpenAPI document names fields exactly, and a client that
// misspells one should hear so rather than depend on a leniency. t is the type the body was decoded into.
func exactKeys(body []byte, t reflect.Type) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil // the decoder has already judged the syntax
	}
	if path := inexactKey(v, t, ""); path != "" {
		return domain.Invalid(path, "unknown_field")
	}
	return nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// inexactKey returns the dotted path of the first inexact key in v, decoded into t, or "".
func inexactKey(v any, t reflect.Type, prefix string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return ""
	}
	switch val := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			fields := jsonFields(t)
			for key, sub := range val {
				ft, ok := fields[key]
				if !ok {
					return prefix + key
				}
				if p := inexactKey(sub, ft, prefix+key+"."); p != "" {
					return p
				}
			}
		case reflect.Map:
			for key, sub := range val {
				if p := inexactKey(sub, t.Elem(), prefix+key+"."); p != "" {
					return p
				}
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, sub := range val {
				if p := inexactKey(sub, t.Elem(), prefix+strconv.Itoa(i)+"."); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// jsonFields maps the JSON names of a struct's fields, those of embedded structs included, to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for n, ft := range jsonFields(f.Type) {
				fields[n] = ft
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}
