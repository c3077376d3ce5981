package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
)

// TagsFromTags is Tags as a scope too large to walk its contacts finds them, for tests.
func (q *Q) TagsFromTags(ctx context.Context, s access.Scope) ([]string, error) {
	return q.tags(ctx, s, 0)
}

// ExplainSearch returns the query plan of each lookup the quick search makes for text within the subtree of
// unit, for tests that check the plans use indexes. So that the planner plans as for a large database, it
// first writes n synthetic contacts (half of them below unit, half below other) with e-mail addresses,
// postal codes, member numbers and 300 different given names, and gathers statistics; all of it is rolled
// back afterwards.
func (s *Store) ExplainSearch(ctx context.Context, root, unit, other int64, n int, texts []string) (map[string][]string, error) {
	plans := map[string][]string{}
	errRollback := errors.New("rollback")
	err := s.Write(ctx, func(q *Q) error {
		steps := []string{
			`INSERT INTO contacts (kind, home_unit_id, given_name, family_name, display_name, sort_key, given_key,
				member_number, created_at, updated_at)
			WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
			SELECT 'person', CASE WHEN i % 2 = 0 THEN CAST($2 AS BIGINT) ELSE CAST($3 AS BIGINT) END, 'G' || (i % 300),
				'F' || i, 'G F' || i, 'f' || i || ' g' || (i % 300), 'g' || (i % 300), 'M-' || i, ` + q.d.clock() + `, ` + q.d.clock() + ` FROM seq`,
			`INSERT INTO contact_reach (contact_id, unit_id, sort_key) SELECT id, home_unit_id, sort_key FROM contacts
				WHERE family_name LIKE 'F%'`,
			`INSERT INTO contact_reach (contact_id, unit_id, sort_key) SELECT id, CAST($1 AS BIGINT), sort_key FROM contacts
				WHERE family_name LIKE 'F%'`,
			`INSERT INTO contact_emails (contact_id, position, address, address_key, is_primary)
				SELECT id, 0, sort_key || '@example.org', replace(sort_key, ' ', '.') || '@example.org', TRUE FROM contacts
				WHERE family_name LIKE 'F%'`,
			`INSERT INTO contact_addresses (contact_id, position, postal_code, is_primary)
				SELECT id, 0, '1' || (10000 + id % 2000), TRUE FROM contacts WHERE family_name LIKE 'F%'`,
		}
		vals := [][]any{{n, unit, other}, nil, {root}, nil, nil}
		for i, st := range steps {
			if _, err := q.exec(ctx, st, vals[i]...); err != nil {
				return err
			}
		}
		explain := "EXPLAIN QUERY PLAN "
		analyze := "ANALYZE"
		if q.d.name == "postgres" {
			explain = "EXPLAIN "
			analyze = "ANALYZE contacts, contact_reach, contact_emails, contact_addresses"
		}
		if _, err := q.exec(ctx, analyze); err != nil {
			return err
		}
		sc := access.ReadOnlyScope([]int64{unit})
		for _, text := range texts {
			for _, round := range searchProbes(sc, text) {
				for _, p := range round {
					var a args
					query := p.page(&a, summaryCols(&a, domain.Date{Year: 2026, Month: 1, Day: 1}), 20)
					rows, err := q.query(ctx, explain+query, a.list...)
					if err != nil {
						return err
					}
					var lines []string
					err = eachRow(rows, func() error {
						cols, err := rows.Columns()
						if err != nil {
							return err
						}
						vals := make([]any, len(cols))
						for i := range vals {
							vals[i] = new(any)
						}
						if err := rows.Scan(vals...); err != nil {
							return err
						}
						lines = append(lines, fmt.Sprint(*vals[len(vals)-1].(*any)))
						return nil
					})
					if err != nil {
						return err
					}
					plans[text] = append(plans[text], strings.Join(lines, "\n"))
				}
			}
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	return plans, err
}
