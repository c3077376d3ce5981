package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// The contact page speaks the reader's language: the contact's language by its name, the usual labels of
// phones translated; e-mail addresses and phone numbers are links that write and call; and a member who may
// not vote is told why, with the date, and until when grace lasts.
func TestContactPageFacts(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.user("officer.de@example.org", "Olga Offizierin", "de", w.munich.ID, "manager")
		name, months, grace := "Beitragsmitglied", 0, 60
		dues := must(w.svc.SaveMembershipType(ctx, w.sys, 0, domain.MembershipTypeInput{Name: &name, DurationMonths: &months,
			GraceDays: &grace, RequiresDues: new(true), Voting: new(true)}))(t)
		today := w.svc.Today()
		paid := today.AddDays(-10)
		c := must(w.svc.CreateMember(ctx, w.sys, domain.ContactInput{GivenName: new("Dora"), FamilyName: new("Deutsch"),
			HomeUnitID: &w.munich.ID, Language: new("de"), Emails: &[]domain.Email{{Address: "dora@example.org"}},
			Phones: &[]domain.Phone{{Number: "+49 89 1234-567", Label: "mobile"}}},
			&domain.MembershipInput{TypeID: &dues.ID, StartDate: new(today.AddDays(-400)), PaidUntil: &paid}))(t)
		for lang, email := range map[string]string{"en": "officer@example.org", "de": "officer.de@example.org"} {
			page := w.signIn(email).mustGet("/contacts/" + itoa(c.ID))
			for _, want := range []string{
				map[string]string{"en": "<dd>German</dd>", "de": "<dd>Deutsch</dd>"}[lang],
				`(` + w.msg(lang, "ui.channel_label.mobile") + `)`,
				`<a href="mailto:dora@example.org">dora@example.org</a>`,
				`<a href="tel:&#43;49891234567">&#43;49 89 1234-567</a>`,
				esc(w.msg(lang, "ui.membership.no_vote.dues_unpaid", "date", dateIn(lang, paid.AddDays(1)))),
				"<dt>" + esc(w.msg(lang, "ui.membership.grace_until")) + "</dt><dd>" + dateIn(lang, paid.AddDays(grace)) + "</dd>",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the contact page lacks %s", lang, want)
				}
			}
			if strings.Contains(page, "<dd>de</dd>") || strings.Contains(page, "(mobile)") && lang == "de" {
				t.Errorf("%s: the page shows raw codes", lang)
			}
		}
	})
}

// dateIn is a date as the pages write it in lang.
func dateIn(lang string, d domain.Date) string {
	layout := map[string]string{"en": "Jan 2, 2006", "de": "02.01.2006"}[lang]
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(layout)
}
