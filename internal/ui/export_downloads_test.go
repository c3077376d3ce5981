package ui_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
)

func TestDownloadsAreScopedAndTyped(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		start := domain.Date{Year: 2026, Month: 1, Day: 1}
		if _, err := w.svc.AddMembership(ctx, w.sys, w.anna.ID, domain.MembershipInput{TypeID: &w.regular.ID, StartDate: &start}); err != nil {
			t.Fatal(err)
		}
		b := w.signIn("officer@example.org")
		for path, want := range map[string]string{
			"/units/" + itoa(w.munich.ID) + "/accreditation.pdf":  "%PDF",
			"/units/" + itoa(w.munich.ID) + "/accreditation.csv":  "Münchner",
			"/units/" + itoa(w.munich.ID) + "/accreditation.xlsx": "PK",
			"/contacts/" + itoa(w.anna.ID) + "/data.json":         `"anna@example.org"`,
			"/contacts/" + itoa(w.anna.ID) + "/data.pdf":          "%PDF",
			"/contacts/export.xlsx":                               "PK",
		} {
			res := b.get(path)
			if res.status != http.StatusOK || !strings.Contains(res.body, want) || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
				t.Errorf("GET %s: %d %q, body starts %q", path, res.status, res.header.Get("Content-Disposition"), res.body[:min(40, len(res.body))])
			}
		}
		for _, path := range []string{
			"/units/" + itoa(w.augsburg.ID) + "/accreditation.pdf", // another county
			"/units/" + itoa(w.bavaria.ID) + "/accreditation.csv",  // the state above the officer's grant
			"/contacts/" + itoa(w.bert.ID) + "/data.json",          // a contact of another county
			"/contacts/" + itoa(w.anna.ID) + "/data.exe",           // no such format... and no such page
		} {
			res := b.get(path)
			if res.status == http.StatusOK || strings.Contains(res.body, "Augsburger") || res.header.Get("Content-Disposition") != "" {
				t.Errorf("GET %s: %d, leaked a download", path, res.status)
			}
		}
	})
}
