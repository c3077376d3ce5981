package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotFound means the record does not exist or is outside the actor's scope; the two are deliberately
// indistinguishable so that existence is never confirmed.
var ErrNotFound = errors.New("not found")

// ErrForbidden means the actor may see the record but lacks the capability for the action.
var ErrForbidden = errors.New("forbidden")

// ErrConflict means the record changed since the caller read it (stale version) or the action conflicts with
// the record's state.
var ErrConflict = errors.New("conflict")

// ErrTooLarge means an uploaded file is larger than allowed.
var ErrTooLarge = errors.New("too large")

// ErrUnauthenticated means no valid credentials were presented.
var ErrUnauthenticated = errors.New("unauthenticated")

// ErrUnconfigured means a capability needs configuration the server lacks (a secret key for second factors):
// not the caller's fault, and not solved by trying again soon.
var ErrUnconfigured = errors.New("not configured on this server")

// ErrorKind is what a front end needs to know of an error to answer it. Each front end maps a kind to its
// own answer (an HTTP status and code, a page, an exit code) in one place; which error is which kind is
// decided once, by KindOf.
type ErrorKind string

// The kinds of errors.
const (
	KindInvalid         ErrorKind = "invalid"         // a ValidationError: say which fields and why
	KindNotFound        ErrorKind = "not_found"       // does not exist, or lies outside the actor's scope
	KindForbidden       ErrorKind = "forbidden"       // visible, but the actor lacks the capability
	KindConflict        ErrorKind = "conflict"        // changed since it was read, or the wrong state for the action
	KindUnauthenticated ErrorKind = "unauthenticated" // no valid credentials
	KindThrottled       ErrorKind = "throttled"       // too many attempts: wait
	KindTooLarge        ErrorKind = "too_large"       // an upload over the limit
	KindUnconfigured    ErrorKind = "unconfigured"    // the server lacks configuration for this
	KindUnavailable     ErrorKind = "unavailable"     // the database cannot be reached now: try again shortly
	KindInternal        ErrorKind = "internal"        // anything else: a bug, logged, never shown
)

// KindOf is the kind of err as far as the domain can tell: the one place where errors are sorted into kinds
// (service.KindOf adds a database that cannot be reached). nil has no kind.
func KindOf(err error) ErrorKind {
	switch {
	case err == nil:
		return ""
	case errors.As(err, new(*ValidationError)):
		return KindInvalid
	case errors.Is(err, ErrNotFound):
		return KindNotFound
	case errors.Is(err, ErrForbidden):
		return KindForbidden
	case errors.Is(err, ErrConflict):
		return KindConflict
	case errors.Is(err, ErrUnauthenticated), errors.Is(err, ErrSecondFactorRequired):
		return KindUnauthenticated
	case errors.Is(err, ErrThrottled):
		return KindThrottled
	case errors.Is(err, ErrTooLarge):
		return KindTooLarge
	case errors.Is(err, ErrUnconfigured):
		return KindUnconfigured
	}
	return KindInternal
}

// FieldError names one invalid input field. Code is a stable machine-readable reason that front ends translate;
// Param carries a value for the message (a limit, an allowed list).
type FieldError struct {
	Field string `json:"field"`
	Code  string `json:"code"`
	Param string `json:"param,omitempty"`
}

// ValidationError lists every invalid field of one request.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Code
	}
	return "invalid input: " + strings.Join(parts, ", ")
}

// Has reports whether field has an error (for tests and forms).
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Problems collects field errors while validating a request.
type Problems struct{ list []FieldError }

// Add records that field is invalid for reason code.
func (p *Problems) Add(field, code string) {
	p.list = append(p.list, FieldError{Field: field, Code: code})
}

// AddParam records a field error with a parameter for the message.
func (p *Problems) AddParam(field, code string, param any) {
	p.list = append(p.list, FieldError{Field: field, Code: code, Param: fmt.Sprint(param)})
}

// Err returns nil when nothing was added, else a *ValidationError sorted by field.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	sort.SliceStable(p.list, func(i, j int) bool { return p.list[i].Field < p.list[j].Field })
	return &ValidationError{Fields: p.list}
}

// Invalid is a shortcut for a validation error on one field.
func Invalid(field, code string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code}}}
}
