package ingest

import (
	"alphadesk/internal/store"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Leases elect one process of the desk for a duty, through a row of
// ingest_leases: the holder renews it every tick, and another process may
// take it only after it has expired, so at most one process holds a lease
// at any moment (as long as clocks agree to within the lease's length).
// The pollers use one: every process with Config.Poll runs the poll loop,
// but only the holder of the "pollers" lease enqueues polls, so there is
// one poller per source however many workers run; when it dies, another
// takes over within pollLease.
const (
	pollersLease = "pollers"
	pollLease    = 15 * time.Second
)

// acquireLease takes or renews the named lease for this process for d and
// reports whether this process holds it.
func (p *Pipeline) acquireLease(ctx context.Context, name string, d time.Duration) (bool, error) {
	now := p.cfg.Now()
	var holder string
	err := p.db.rw.QueryRowContext(ctx, `INSERT INTO ingest_leases (name, holder, expires, since) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires,
			since = CASE WHEN ingest_leases.holder = excluded.holder THEN ingest_leases.since ELSE excluded.since END
		WHERE ingest_leases.holder = excluded.holder OR ingest_leases.expires < $4
		RETURNING holder`, name, p.clientID, store.FormatTime(now.Add(d)), store.FormatTime(now)).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // another process holds it
	}
	if err != nil {
		return false, fmt.Errorf("ingest: lease %s: %w", name, err)
	}
	return holder == p.clientID, nil
}

// releaseLease gives the named lease up if this process holds it, so that
// another process takes over at once rather than when it expires.
func (p *Pipeline) releaseLease(ctx context.Context, name string) error {
	_, err := p.db.rw.ExecContext(ctx, `DELETE FROM ingest_leases WHERE name = $1 AND holder = $2`, name, p.clientID)
	if err != nil {
		return fmt.Errorf("ingest: release lease %s: %w", name, err)
	}
	return nil
}

// Lease is who holds a lease, for operators.
type Lease struct {
	Name    string    `json:"name"`
	Holder  string    `json:"holder"`
	Since   time.Time `json:"since"`
	Expires time.Time `json:"expires"`
}

// Leases lists the leases, expired ones included.
func (db *DB) Leases(ctx context.Context) ([]Lease, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT name, holder, since, expires FROM ingest_leases ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read leases: %w", err)
	}
	defer rows.Close()
	var out []Lease
	for rows.Next() {
		var (
			l              Lease
			since, expires string
		)
		if err := rows.Scan(&l.Name, &l.Holder, &since, &expires); err != nil {
			return nil, fmt.Errorf("read leases: %w", err)
		}
		l.Since, l.Expires = parseTime(since), parseTime(expires)
		out = append(out, l)
	}
	return out, rows.Err()
}
