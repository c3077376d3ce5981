package ui_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The unit page says what its count counts (home members, not the affiliated ones the contact list adds) and
// when it was counted, and a count that is behind the data is recounted soon after someone looks at it, not
// at the next periodic recount ten minutes later.
func TestUnitCountsFollowChangesAndSayWhatTheyCount(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		deadline := time.Now().Add(20 * time.Second)
		for { // the periodic count at start
			counts, err := w.st.Read().UnitCounts(ctx, []int64{w.munich.ID})
			if err != nil {
				t.Fatal(err)
			}
			if c, ok := counts[w.munich.ID]; ok && c.Contacts == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no first count: %+v", counts)
			}
			time.Sleep(50 * time.Millisecond)
		}
		w.contact("Zora", "Zugezogen", w.munich.ID)
		officer := w.signIn("officer@example.org")
		munich := "/units/" + itoa(w.munich.ID)
		page := officer.mustGet(munich)
		for _, want := range []string{w.msg("en", "ui.unit.counts_affiliated"), "As of "} {
			if !strings.Contains(page, want) {
				t.Errorf("the unit page lacks %q", want)
			}
		}
		two := w.msg("en", "ui.unit.counts", "contacts", "2", "members", "0")
		for !strings.Contains(page, two) {
			if time.Now().After(deadline) {
				t.Fatal("the unit count did not follow the new contact")
			}
			time.Sleep(100 * time.Millisecond)
			page = officer.mustGet(munich)
		}
		// The contact list of the unit says that it counts the affiliated contacts too.
		list := officer.mustGet("/contacts?unit=" + itoa(w.munich.ID))
		if !strings.Contains(list, w.msg("en", "ui.contacts.count_scope", "unit", "München")) {
			t.Error("the filtered list does not say what it counts")
		}
		if res := officer.get("/units/" + itoa(w.augsburg.ID)); res.status != http.StatusNotFound {
			t.Errorf("another county's unit page: %d", res.status)
		}
	})
}
