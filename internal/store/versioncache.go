package store

import (
	"context"
	"sync"
	"time"
)

// VersionCache is a Store whose DataVersion is answered from memory. It
// suits a database that announces its writes (PostgreSQL's LISTEN/NOTIFY,
// see postgres.DB.WatchDataVersion): Set records each announced version,
// and a reading older than maxAge is refreshed from the store, which
// bounds how stale pages can get if announcements stop arriving.
type VersionCache struct {
	Store
	maxAge time.Duration
	now    func() time.Time

	mu sync.Mutex
	v  int64
	at time.Time // when v was last confirmed; zero: never
}

// NewVersionCache wraps st, trusting a version for at most maxAge.
func NewVersionCache(st Store, maxAge time.Duration) *VersionCache {
	return &VersionCache{Store: st, maxAge: maxAge, now: time.Now}
}

// DataVersion returns the latest announced or read version.
func (c *VersionCache) DataVersion(ctx context.Context) (int64, error) {
	now := c.now()
	c.mu.Lock()
	v, at := c.v, c.at
	c.mu.Unlock()
	if !at.IsZero() && now.Sub(at) < c.maxAge {
		return v, nil
	}
	v, err := c.Store.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	c.Set(v)
	return c.DataVersion(ctx)
}

// Set records version v as current. Versions only grow: an announcement
// that arrives after a newer reading does not take the version back.
func (c *VersionCache) Set(v int64) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.v = max(c.v, v)
	c.at = now
}
