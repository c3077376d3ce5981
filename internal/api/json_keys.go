package api

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

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

var (
	dateType = reflect.TypeFor[domain.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// badValue returns the field error of the first date or time in v (the body, decoded into t) that does not
// parse: its dotted path, "nonexistent_date" for a well-formed date the calendar lacks (2023-02-30), else
// "invalid_date" or "invalid_time", with the value as the message's parameter. nil when all parse.
func badValue(body []byte, t reflect.Type) *domain.FieldError {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil
	}
	return badValueAt(v, t, "")
}

func badValueAt(v any, t reflect.Type, path string) *domain.FieldError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case dateType, timeType:
		s, ok := v.(string)
		if !ok || s == "" {
			return nil
		}
		raw, _ := json.Marshal(s)
		dst := reflect.New(t).Interface().(json.Unmarshaler)
		if dst.UnmarshalJSON(raw) == nil {
			return nil
		}
		code := domain.DateProblem(s)
		if t == timeType {
			code = "invalid_time"
			if day, _, _ := strings.Cut(s, "T"); !validDate(day) && domain.DateProblem(day) == "nonexistent_date" {
				code = "nonexistent_date"
			}
		}
		return &domain.FieldError{Field: strings.TrimSuffix(path, "."), Code: code, Param: s}
	}
	switch val := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			fields := jsonFields(t)
			for key, sub := range val {
				if ft, ok := fields[key]; ok {
					if fe := badValueAt(sub, ft, path+key+"."); fe != nil {
						return fe
					}
				}
			}
		case reflect.Map:
			for key, sub := range val {
				if fe := badValueAt(sub, t.Elem(), path+key+"."); fe != nil {
					return fe
				}
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, sub := range val {
				if fe := badValueAt(sub, t.Elem(), path+strconv.Itoa(i)+"."); fe != nil {
					return fe
				}
			}
		}
	}
	return nil
}

func validDate(s string) bool {
	_, err := domain.ParseDate(s)
	return err == nil
}
