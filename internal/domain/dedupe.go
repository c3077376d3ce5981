package domain

import (
	"fmt"
	"slices"
)

// Fields a duplicate rule can weigh. Text fields are compared folded (case, accents and spacing ignored).
const (
	MatchExternalID   = "external_id"
	MatchMemberNumber = "member_number"
	MatchEmail        = "email"
	MatchFamilyName   = "family_name"
	MatchGivenName    = "given_name"
	MatchPostalCode   = "postal_code"
	MatchStreet       = "street"
	MatchBirthDate    = "birth_date"
	MatchOrgName      = "organization_name" // organizations and households
)

// MatchFields lists the fields a duplicate rule can weigh, in the order they are shown.
func MatchFields() []string {
	return []string{MatchExternalID, MatchMemberNumber, MatchEmail, MatchFamilyName, MatchGivenName,
		MatchPostalCode, MatchStreet, MatchBirthDate, MatchOrgName}
}

// DedupeRules decide when two contacts are likely the same: the weights of the fields on which they agree
// add up, and a sum at or above the threshold is a match. Import and the duplicate finder use the same rules.
type DedupeRules struct {
	Threshold int            `json:"threshold"`
	Weights   map[string]int `json:"weights"`
}

// DefaultDedupeRules cover CiviCRM's reserved individual rules and more: an e-mail address alone matches
// (CiviCRM "Unsupervised"), as do given and family name with the e-mail (its "Supervised") or with the
// street (its "General"); Roster adds identifiers (member number, voter or legacy id), name at the same postal
// code, and name, postal code and birth date together. An organization's or household's name alone matches,
// as in CiviCRM's organization and household rules.
func DefaultDedupeRules() DedupeRules {
	return DedupeRules{Threshold: 60, Weights: map[string]int{
		MatchExternalID:   100,
		MatchMemberNumber: 100,
		MatchEmail:        60,
		MatchFamilyName:   25,
		MatchGivenName:    15,
		MatchPostalCode:   20,
		MatchStreet:       20,
		MatchBirthDate:    15,
		MatchOrgName:      60,
	}}
}

// Validate checks the rules: known fields, weights 0 to 100, a threshold that some agreement can reach.
func (r DedupeRules) Validate() error {
	var p Problems
	total := 0
	for f, w := range r.Weights {
		if !slices.Contains(MatchFields(), f) {
			p.Add("weights."+f, "invalid_choice")
			continue
		}
		if w < 0 || w > 100 {
			p.AddParam("weights."+f, "out_of_range", "0–100")
		}
		total += w
	}
	if r.Threshold < 1 || r.Threshold > total {
		p.Add("threshold", "unreachable")
	}
	return p.Err()
}

// Score adds the weights of the agreeing fields.
func (r DedupeRules) Score(agree []string) int {
	s := 0
	for _, f := range agree {
		s += r.Weights[f]
	}
	return s
}

// String is a short description for logs and audit entries.
func (r DedupeRules) String() string {
	return fmt.Sprintf("threshold %d, weights %v", r.Threshold, r.Weights)
}
