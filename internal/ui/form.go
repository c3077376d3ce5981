package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// option is one choice of a select.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// field is everything the "field" partial needs to draw one labelled control with its message.
type field struct {
	ID, Name, Label, Value, Type string
	Error, Hint                  string
	Autocomplete, Inputmode      string
	List                         string // id of a datalist of suggestions
	Required, Checked            bool
	Options                      []option
	Picker                       *picker // a select of units that a script gives a filter box
}

// picker holds the words of a unit select's filter box, which the script adds.
type picker struct {
	Label, Count, None string
}

// Input describes a text-like input. opts are "type=email", "id=x", "autocomplete=email",
// "inputmode=numeric", "list=<datalist id>", "hint=<catalogue key>", "required" and, for a select of units,
// "picker".
func (v *view) Input(name, labelKey, value string, opts ...string) field {
	f := field{ID: name, Name: name, Label: v.T(labelKey), Value: value, Type: "text", Error: v.Fields[name]}
	for _, o := range opts {
		k, val, _ := strings.Cut(o, "=")
		switch k {
		case "type":
			f.Type = val
		case "id":
			f.ID = val
		case "autocomplete":
			f.Autocomplete = val
		case "inputmode":
			f.Inputmode = val
		case "list":
			f.List = val
		case "hint":
			f.Hint = v.T(val)
		case "required":
			f.Required = true
		case "picker":
			f.Picker = &picker{Label: v.T("ui.unit_picker.filter"), Count: v.T("ui.unit_picker.count"), None: v.T("ui.unit_picker.none")}
		}
	}
	f.ID = strings.ReplaceAll(f.ID, ".", "-")
	return f
}

// Select describes a select whose option matching value is preselected.
func (v *view) Select(name, labelKey, value string, options []option, opts ...string) field {
	f := v.Input(name, labelKey, value, opts...)
	f.Options = make([]option, len(options))
	for i, o := range options {
		o.Selected = o.Value == value
		f.Options[i] = o
	}
	return f
}

// Check describes a checkbox.
func (v *view) Check(name, labelKey string, checked bool, opts ...string) field {
	f := v.Input(name, labelKey, "1", opts...)
	f.Type, f.Checked = "checkbox", checked
	return f
}

// EnumOptions lists coded values with their translations under prefix; blankKey, when not "", adds a
// first empty choice with that label.
func (v *view) EnumOptions(prefix, blankKey string, values []string) []option {
	var out []option
	if blankKey != "" {
		out = append(out, option{Value: "", Label: v.T(blankKey)})
	}
	for _, val := range values {
		out = append(out, option{Value: val, Label: v.Enum(prefix, val)})
	}
	return out
}

// setProblems puts the messages of a validation error next to the form fields; rename maps the service's
// field name ("emails.0.address") to the form's ("email"), returning "" for fields the form does not have,
// whose messages are listed at the top. It reports whether err was a validation error.
func (v *view) setProblems(err error, rename func(string) string) bool {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, fe := range ve.Fields {
		msg := v.T(messageKey(fe.Code), "param", fe.Param)
		name := fe.Field
		if rename != nil {
			name = rename(fe.Field)
		}
		switch {
		case name == "":
			v.Errors = append(v.Errors, msg)
		case v.Fields[name] == "":
			v.Fields[name] = msg
		}
	}
	if len(v.Errors) == 0 {
		v.Errors = []string{v.T("ui.form.fix_fields")}
	}
	return true
}

// messageKey is the catalogue key of a field error's code: the service's codes are error.<code>; the UI's
// own checks use a full "ui." key.
func messageKey(code string) string {
	if strings.HasPrefix(code, "ui.") {
		return code
	}
	return "error." + code
}

// sameName keeps field names as the service reports them.
func sameName(s string) string { return s }

// formID reads an optional id from a form or query value; "" is 0, anything else not a positive number
// is a field error.
func formID(p *domain.Problems, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.Add(field, "invalid_number")
		return 0
	}
	return n
}

// formDate reads an optional date in the form YYYY-MM-DD, as date inputs send it.
func formDate(p *domain.Problems, field, s string) *domain.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		p.AddParam(field, domain.DateProblem(s), s)
		return nil
	}
	return &d
}

// pathID reads the numeric id of a path; anything malformed is simply not found.
func pathID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.ErrNotFound
	}
	return n, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
