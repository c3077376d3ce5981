package ui_test

import (
	"context"
	"strings"
	"testing"
)

// TestTagSuggestionsStayInScope: the tag suggestions of the contact list and the contact page offer the tags
// of contacts the officer can see, not those of contacts elsewhere.
func TestTagSuggestionsStayInScope(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		for id, tag := range map[int64]string{w.anna.ID: "Isarblick", w.carla.ID: "Spreegeheimnis"} {
			if _, _, err := w.svc.TagContacts(ctx, w.sys, []int64{id}, tag, true); err != nil {
				t.Fatal(err)
			}
		}
		officer := w.signIn("officer@example.org")
		for _, path := range []string{"/contacts", "/contacts/" + itoa(w.anna.ID)} {
			page := officer.mustGet(path)
			if !strings.Contains(page, "Isarblick") || strings.Contains(page, "Spreegeheimnis") {
				t.Errorf("%s: the Munich officer is not offered Munich's tag, or is offered Berlin's", path)
			}
		}
	})
}
