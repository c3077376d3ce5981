package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// maxPageWeight is what a page may cost a phone on a slow connection: its HTML with the stylesheet and the
// scripts it loads.
const maxPageWeight = 150 << 10

// TestPagesStayLight loads the heaviest pages of a national admin with 420 more units, a full list page and
// 300 tags, and checks that each page with its assets stays within maxPageWeight, and that the unit select,
// the one part that grows with the organization, appears at most once per page.
func TestPagesStayLight(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		units := []store.NewUnit{{Code: "LV", Name: "Landesverband Musterland", Kind: "state"}}
		for i := range 420 {
			units = append(units, store.NewUnit{Code: fmt.Sprintf("KV%d", i), ParentCode: "LV",
				Name: fmt.Sprintf("Kreisverband Musterstadt-Nordwest %d", i), Kind: "county"})
		}
		ids := must(w.svc.ImportUnitTree(ctx, w.sys, units, nil))(t)
		admin := w.user("big@example.org", "Bea Big", "en", w.national.ID, access.Admin)
		must(w.svc.GrantRole(ctx, must(w.svc.SystemActor(ctx, "test"))(t), domain.GrantInput{UserID: admin.ID, UnitID: ids["LV"], Role: access.Admin}))(t)
		for i := range 55 {
			w.contact(fmt.Sprintf("Vorname%d", i), fmt.Sprintf("Familienname-Doppelname%d", i), w.munich.ID)
		}
		for i := range 6 {
			tags := make([]string, 50)
			for j := range tags {
				tags[j] = fmt.Sprintf("Arbeitskreis Kommunalpolitik %d-%d", i, j)
			}
			c := w.contact("Tag", fmt.Sprintf("Träger%d", i), w.munich.ID)
			must(w.svc.UpdateContact(ctx, w.sys, c.ID, domain.ContactInput{Tags: &tags}))(t)
		}
		w.tag("Presse", w.anna)
		must(w.svc.RefreshUnitCounts(ctx))(t)
		b := w.signIn("big@example.org")
		anna := "/contacts/" + itoa(w.anna.ID)
		someUnit := `<option value="` + itoa(ids["KV7"]) + `"`
		for _, path := range []string{"/contacts", "/contacts?unit=" + itoa(w.national.ID) + "&sort=-name", "/contacts?q=vorname",
			"/contacts/new", anna, anna + "/edit", anna + "/edit?block=name", anna + "/edit?block=channels", "/units", "/units/" + itoa(ids["LV"]),
			"/users/new", "/units/new", "/invitations/new", "/users/" + itoa(admin.ID), "/audit"} {
			page := b.mustGet(path)
			if weight := b.weigh(page); weight > maxPageWeight {
				t.Errorf("%s weighs %d KiB with its assets, more than %d KiB", path, weight>>10, maxPageWeight>>10)
			}
			if n := strings.Count(page, someUnit); n > 1 {
				t.Errorf("%s renders the unit list %d times", path, n)
			}
		}
		if n := len(listed(b.mustGet("/contacts"))); n != 50 {
			t.Errorf("the list page shows %d rows, want a full page of 50", n)
		}
	})
}

var assetRef = regexp.MustCompile(`(?:src|href)="(/static/[0-9a-f]{16}/[^"]+)"`)

// weigh adds the sizes of the stylesheet and scripts a page loads to the page's own.
func (b *browser) weigh(page string) int {
	b.t.Helper()
	total := len(page)
	for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
		res := b.get(m[1])
		if res.status != http.StatusOK {
			b.t.Fatalf("%s: %d", m[1], res.status)
		}
		total += len(res.body)
	}
	return total
}
