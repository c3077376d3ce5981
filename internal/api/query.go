package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// parameterError is a request with malformed, out-of-range or unknown query parameters: a 400 that names each
// parameter with a code and a message, as a validation error names each field.
type parameterError struct{ *domain.ValidationError }

// asParameterError turns the validation error of a request whose only input is its query (a list, a count, a
// download) into a parameterError: what the caller got wrong is a parameter. Other errors pass unchanged.
func asParameterError(err error) error {
	if ve, ok := err.(*domain.ValidationError); ok {
		return parameterError{ve}
	}
	return err
}

// query reads a request's query parameters. Each reader records a problem for a malformed or out-of-range
// value, so that nothing is silently ignored or clamped; err returns them all. An empty value is malformed
// for every kind but text, as the OpenAPI document says. Unknown and repeated parameters are refused before a
// handler runs (see API.checkQuery).
type query struct {
	values url.Values
	p      domain.Problems
}

func readQuery(r *http.Request) *query { return &query{values: r.URL.Query()} }

// given reports whether the parameter is there, with a value or not.
func (q *query) given(name string) bool { return q.values.Has(name) }

// err is nil or a parameterError listing every problem found.
func (q *query) err() error {
	if err := q.p.Err(); err != nil {
		return asParameterError(err)
	}
	return nil
}

// text reads free text of at most maxLen bytes.
func (q *query) text(name string, maxLen int) string {
	v := q.values.Get(name)
	switch {
	case !domain.ValidText(v):
		q.p.Add(name, "invalid_text")
	case len(v) > maxLen:
		q.p.AddParam(name, "too_long", maxLen)
	}
	return v
}

// id reads a record id: a whole number from 1; 0 when absent.
func (q *query) id(name string) int64 {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil:
		q.p.Add(name, "invalid_number")
	case n < 1:
		q.p.AddParam(name, "out_of_range", "≥ 1")
	}
	return n
}

// number reads a whole number between lo and hi, def when absent.
func (q *query) number(name string, def, lo, hi int) int {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return def
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		q.p.Add(name, "invalid_number")
	case n < lo || n > hi:
		q.p.AddParam(name, "out_of_range", fmt.Sprintf("%d–%d", lo, hi))
	}
	return n
}

// flag reads true or false (as strconv.ParseBool spells them: 1, t, TRUE …); false when absent.
func (q *query) flag(name string) bool {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.p.Add(name, "invalid_boolean")
	}
	return b
}

// choice reads one of choices, def when absent.
func (q *query) choice(name, def string, choices ...string) string {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return def
	}
	if !slices.Contains(choices, v) {
		q.p.AddParam(name, "not_one_of", strings.Join(choices, ", "))
	}
	return v
}

// choiceList reads a comma-separated list of choices.
func (q *query) choiceList(name string, choices ...string) []string {
	var out []string
	if !q.values.Has(name) {
		return nil
	}
	for _, s := range strings.Split(q.values.Get(name), ",") {
		if !slices.Contains(choices, s) {
			q.p.AddParam(name, "not_one_of", strings.Join(choices, ", "))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// date reads a YYYY-MM-DD date.
func (q *query) date(name string) domain.Date {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return domain.Date{}
	}
	d, err := domain.ParseDate(v)
	if err != nil {
		q.p.AddParam(name, domain.DateProblem(v), v)
	}
	return d
}

// instant reads an RFC 3339 time or a YYYY-MM-DD date (its midnight in UTC).
func (q *query) instant(name string) time.Time {
	v := q.values.Get(name)
	if !q.values.Has(name) {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t
	}
	q.p.Add(name, "invalid_time")
	return time.Time{}
}

// refuseWith records a problem for each of names that is given together with a value of the parameter
// other, which cannot be combined with them.
func (q *query) refuseWith(other, code string, names ...string) {
	if q.values.Get(other) == "" {
		return
	}
	for _, n := range names {
		if q.given(n) {
			q.p.Add(n, code)
		}
	}
}
