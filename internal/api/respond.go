package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roster-crm/roster/internal/domain"
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

// fail writes one error format for every failure. Domain errors map to 4xx; anything else is logged and
// answered with a 500 that reveals nothing.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ve *domain.ValidationError
	var bad badRequest
	switch {
	case errors.As(err, &ve):
		body := errorBody{Code: "validation_failed", Message: a.cat.T("en", "error.validation")}
		for _, f := range ve.Fields {
			body.Fields = append(body.Fields, errorField{Field: f.Field, Code: f.Code,
				Message: a.cat.T("en", "error."+f.Code, "param", f.Param)})
		}
		a.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": body})
	case errors.As(err, &bad):
		a.writeJSON(w, bad.status, map[string]any{"error": errorBody{Code: bad.code, Message: a.cat.T("en", "error."+bad.code, "param", bad.param)}})
	case errors.Is(err, domain.ErrNotFound):
		a.simple(w, http.StatusNotFound, "not_found")
	case errors.Is(err, domain.ErrForbidden):
		a.simple(w, http.StatusForbidden, "forbidden")
	case errors.Is(err, domain.ErrConflict):
		a.simple(w, http.StatusConflict, "conflict")
	case errors.Is(err, domain.ErrUnauthenticated):
		a.simple(w, http.StatusUnauthorized, "unauthenticated")
	case errors.Is(err, domain.ErrThrottled):
		a.simple(w, http.StatusTooManyRequests, "throttled")
	default:
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		a.simple(w, http.StatusInternalServerError, "internal")
	}
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
		return jsonError(err)
	}
	if dec.More() {
		return badRequest{http.StatusBadRequest, "invalid_json", ""}
	}
	return exactKeys(body, reflect.TypeOf(dst).Elem())
}

// jsonError turns a decoding error into a field error where the field is known.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return domain.Invalid(te.Field, "invalid_choice")
	}
	msg := err.Error()
	if strings.Contains(msg, "YYYY-MM-DD") {
		return domain.Invalid("date", "invalid_date")
	}
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

// queryInt reads an optional integer query parameter.
func queryInt(r *http.Request, name string, p *domain.Problems) int64 {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		p.Add(name, "invalid_number")
	}
	return n
}

// queryTime reads an optional RFC 3339 time or date query parameter.
func queryTime(r *http.Request, name string, p *domain.Problems) time.Time {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t
	}
	p.Add(name, "invalid_time")
	return time.Time{}
}

// queryDate reads an optional YYYY-MM-DD query parameter.
func queryDate(r *http.Request, name string, p *domain.Problems) domain.Date {
	v := r.URL.Query().Get(name)
	if v == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(v)
	if err != nil {
		p.Add(name, "invalid_date")
	}
	return d
}

// queryBool reads an optional true/false query parameter.
func queryBool(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "true" || v == "1" || v == "on"
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
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
