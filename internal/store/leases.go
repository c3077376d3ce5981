package store

import (
	"context"
	"errors"
	"time"
)

// ErrLeaseLost means a lease this process held was taken by another one (after it had expired): the work it
// guarded has a new owner, and this process must stop writing it.
var ErrLeaseLost = errors.New("lease lost to another process")

// AcquireLease takes the named lease for owner for ttl, if it is free, expired, or owner's already. It
// reports whether owner holds it now.
func (s *Store) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	var ok bool
	err := s.Write(ctx, func(q *Q) error {
		var err error
		ok, err = q.AcquireLease(ctx, name, owner, ttl)
		return err
	})
	return ok, err
}

// AcquireLease is Store.AcquireLease inside a transaction.
func (q *Q) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	res, err := q.exec(ctx, `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, `+q.d.clockPlus("$3")+`)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE leases.owner = excluded.owner OR leases.expires_at < `+q.d.clock(), name, owner, ttl.Seconds())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RenewLease extends owner's lease by ttl from now. It fails with ErrLeaseLost when another process holds the
// lease; inside a transaction this is the check that the work it writes is still owner's.
func (q *Q) RenewLease(ctx context.Context, name, owner string, ttl time.Duration) error {
	res, err := q.exec(ctx, `UPDATE leases SET expires_at = `+q.d.clockPlus("$3")+` WHERE name = $1 AND owner = $2`,
		name, owner, ttl.Seconds())
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(ErrLeaseLost, err)
	}
	return nil
}

// RenewLease is Q.RenewLease in a transaction of its own.
func (s *Store) RenewLease(ctx context.Context, name, owner string, ttl time.Duration) error {
	return s.Write(ctx, func(q *Q) error { return q.RenewLease(ctx, name, owner, ttl) })
}

// ReleaseLease gives up owner's lease, so that another process may take the work over at once.
func (q *Q) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := q.exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, owner)
	return err
}

// LeaseLive reports whether someone holds the named lease and it has not expired.
func (q *Q) LeaseLive(ctx context.Context, name string) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM leases WHERE name = $1 AND expires_at >= `+q.d.clock(), name).Scan(&n)
	return n > 0, q.wrapNil(err, "SELECT leases")
}

// KeepLease renews owner's lease every third of ttl until the returned stop is called, which also releases
// it. A renewal that fails is tried again at the next tick; if the lease was lost meanwhile, lost is called.
func (s *Store) KeepLease(ctx context.Context, name, owner string, ttl time.Duration, lost func()) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if err := s.RenewLease(ctx, name, owner, ttl); errors.Is(err, ErrLeaseLost) && lost != nil {
				lost()
			}
		}
	}()
	return func() {
		cancel()
		<-done
		_ = s.Write(context.Background(), func(q *Q) error { return q.ReleaseLease(context.Background(), name, owner) })
	}
}
