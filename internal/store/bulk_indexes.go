package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// suspendedKey is the settings key under which what a bulk load dropped is remembered, so that an
// interrupted load is repaired (RepairInterruptedBulkLoad).
const suspendedKey = "suspended_indexes"

// bulkLease is held by the process that runs a bulk load with suspended indexes, so that no other process
// rebuilds them in the middle of it.
const bulkLease = "bulk_load"

// bulkLeaseTTL is how long a bulk load's hold lasts without renewal; a repair takes over only after it.
const bulkLeaseTTL = time.Minute

// ErrBulkLoadRunning means another process is running a bulk load.
var ErrBulkLoadRunning = errors.New("another bulk load is running")

// BeginBulkLoad takes the bulk-load lease and suspends the contact indexes; end rebuilds them and lets go of
// the lease. While the load runs, the lease is renewed, so a repair elsewhere leaves it alone; if the process
// dies, the lease expires and the next repair rebuilds the indexes.
func (s *Store) BeginBulkLoad(ctx context.Context) (end func(context.Context) error, err error) {
	owner := "bulk:" + rand.Text()
	ok, err := s.AcquireLease(ctx, bulkLease, owner, bulkLeaseTTL)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrBulkLoadRunning
	}
	stop := s.KeepLease(ctx, bulkLease, owner, bulkLeaseTTL, nil)
	if _, err := s.SuspendContactIndexes(ctx); err != nil {
		stop()
		return nil, err
	}
	return func(ctx context.Context) error {
		defer stop()
		_, err := s.RestoreIndexes(ctx)
		return err
	}, nil
}

// RepairInterruptedBulkLoad rebuilds the indexes a bulk load suspended when that load's process is gone (its
// lease expired); while it lives, nothing happens. It returns how many indexes it rebuilt.
func (s *Store) RepairInterruptedBulkLoad(ctx context.Context) (int, error) {
	saved, err := s.Read().Setting(ctx, suspendedKey)
	if err != nil || saved == "" {
		return 0, err
	}
	owner := "repair:" + rand.Text()
	ok, err := s.AcquireLease(ctx, bulkLease, owner, bulkLeaseTTL)
	if err != nil || !ok {
		return 0, err
	}
	defer s.KeepLease(ctx, bulkLease, owner, bulkLeaseTTL, nil)()
	return s.RestoreIndexes(ctx)
}

func contactTables() []string {
	return []string{"contacts", "contact_emails", "contact_phones", "contact_addresses", "contact_reach",
		"contact_tags", "contact_affiliations", "memberships"}
}

// SuspendContactIndexes drops the non-unique indexes (and on PostgreSQL the foreign keys) of the contact
// tables before a large bulk load: building an index once after the load is several times faster than
// maintaining it row by row. Unique indexes stay. The definitions are saved in the same transaction, and
// RestoreIndexes recreates them — after the load, or in a repair if the load was interrupted.
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
