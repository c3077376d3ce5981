package store

import (
	"context"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// SearchContacts is the quick search: a name prefix ("mül", "müller h", "hans mül"), an e-mail prefix
// (anything with '@'), or digits, which match a member number exactly or a postal-code prefix. Only visible,
// live contacts are returned, at most limit, names in sort order.
func (q *Q) SearchContacts(ctx context.Context, s access.Scope, text string, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	key := domain.Fold(text)
	if key == "" || len(s.Roots(access.ReadContacts)) == 0 {
		return nil, nil
	}
	var found []domain.ContactSummary
	add := func(list []domain.ContactSummary, err error) error {
		found = append(found, list...)
		return err
	}
	var err error
	switch {
	case strings.Contains(key, "@"):
		err = add(q.searchBy(ctx, s, "contact_emails se", "se.contact_id", "se.address_key", key, false, limit, today))
	case isDigits(key):
		if err = add(q.searchBy(ctx, s, "", "", "c.member_number", key, true, limit, today)); err == nil {
			// Short digit strings match postal codes exactly; from four digits on, as a prefix.
			err = add(q.searchBy(ctx, s, "contact_addresses sa", "sa.contact_id", "sa.postal_code", key, len(key) < 4, limit, today))
		}
	default:
		// The sort key starts with the family name: "müller h" walks the range of "muller" and checks that "h"
		// starts another word; "hans mül" is also tried the other way round, with the last word as the range.
		words := strings.Fields(key)
		err = add(q.searchNames(ctx, s, words[0], words[1:], limit, today))
		if err == nil && len(words) >= 2 {
			last := len(words) - 1
			err = add(q.searchNames(ctx, s, words[last], words[:last], limit, today))
		}
	}
	if err != nil {
		return nil, err
	}
	return mergeByKey(found, limit), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// searchNames walks each scope root's name range for the prefix, keeping names in which each of the other
// words starts a word.
func (q *Q) searchNames(ctx context.Context, s access.Scope, prefix string, others []string, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	var all []domain.ContactSummary
	for _, root := range s.Roots(access.ReadContacts) {
		var a args
		cols := summaryCols(&a, today)
		from, where := reachRangeSQL(&a, root)
		where += " AND r.sort_key >= " + a.add(prefix)
		if end := domain.PrefixEnd(prefix); end != "" {
			where += " AND r.sort_key < " + a.add(end)
		}
		for _, w := range others {
			where += ` AND (' ' || r.sort_key) LIKE ` + a.add("% "+likeEscape(w)+"%") + ` ESCAPE '\'`
		}
		page, err := scanSummaries(q, ctx, `SELECT `+cols+` FROM `+from+summaryJoins+` WHERE `+where+
			` AND c.deleted_at IS NULL ORDER BY r.sort_key, r.contact_id LIMIT `+a.add(limit), &a)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	return all, nil
}

// searchBy finds contacts by an exact or prefix match on an indexed column — of contacts, or of the table
// named by from, which refers to contacts through ref — then keeps the visible ones. It picks the first
// limit matches by name before reading their list columns, so a postal code shared by hundreds of contacts
// costs hundreds of index probes, not hundreds of seven-way joins. The indexed table comes first: PostgreSQL
// follows the written join order.
func (q *Q) searchBy(ctx context.Context, s access.Scope, from, ref, col, key string, exact bool, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	var a args
	cols := summaryCols(&a, today)
	if from == "" {
		from = "contacts c"
	} else {
		from += " JOIN contacts c ON c.id = " + ref
	}
	var where string
	if exact {
		where = col + " = " + a.add(key)
	} else {
		where = col + " >= " + a.add(key)
		if end := domain.PrefixEnd(key); end != "" {
			where += " AND " + col + " < " + a.add(end)
		}
	}
	where += " AND c.deleted_at IS NULL AND " + visibleSQL(&a, "c", s, access.ReadContacts)
	hits := `SELECT DISTINCT c.id, c.sort_key FROM ` + from + ` WHERE ` + where + ` ORDER BY c.sort_key, c.id LIMIT ` + a.add(limit)
	return scanSummaries(q, ctx, `SELECT `+cols+` FROM (`+hits+`) hit JOIN contacts c ON c.id = hit.id`+summaryJoins+
		` ORDER BY hit.sort_key, hit.id`, &a)
}

// likeEscape escapes the LIKE wildcards of s.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
