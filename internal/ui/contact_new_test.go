package ui_test

import (
	"strings"
	"testing"
)

// The blank form has nothing in the likely-duplicates box, not even white space: the box is coloured as soon
// as it has any content, and an empty coloured bar above Save says nothing.
func TestAddPersonBlankFormHasNoEmptyWarning(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		body := w.signIn("officer@example.org").mustGet("/contacts/new")
		if !strings.Contains(body, `data-check-duplicates></div>`) {
			i := strings.Index(body, `id="duplicates"`)
			t.Errorf("the duplicates box of a blank form is not empty: %q", body[i:min(len(body), i+160)])
		}
	})
}
