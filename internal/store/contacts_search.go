package store

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// SearchContacts is the quick search. Text with '@' is an e-mail prefix; digits match a member number exactly
// or a postal-code prefix; a single word with a digit ("B-777", "BY-2024/0815") is also tried as a member
// number, as typed and in upper case. Words are a name: a prefix of the family name ("mül", "müller h",
// "hans mül"), and a single word also the first given name ("Otto"). A single word with '.', '_' or '+', or
// one that finds no name, is tried as the start of an e-mail address ("otto.schmidt", "oschmidt"). Only
// visible, live contacts are returned, at most limit, names in sort order.
func (q *Q) SearchContacts(ctx context.Context, s access.Scope, text string, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	var found []domain.ContactSummary
	for i, probes := range searchProbes(s, text) {
		if i > 0 && len(found) > 0 {
			break // a fallback only when the probes before it found nothing
		}
		for _, p := range probes {
			page, err := q.probe(ctx, p, limit, today)
			if err != nil {
				return nil, err
			}
			found = append(found, page...)
		}
	}
	return mergeByKey(found, limit), nil
}

// probe returns the first limit contacts by name that one lookup finds.
func (q *Q) probe(ctx context.Context, p searchProbe, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	var a args
	cols := summaryCols(&a, today)
	return scanSummaries(q, ctx, p.page(&a, cols, limit), &a)
}

// searchBy is one indexProbe: the first limit visible, live contacts by name whose col matches key.
func (q *Q) searchBy(ctx context.Context, s access.Scope, from, ref, col, key string, exact bool, limit int, today domain.Date) ([]domain.ContactSummary, error) {
	return q.probe(ctx, indexProbe{s, from, ref, col, key, exact, false}, limit, today)
}

// CountSearch counts the visible, live contacts that SearchContacts finds for text, however many.
func (q *Q) CountSearch(ctx context.Context, s access.Scope, text string) (int, error) {
	for _, probes := range searchProbes(s, text) {
		var a args
		ids := make([]string, len(probes))
		for i, p := range probes {
			ids[i] = p.ids(&a)
		}
		var n int
		err := q.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT id) FROM (`+strings.Join(ids, " UNION ALL ")+`) hit`, a.list...).Scan(&n)
		if err != nil || n > 0 {
			return n, q.wrapNil(err, "count search")
		}
	}
	return 0, nil
}

// searchProbe is one indexed lookup of the quick search, rendered into a statement's placeholders.
type searchProbe interface {
	page(a *args, cols string, limit int) string // the summaries (cols) of the first limit matches by name
	ids(a *args) string                          // the matches' ids, as a column named id
}

// searchProbes lists the lookups that together make the quick search for text within the scope, in rounds:
// a round after the first runs only when the rounds before it found nothing.
func searchProbes(s access.Scope, text string) [][]searchProbe {
	key := domain.Fold(text)
	roots := s.Roots(access.ReadContacts)
	if key == "" || len(roots) == 0 {
		return nil
	}
	email := func(key string) searchProbe {
		return indexProbe{s, "contact_emails se", "se.contact_id", "se.address_key", key, false, false}
	}
	switch {
	case strings.Contains(key, "@"):
		return [][]searchProbe{{email(key)}}
	case isDigits(key):
		// Short digit strings match postal codes exactly; from four digits on, as a prefix.
		return [][]searchProbe{{indexProbe{s, "", "", "c.member_number", key, true, false},
			indexProbe{s, "contact_addresses sa", "sa.contact_id", "sa.postal_code", key, len(key) < 4, false}}}
	}
	var probes []searchProbe
	raw := strings.TrimSpace(text)
	if !strings.ContainsFunc(raw, unicode.IsSpace) && strings.ContainsFunc(raw, unicode.IsDigit) {
		for _, n := range slices.Compact([]string{raw, strings.ToUpper(raw)}) {
			probes = append(probes, indexProbe{s, "", "", "c.member_number", n, true, false})
		}
	}
	// The sort key starts with the family name: "müller h" walks the range of "muller" and checks that "h"
	// starts another word; "hans mül" is also tried the other way round, with the last word as the range.
	words := strings.Fields(key)
	for _, root := range roots {
		probes = append(probes, nameProbe{root, words[0], words[1:]})
		if last := len(words) - 1; last > 0 {
			probes = append(probes, nameProbe{root, words[last], words[:last]})
		}
	}
	if len(words) > 1 {
		return [][]searchProbe{probes}
	}
	// The people of one given name are walked in name order (the index is sorted so) until enough visible ones
	// are found: the scope is checked row by row, whatever the planner guesses about the name's frequency.
	probes = append(probes, indexProbe{s, "", "", "c.given_key", key, true, true})
	if strings.ContainsAny(key, "._+") {
		return [][]searchProbe{append(probes, email(key))}
	}
	return [][]searchProbe{probes, {email(key)}}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// nameProbe walks one scope root's name range for the prefix, keeping names in which each of the other words
// starts a word.
type nameProbe struct {
	root   int64
	prefix string
	others []string
}

func (p nameProbe) from(a *args) (from, where string) {
	from, where = reachRangeSQL(a, p.root)
	where += " AND r.sort_key >= " + a.add(p.prefix)
	if end := domain.PrefixEnd(p.prefix); end != "" {
		where += " AND r.sort_key < " + a.add(end)
	}
	for _, w := range p.others {
		where += ` AND (' ' || r.sort_key) LIKE ` + a.add("% "+likeEscape(w)+"%") + ` ESCAPE '\'`
	}
	return from, where + " AND c.deleted_at IS NULL"
}

func (p nameProbe) page(a *args, cols string, limit int) string {
	from, where := p.from(a)
	return `SELECT ` + cols + ` FROM ` + from + summaryJoins + ` WHERE ` + where + ` ORDER BY r.sort_key, r.contact_id LIMIT ` + a.add(limit)
}

func (p nameProbe) ids(a *args) string {
	from, where := p.from(a)
	return `SELECT r.contact_id AS id FROM ` + from + ` WHERE ` + where
}

// indexProbe finds contacts by an exact or prefix match on an indexed column — of contacts, or of the table
// named by from, which refers to contacts through ref — then keeps the visible ones. A page picks the first
// limit matches by name before reading their list columns, so a postal code shared by hundreds of contacts
// costs hundreds of index probes, not hundreds of seven-way joins. The indexed table comes first: PostgreSQL
// follows the written join order.
type indexProbe struct {
	scope          access.Scope
	from, ref, col string
	key            string
	exact          bool
	inOrder        bool // col's index is in name order after key: check the scope per row (visibleEachSQL)
}

func (p indexProbe) where(a *args) (from, where string) {
	from = "contacts c"
	if p.from != "" {
		from = p.from + " JOIN contacts c ON c.id = " + p.ref
	}
	if p.exact {
		where = p.col + " = " + a.add(p.key)
	} else {
		where = p.col + " >= " + a.add(p.key)
		if end := domain.PrefixEnd(p.key); end != "" {
			where += " AND " + p.col + " < " + a.add(end)
		}
	}
	visible := visibleSQL
	if p.inOrder {
		visible = visibleEachSQL
	}
	return from, where + " AND c.deleted_at IS NULL AND " + visible(a, "c", p.scope, access.ReadContacts)
}

func (p indexProbe) page(a *args, cols string, limit int) string {
	from, where := p.where(a)
	distinct := "" // a contact's row matches once; a joined list (e-mails, addresses) may match it twice
	if p.from != "" {
		distinct = "DISTINCT "
	}
	hits := `SELECT ` + distinct + `c.id, c.sort_key FROM ` + from + ` WHERE ` + where + ` ORDER BY c.sort_key, c.id LIMIT ` + a.add(limit)
	return `SELECT ` + cols + ` FROM (` + hits + `) hit JOIN contacts c ON c.id = hit.id` + summaryJoins + ` ORDER BY hit.sort_key, hit.id`
}

func (p indexProbe) ids(a *args) string {
	from, where := p.where(a)
	return `SELECT c.id AS id FROM ` + from + ` WHERE ` + where
}

// likeEscape escapes the LIKE wildcards of s.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// givenKey is what the quick search matches a given name by: the first word of the folded given name
// ("Anna Maria" → "anna", "Hans-Peter" → "hans-peter"); "" for contacts without one.
func givenKey(given string) string {
	k, _, _ := strings.Cut(domain.Fold(given), " ")
	return k
}

// fillGivenKeys is the step of migration 0009 that sets contacts.given_key for the contacts already there:
// the distinct given names, folded here, go into a scratch table, and one UPDATE joins them in.
func fillGivenKeys(ctx context.Context, q *Q) error {
	rows, err := q.query(ctx, `SELECT DISTINCT given_name FROM contacts WHERE given_name <> ''`)
	if err != nil {
		return err
	}
	var names []string
	if err := eachRow(rows, func() error {
		var n string
		err := rows.Scan(&n)
		names = append(names, n)
		return err
	}); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	if _, err := q.exec(ctx, `CREATE TEMPORARY TABLE given_key_fill (given_name TEXT PRIMARY KEY, given_key TEXT NOT NULL)`); err != nil {
		return err
	}
	for len(names) > 0 {
		batch := names[:min(len(names), 500)]
		names = names[len(batch):]
		var a args
		values := make([]string, len(batch))
		for i, n := range batch {
			values[i] = "(" + a.add(n) + ", " + a.add(givenKey(n)) + ")"
		}
		if _, err := q.exec(ctx, `INSERT INTO given_key_fill (given_name, given_key) VALUES `+strings.Join(values, ", "), a.list...); err != nil {
			return err
		}
	}
	if _, err := q.exec(ctx, `UPDATE contacts SET given_key = f.given_key FROM given_key_fill f
		WHERE f.given_name = contacts.given_name`); err != nil {
		return err
	}
	_, err = q.exec(ctx, `DROP TABLE given_key_fill`)
	return err
}
