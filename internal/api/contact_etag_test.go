package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// sendHeaders is env.do with request headers, answering the response headers too.
func (e *env) sendHeaders(user, method, path, body string, header ...string) (int, http.Header, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, out
}

// TestIfMatchPreventsLostUpdates: two people read the same contact; the first change goes through, the
// second, made on what it read before, is refused with 412 instead of silently overwriting the first.
func TestIfMatchPreventsLostUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		c := e.contact["open"]
		path := "/api/v1/contacts/" + itoa(c.ID)
		family := func() string {
			_, _, body := e.sendHeaders("admin", "GET", path, "")
			var got struct {
				FamilyName string `json:"family_name"`
			}
			_ = json.Unmarshal(body, &got)
			return got.FamilyName
		}

		status, h, _ := e.sendHeaders("admin", "GET", path, "")
		read := h.Get("ETag")
		if status != http.StatusOK || read != fmt.Sprintf(`"%d-%d"`, c.ID, c.Version) {
			t.Fatalf("GET: %d, ETag %q", status, read)
		}

		status, h, body := e.sendHeaders("admin", "PATCH", path, `{"family_name": "First"}`, "If-Match", read)
		if status != http.StatusOK || h.Get("ETag") == read || h.Get("ETag") == "" {
			t.Fatalf("PATCH with the current ETag: %d, ETag %q\n%s", status, h.Get("ETag"), body)
		}
		current := h.Get("ETag")

		status, _, body = e.sendHeaders("m2", "PATCH", path, `{"family_name": "Second"}`, "If-Match", read)
		if status != http.StatusPreconditionFailed || !strings.Contains(string(body), `"precondition_failed"`) {
			t.Errorf("PATCH with a stale ETag: %d\n%s", status, body)
		}
		if got := family(); got != "First" {
			t.Errorf("after the refused change the name is %q, want First", got)
		}

		otherContact := fmt.Sprintf(`"%d-%d"`, e.contact["secret"].ID, c.Version+1)
		for name, ifMatch := range map[string]string{
			"weak tag":                         "W/" + current,
			"another contact's tag":            otherContact,
			"not a tag":                        "yesterday",
			"matching tag, stale body version": current,
			"several tags, none current":       read + `, "1-99"`,
		} {
			body := `{"family_name": "Wrong"}`
			if strings.HasPrefix(name, "matching tag") {
				body = fmt.Sprintf(`{"family_name": "Wrong", "version": %d}`, c.Version)
			}
			if status, _, out := e.sendHeaders("admin", "PATCH", path, body, "If-Match", ifMatch); status != http.StatusPreconditionFailed {
				t.Errorf("%s (If-Match %s): %d, want 412\n%s", name, ifMatch, status, out)
			}
		}
		if got := family(); got != "First" {
			t.Errorf("after refused changes the name is %q, want First", got)
		}

		if status, h, out := e.sendHeaders("admin", "PATCH", path, `{"family_name": "Third"}`, "If-Match", read+", "+current); status != http.StatusOK {
			t.Errorf("several tags, one current: %d\n%s", status, out)
		} else {
			current = h.Get("ETag")
		}
		if status, _, out := e.sendHeaders("admin", "PATCH", path, `{"family_name": "Fourth"}`, "If-Match", "*"); status != http.StatusOK {
			t.Errorf("If-Match *: %d\n%s", status, out)
		}
		if status, _, out := e.sendHeaders("admin", "PATCH", path, fmt.Sprintf(`{"family_name": "Fifth", "version": %d}`, c.Version)); status != http.StatusConflict {
			t.Errorf("no If-Match, stale body version: %d, want 409 as before\n%s", status, out)
		}
		if status, _, out := e.sendHeaders("admin", "PATCH", path, `{"family_name": "Sixth"}`); status != http.StatusOK {
			t.Errorf("no precondition at all: %d\n%s", status, out)
		}
		if status, _, _ := e.sendHeaders("m1", "PATCH", path, `{"family_name": "Hidden"}`, "If-Match", current+`, "`+itoa(c.ID)+`-1"`); status != http.StatusNotFound {
			t.Errorf("several tags on a contact outside the scope: %d, want 404 as without If-Match", status)
		}
	})
}
