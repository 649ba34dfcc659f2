package store

import (
	"context"
	"sync"
	"time"
)

// VersionMemo answers a data-version reading from memory: a reading (or an
// announced version, Set) is trusted for maxAge, then read again. Versions
// only grow: a reading or announcement older than the one held does not
// take it back.
type VersionMemo struct {
	read   func(context.Context) (int64, error)
	maxAge time.Duration
	now    func() time.Time // monotonic time, not a page clock tests fix

	mu sync.Mutex
	v  int64
	at time.Time // when v was last confirmed; zero: never
}

// NewVersionMemo memoises read for maxAge.
func NewVersionMemo(read func(context.Context) (int64, error), maxAge time.Duration) *VersionMemo {
	return &VersionMemo{read: read, maxAge: maxAge, now: time.Now}
}

// DataVersion returns the latest version read or announced, reading it
// again when that is older than maxAge.
func (m *VersionMemo) DataVersion(ctx context.Context) (int64, error) {
	now := m.now()
	m.mu.Lock()
	v, at := m.v, m.at
	m.mu.Unlock()
	if !at.IsZero() && now.Sub(at) < m.maxAge {
		return v, nil
	}
	v, err := m.read(ctx)
	if err != nil {
		return 0, err
	}
	m.Set(v)
	return m.DataVersion(ctx)
}

// Set records version v as current.
func (m *VersionMemo) Set(v int64) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.v = max(m.v, v)
	m.at = now
}

// VersionCache is a Store whose DataVersion is answered from memory
// (VersionMemo). It suits a database that announces its writes
// (PostgreSQL's LISTEN/NOTIFY, see postgres.DB.WatchDataVersion): Set
// records each announced version, and a reading older than maxAge is
// refreshed from the store, which bounds how stale pages can get if
// announcements stop arriving.
type VersionCache struct {
	Store
	memo *VersionMemo
}

// NewVersionCache wraps st, trusting a version for at most maxAge.
func NewVersionCache(st Store, maxAge time.Duration) *VersionCache {
	return &VersionCache{Store: st, memo: NewVersionMemo(st.DataVersion, maxAge)}
}

// DataVersion returns the latest announced or read version.
func (c *VersionCache) DataVersion(ctx context.Context) (int64, error) {
	return c.memo.DataVersion(ctx)
}

// Set records version v as current. Versions only grow: an announcement
// that arrives after a newer reading does not take the version back.
func (c *VersionCache) Set(v int64) { c.memo.Set(v) }
