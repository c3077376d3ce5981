package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// suspendedKey is the settings key under which what a bulk load dropped is remembered, so that an
// interrupted load is repaired by RestoreIndexes at the next start.
const suspendedKey = "suspended_indexes"

func contactTables() []string {
	return []string{"contacts", "contact_emails", "contact_phones", "contact_addresses", "contact_reach",
		"contact_tags", "contact_affiliations", "memberships"}
}

// SuspendContactIndexes drops the non-unique indexes (and on PostgreSQL the foreign keys) of the contact
// tables before a large bulk load: building an index once after the load is several times faster than
// maintaining it row by row. Unique indexes stay. The definitions are saved in the same transaction, and
// RestoreIndexes recreates them — after the load, or at the next start if the load was interrupted.
func (s *Store) SuspendContactIndexes(ctx context.Context) (int, error) {
	var n int
	err := s.Write(ctx, func(q *Q) error {
		rows, err := q.query(ctx, s.d.suspendableSQL(contactTables()))
		if err != nil {
			return err
		}
		defs := map[string]string{} // drop statement → create statement
		err = eachRow(rows, func() error {
			var drop, create string
			err := rows.Scan(&drop, &create)
			defs[drop] = create
			return err
		})
		if err != nil {
			return err
		}
		prev, err := q.Setting(ctx, suspendedKey)
		if err != nil {
			return err
		}
		if prev != "" {
			if err := json.Unmarshal([]byte(prev), &defs); err != nil {
				return fmt.Errorf("%s: %w", suspendedKey, err)
			}
		}
		b, _ := json.Marshal(defs)
		if err := q.SetSetting(ctx, suspendedKey, string(b)); err != nil {
			return err
		}
		for drop := range defs {
			if _, err := q.exec(ctx, drop); err != nil {
				return err
			}
		}
		n = len(defs)
		return nil
	})
	return n, err
}

// RestoreIndexes recreates what a bulk load suspended, if anything, and refreshes planner statistics.
// Foreign keys are validated as they are added back.
func (s *Store) RestoreIndexes(ctx context.Context) (int, error) {
	saved, err := s.Read().Setting(ctx, suspendedKey)
	if err != nil || saved == "" {
		return 0, err
	}
	defs := map[string]string{}
	if err := json.Unmarshal([]byte(saved), &defs); err != nil {
		return 0, fmt.Errorf("%s: %w", suspendedKey, err)
	}
	err = s.Write(ctx, func(q *Q) error {
		for drop, create := range defs {
			if _, err := q.exec(ctx, drop); err != nil {
				return err
			}
			if _, err := q.exec(ctx, create); err != nil {
				return err
			}
		}
		_, err := q.exec(ctx, `DELETE FROM settings WHERE key = $1`, suspendedKey)
		return err
	})
	if err != nil {
		return 0, err
	}
	_, err = s.write.ExecContext(ctx, s.d.analyze())
	return len(defs), err
}
