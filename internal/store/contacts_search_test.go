package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// The quick search finds a person by what an officer remembers: the given name alone, a part of the e-mail
// address without '@', a member number with letters — within the scope only, and counted alike.
func TestQuickSearchFindsWhatOfficersType(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var root, bayern, berlin domain.Unit
		people := map[string]int64{}
		err := s.Write(ctx, func(q *store.Q) error {
			var err error
			if root, err = q.CreateUnit(ctx, domain.Unit{Name: "Bund"}); err != nil {
				return err
			}
			if bayern, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "Bayern"}); err != nil {
				return err
			}
			if berlin, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "Berlin"}); err != nil {
				return err
			}
			for _, p := range []struct {
				key, given, family, email, member string
				unit                              int64
			}{
				{"otto", "Otto", "Schmidt", "o.schmidt@example.org", "B-777", bayern.ID},
				{"ottokar", "Ottokar", "Brandt", "ottokar@example.org", "BY-2024/0815", bayern.ID},
				{"anna", "Anna Maria", "Ottmann", "amo@example.org", "1004094", bayern.ID},
				{"jorg", "Jörg", "Weber", "joerg.weber+roster@example.net", "", bayern.ID},
				{"berlin", "Otto", "Berliner", "otto.b@example.org", "B-778", berlin.ID},
			} {
				c := &domain.Contact{Kind: "person", HomeUnit: domain.UnitRef{ID: p.unit}, GivenName: p.given,
					FamilyName: p.family, MemberNumber: p.member, Emails: []domain.Email{{Address: p.email, Primary: true}}}
				c.DeriveNames("")
				if _, err := q.InsertContact(ctx, access.FullScope([]int64{root.ID}), c, 0); err != nil {
					return err
				}
				people[p.key] = c.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		officer := access.NewScope([]access.GrantedUnit{{Role: "viewer", UnitID: bayern.ID, Ancestors: []int64{root.ID}}})
		today := domain.Date{Year: 2026, Month: 6, Day: 1}
		for _, tc := range []struct {
			text string
			want []string
		}{
			{"Otto", []string{"otto"}},        // the given name alone; Ottokar is another name, Berlin out of scope
			{"otto", []string{"otto"}},        // case does not matter
			{"anna", []string{"anna"}},        // the first of two given names
			{"jörg", []string{"jorg"}},        // accents as typed …
			{"jorg", []string{"jorg"}},        // … or not
			{"ott", []string{"anna"}},         // a prefix is a family name (Ottmann), not a given name
			{"o.schmidt", []string{"otto"}},   // the start of an e-mail address
			{"joerg.weber", []string{"jorg"}}, // likewise
			{"ottokar", []string{"ottokar"}},  // a given name, and the start of an address
			{"amo", []string{"anna"}},         // no name starts so: the start of an e-mail address
			{"B-777", []string{"otto"}},       // a member number with letters, exactly
			{"b-777", []string{"otto"}},       // typed in lower case
			{"BY-2024/0815", []string{"ottokar"}},
			{"1004094", []string{"anna"}},
			{"B-778", nil},                     // Berlin's, out of scope
			{"B-77", nil},                      // member numbers match whole
			{"otto schmidt", []string{"otto"}}, // given and family name, as before
		} {
			res, err := s.Read().SearchContacts(ctx, officer, tc.text, 10, today)
			if err != nil {
				t.Fatalf("search %q: %v", tc.text, err)
			}
			var got, want []int64
			for _, c := range res {
				got = append(got, c.ID)
			}
			for _, k := range tc.want {
				want = append(want, people[k])
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				names := []string{}
				for _, c := range res {
					names = append(names, c.DisplayName)
				}
				t.Errorf("search %q found %v, want %v", tc.text, names, tc.want)
			}
			n, err := s.Read().CountSearch(ctx, officer, tc.text)
			if err != nil || n != len(want) {
				t.Errorf("count of %q = %d (%v), want %d", tc.text, n, err, len(want))
			}
		}
		// The whole tree sees both Ottos, in name order.
		res, err := s.Read().SearchContacts(ctx, access.FullScope([]int64{root.ID}), "otto", 10, today)
		if err != nil || len(res) != 2 || res[0].ID != people["berlin"] || res[1].ID != people["otto"] {
			t.Errorf("whole tree, otto: %+v %v", res, err)
		}
		// A renamed person is found by the new given name only.
		err = s.Write(ctx, func(q *store.Q) error {
			sc, err := q.ContactInScope(ctx, access.FullScope([]int64{root.ID}), access.WriteContacts, people["anna"])
			if err != nil {
				return err
			}
			c := *sc.Contact()
			c.GivenName = "Marianne"
			c.DeriveNames("")
			return q.UpdateContact(ctx, sc, &c, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		for text, want := range map[string]int{"anna": 0, "marianne": 1} {
			if res, _ := s.Read().SearchContacts(ctx, officer, text, 10, today); len(res) != want {
				t.Errorf("after the rename, %q finds %d, want %d", text, len(res), want)
			}
		}
	})
}

// Every lookup of the quick search walks an index: the new ones (given name, a member number with letters,
// the start of an e-mail address) as much as the old. A scan of a whole contact table would take seconds at a
// million contacts. The plans are made over 30,000 synthetic contacts with statistics, so that they are the
// plans of a database of some size, not of an empty one.
func TestQuickSearchPlansUseIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var root, state, other domain.Unit
		err := s.Write(ctx, func(q *store.Q) error {
			var err error
			if root, err = q.CreateUnit(ctx, domain.Unit{Name: "Bund"}); err != nil {
				return err
			}
			if state, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "Bayern"}); err != nil {
				return err
			}
			other, err = q.CreateUnit(ctx, domain.Unit{ParentID: root.ID, Name: "Berlin"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wants := map[string]string{
			"G17":          "contacts_given_key",
			"M-777":        "contacts_member_number",
			"f123.g":       "contact_emails_key",
			"zz9":          "contact_emails_key", // no name starts so: the e-mail address is tried
			"f1234":        "contact_reach_unit_sort",
			"f1234 g1":     "contact_reach_unit_sort",
			"110123":       "contact_addresses_postal",
			"BY-2024/0815": "contacts_member_number",
		}
		var texts []string
		for text := range wants {
			texts = append(texts, text)
		}
		plans, err := s.ExplainSearch(ctx, root.ID, state.ID, other.ID, 30000, texts)
		if err != nil {
			t.Fatal(err)
		}
		for text, want := range wants {
			all := strings.Join(plans[text], "\n")
			if !strings.Contains(all, want) {
				t.Errorf("search %q: no plan uses %s:\n%s", text, want, all)
			}
			for _, scan := range []string{"Seq Scan on contacts ", "Seq Scan on contact_emails ", "Seq Scan on contact_addresses ",
				"Seq Scan on contact_reach ", "SCAN c\n", "SCAN se\n", "SCAN sa\n", "SCAN r\n"} {
				if strings.Contains(all+"\n", scan) {
					t.Errorf("search %q scans a whole table (%s):\n%s", text, strings.TrimSpace(scan), all)
				}
			}
		}
	})
}
