package ui

import (
	"html/template"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/roster-crm/roster/internal/domain"
)

// How the contact page shows stored codes and contact details to a person.

// LanguageName is a language code ("de", "pt-BR") as the language's name in the page's language ("Deutsch",
// "German"); a code the language tables do not know is shown as stored.
func (v *view) LanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.Tags(language.Make(v.Lang)).Name(tag); name != "" {
		return name
	}
	return code
}

// ChannelLabel translates the usual labels of e-mail addresses, phones and addresses ("mobile", "work"); a
// label of the organization's own is shown as entered.
func (v *view) ChannelLabel(label string) string {
	if key := "ui.channel_label." + strings.ToLower(strings.TrimSpace(label)); v.u.cat.Has(v.Lang, key) {
		return v.T(key)
	}
	return label
}

// TelURL is the tel: link of a phone number: its digits and a leading +, which is all a telephone dials.
// html/template refuses tel: in an href unless it is marked as safe, which this form is.
func (v *view) TelURL(number string) template.URL {
	return template.URL("tel:" + domain.PhoneKey(number))
}

// NoVote says why a member is not entitled to vote, with the date that matters: since when dues are unpaid,
// when the term ended, from when the member may vote. "" when the member may vote.
func (v *view) NoVote(s *domain.MemberSummary) string {
	if s == nil || s.EntitledToVote || s.NoVoteReason == "" {
		return ""
	}
	date := ""
	switch s.NoVoteReason {
	case domain.NoVoteDuesUnpaid:
		date = v.Date(s.PaidUpUntil.AddDays(1))
	case domain.NoVoteTermEnded, domain.NoVoteCancelled:
		date = v.Date(s.EndDate)
	case domain.NoVoteWaiting:
		date = v.Date(s.VoteFrom)
	}
	return v.T("ui.membership.no_vote."+s.NoVoteReason, "date", date, "type", s.Type)
}
