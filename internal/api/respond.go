package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/httpauth"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

type errorField struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type errorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []errorField `json:"fields,omitempty"`
}

func (a *API) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		a.log.Warn("write response", "err", err)
	}
}

// fail writes one error format for every failure: malformed requests (the API's own), then each kind of
// error (service.KindOf) to its status. A database that cannot be reached is a 503 with Retry-After; anything
// unexpected is logged and answered with a 500 that reveals nothing.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe parameterError
	var bad badRequest
	switch {
	case errors.As(err, &pe):
		a.writeJSON(w, http.StatusBadRequest, map[string]any{"error": a.fieldErrors("invalid_parameters", "error.invalid_parameters", pe.Fields)})
		return
	case errors.As(err, &bad):
		a.writeJSON(w, bad.status, map[string]any{"error": errorBody{Code: bad.code, Message: a.cat.T("en", "error."+bad.code, "param", bad.param)}})
		return
	}
	switch kind := a.svc.KindOf(err); kind {
	case domain.KindInvalid:
		var ve *domain.ValidationError
		errors.As(err, &ve)
		a.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": a.fieldErrors("validation_failed", "error.validation", ve.Fields)})
	case domain.KindUnavailable:
		a.log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", httpauth.RetryAfter)
		a.simple(w, http.StatusServiceUnavailable, "unavailable")
	case domain.KindInternal:
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		a.simple(w, http.StatusInternalServerError, "internal")
	default:
		a.simple(w, kindStatus(kind), string(kind))
	}
}

// kindStatus is the HTTP status of each kind of error the API answers with its code alone.
func kindStatus(k domain.ErrorKind) int {
	switch k {
	case domain.KindNotFound:
		return http.StatusNotFound
	case domain.KindForbidden:
		return http.StatusForbidden
	case domain.KindConflict:
		return http.StatusConflict
	case domain.KindUnauthenticated:
		return http.StatusUnauthorized
	case domain.KindThrottled:
		return http.StatusTooManyRequests
	case domain.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.KindUnconfigured:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fieldErrors is the error body that lists invalid fields or parameters, each with an English message.
func (a *API) fieldErrors(code, messageKey string, fields []domain.FieldError) errorBody {
	body := errorBody{Code: code, Message: a.cat.T("en", messageKey)}
	for _, f := range fields {
		body.Fields = append(body.Fields, errorField{Field: f.Field, Code: f.Code,
			Message: a.cat.T("en", "error."+f.Code, "param", f.Param)})
	}
	return body
}

func (a *API) simple(w http.ResponseWriter, status int, code string) {
	a.writeJSON(w, status, map[string]any{"error": errorBody{Code: code, Message: a.cat.T("en", "error."+code)}})
}

// badRequest is a malformed request (as opposed to invalid field values).
type badRequest struct {
	status      int
	code, param string
}

func (b badRequest) Error() string { return b.code }

// decode reads a JSON body of at most MaxBody bytes into dst, rejecting invalid UTF-8, unknown fields and
// trailing data.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return badRequest{http.StatusRequestEntityTooLarge, "body_too_large", "1 MiB"}
	}
	if err != nil {
		return badRequest{http.StatusBadRequest, "bad_request", ""}
	}
	if !utf8.Valid(body) {
		return badRequest{http.StatusBadRequest, "invalid_utf8", ""}
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, body, reflect.TypeOf(dst).Elem())
	}
	if dec.More() {
		return badRequest{http.StatusBadRequest, "invalid_json", ""}
	}
	return exactKeys(body, reflect.TypeOf(dst).Elem())
}

// jsonError turns a decoding error into a field error where the field is known. A date or time that does not
// parse is found again in the body (t is the type it was decoded into): encoding/json does not say which
// field a value's own UnmarshalJSON refused.
func jsonError(err error, body []byte, t reflect.Type) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return domain.Invalid(te.Field, "invalid_choice")
	}
	if fe := badValue(body, t); fe != nil {
		return &domain.ValidationError{Fields: []domain.FieldError{*fe}}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return domain.Invalid(strings.Trim(f, `"`), "unknown_field")
	}
	return badRequest{http.StatusBadRequest, "invalid_json", ""}
}

// pathID reads a numeric path value; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}

// withBody decodes the request body into In, calls fn, and answers its result with status.
func withBody[In, Out any](a *API, w http.ResponseWriter, r *http.Request, status int, fn func(In) (Out, error)) {
	var in In
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := fn(in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, status, out)
}

// withIDBody is withBody for routes with an {id}.
func withIDBody[In, Out any](a *API, w http.ResponseWriter, r *http.Request, status int, fn func(int64, In) (Out, error)) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	withBody(a, w, r, status, func(in In) (Out, error) { return fn(id, in) })
}

// withID answers fn's result for the path id.
func withID[Out any](a *API, w http.ResponseWriter, r *http.Request, fn func(int64) (Out, error)) {
	id, err := pathID(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := fn(id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, out)
}

// answer writes fn's result, or its error.
func answer[Out any](a *API, w http.ResponseWriter, r *http.Request, out Out, err error) {
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusOK, out)
}

// located sets the Location header of a created resource and passes the result on.
func located[T any](w http.ResponseWriter, prefix string, id func(T) int64) func(T, error) (T, error) {
	return func(v T, err error) (T, error) {
		if err == nil {
			w.Header().Set("Location", prefix+strconv.FormatInt(id(v), 10))
		}
		return v, err
	}
}
