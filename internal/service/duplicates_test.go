package service_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// contactWith creates a contact in unit with the given e-mail address and postal address (either may be "").
func (w *importWorld) contactWith(a *access.Actor, unit int64, kind, given, family, email, street, postal string) *domain.Contact {
	w.t.Helper()
	in := domain.ContactInput{HomeUnitID: &unit, Kind: &kind}
	if kind == domain.KindPerson {
		in.GivenName, in.FamilyName = &given, &family
	} else {
		in.OrgName = &family
	}
	if email != "" {
		in.Emails = &[]domain.Email{{Address: email}}
	}
	if postal != "" || street != "" {
		in.Addresses = &[]domain.Address{{Street: street, PostalCode: postal, Country: "DE"}}
	}
	c, err := w.svc.CreateContact(w.ctx, a, in)
	if err != nil {
		w.t.Fatalf("contact %s %s: %v", given, family, err)
	}
	return c
}

func pairsOf(t *testing.T, w *importWorld, a *access.Actor) map[[2]int64][]string {
	t.Helper()
	list, total, err := w.svc.FindDuplicates(w.ctx, a, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(list) {
		t.Errorf("total %d, listed %d", total, len(list))
	}
	out := map[[2]int64][]string{}
	for _, p := range list {
		out[[2]int64{p.A, p.B}] = p.Agree
	}
	return out
}

func pair(a, b *domain.Contact) [2]int64 {
	if a.ID > b.ID {
		a, b = b, a
	}
	return [2]int64{a.ID, b.ID}
}

// TestDefaultRulesFindWhatCiviCRMDefaultsFind builds, for every reserved CiviCRM rule group in the shared
// data, two contacts that agree exactly on that group's fields and on nothing else, and checks that the
// finder pairs them; two contacts agreeing on less than a group needs are not paired. A group that compares
// the street gets a second pair whose addresses have no postal code: CiviCRM compares the street alone.
func TestDefaultRulesFindWhatCiviCRMDefaultsFind(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "4-civicrm", "dedupe_rules", "civicrm_default_dedupe_rules.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("CiviCRM's rules are not here (%v)", err)
	}
	var file struct {
		RuleGroups map[string]struct {
			ContactType string  `json:"contact_type"`
			Threshold   int     `json:"threshold"`
			Rules       [][]any `json:"rules"`
		} `json:"rule_groups"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		want := map[[2]int64]string{}
		n := 0
		for name, g := range file.RuleGroups {
			// The smallest set of the group's fields that reaches its threshold, heaviest first.
			var fields []string
			sum := 0
			rules := slices.Clone(g.Rules)
			slices.SortFunc(rules, func(x, y []any) int { return int(y[2].(float64) - x[2].(float64)) })
			for _, r := range rules {
				if sum >= g.Threshold {
					break
				}
				fields = append(fields, r[1].(string))
				sum += int(r[2].(float64))
			}
			n++
			tag := string(rune('a' + n))
			kind := map[string]string{"Individual": domain.KindPerson, "Organization": domain.KindOrganization, "Household": domain.KindHousehold}[g.ContactType]
			// Two contacts: equal on the chosen fields, different on everything else.
			mk := func(side string, noPostal bool) *domain.Contact {
				given, family, email, street, postal := "Given"+tag+side, "Family"+tag+side, tag+side+"@example.org", "Road "+tag+side, "1011"+string(rune('0'+n%10))
				if side == "y" {
					postal = "8033" + string(rune('0'+n%10))
				}
				for _, f := range fields {
					switch f {
					case "first_name":
						given = "Given" + tag
					case "last_name", "organization_name", "household_name":
						family = "Family" + tag
					case "email":
						email = tag + "@example.org"
					case "street_address":
						street, postal = "Road "+tag, "10115"
					}
				}
				if noPostal {
					postal = ""
				}
				return w.contactWith(sys, w.north.ID, kind, given, family, email, street, postal)
			}
			x, y := mk("x", false), mk("y", false)
			want[pair(x, y)] = name + " " + g.ContactType
			if slices.Contains(fields, "street_address") {
				tag += "n"
				x, y := mk("x", true), mk("y", true)
				want[pair(x, y)] = name + " " + g.ContactType + ", no postal codes"
			}
		}
		got := pairsOf(t, w, sys)
		for p, name := range want {
			if _, ok := got[p]; !ok {
				t.Errorf("CiviCRM's %s finds the pair %v, Roster does not", name, p)
			}
		}
		for p, agree := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("unexpected pair %v agreeing on %v", p, agree)
			}
		}
	})
}

func TestFindDuplicatesScopeAndDismissal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		sys := w.system()
		a1 := w.contactWith(sys, w.north.ID, domain.KindPerson, "Ada", "Lovelace", "ada@example.org", "", "")
		a2 := w.contactWith(sys, w.north.ID, domain.KindPerson, "A.", "King", "ADA@example.org", "", "")
		s1 := w.contactWith(sys, w.south.ID, domain.KindPerson, "Ada", "Lovelace", "ada@example.org", "", "")
		w.contactWith(sys, w.north.ID, domain.KindPerson, "Ada", "Lovelace", "", "Elsewhere 1", "10117") // name alone: no
		got := pairsOf(t, w, w.officer)
		if len(got) != 1 || got[pair(a1, a2)] == nil {
			t.Fatalf("the north officer's pairs = %v", got)
		}
		if all := pairsOf(t, w, sys); len(all) != 3 || all[pair(a1, s1)] == nil {
			t.Errorf("the whole tree's pairs = %v", all)
		}
		if err := w.svc.DismissDuplicate(w.ctx, w.officer, a1.ID, s1.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("dismissing with a contact out of scope = %v", err)
		}
		if err := w.svc.DismissDuplicate(w.ctx, w.officer, a2.ID, a1.ID); err != nil {
			t.Fatal(err)
		}
		if got := pairsOf(t, w, w.officer); len(got) != 0 {
			t.Errorf("a dismissed pair came back: %v", got)
		}
	})
}

func TestMergeContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newImportWorld(t, st)
		ada := w.contactWith(w.officer, w.north.ID, domain.KindPerson, "Ada", "Lovelace", "ada@example.org", "Old Road 1", "10115")
		dup := w.contactWith(w.officer, w.north.ID, domain.KindPerson, "Ada", "King", "countess@example.org", "", "")
		if _, err := w.svc.AddNote(w.ctx, w.officer, dup.ID, "met at the convention"); err != nil {
			t.Fatal(err)
		}
		outside := w.contactWith(w.system(), w.south.ID, domain.KindPerson, "Ada", "King", "", "", "")
		if _, err := w.svc.MergeContacts(w.ctx, w.officer, ada.ID, outside.ID, [2]int{}, nil); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("merging a contact out of scope = %v", err)
		}
		merged, err := w.svc.MergeContacts(w.ctx, w.officer, ada.ID, dup.ID, [2]int{ada.Version, dup.Version}, []string{"family_name"})
		if err != nil {
			t.Fatal(err)
		}
		if merged.FamilyName != "King" || merged.GivenName != "Ada" || len(merged.Emails) != 2 || len(merged.Addresses) != 1 {
			t.Errorf("merged = %+v", merged)
		}
		if _, err := w.svc.GetContact(w.ctx, w.officer, dup.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("the merged-away contact = %v", err)
		}
		notes, err := w.svc.Notes(w.ctx, w.officer, ada.ID)
		if err != nil || len(notes) != 1 {
			t.Errorf("notes after merge = %+v, %v", notes, err)
		}
		hist, err := w.svc.ContactHistory(w.ctx, w.officer, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		creations := 0
		for _, e := range hist {
			actions = append(actions, e.Action)
			if e.Action == "contact.create" {
				creations++
			}
		}
		if !slices.Contains(actions, "contact.merge") || creations != 2 {
			t.Errorf("history after merge = %v: want the merge and both creations", actions)
		}
		if _, err := w.svc.MergeContacts(w.ctx, w.officer, ada.ID, dup.ID, [2]int{}, nil); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("merging again = %v", err)
		}
	})
}
