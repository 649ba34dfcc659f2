// Package respcache keeps rendered HTTP response bodies of the current data
// version, keyed by ETag, and lets concurrent requests for one ETag wait for
// a single render.
//
// An ETag names everything a response depends on (data version, address,
// build, hour), so a body found under its tag is exactly what the handler
// would write again: nothing needs invalidating. But once the data version
// moves, every body of the older version is dead weight, so the cache keeps
// one version only: a body of a newer version empties it, a body of an
// older one is not kept. Memory is then bounded by what one version's
// traffic renders, not by how many versions a busy desk goes through.
//
// When the data changes, every page's ETag changes at once and every
// request in flight misses. Claim lets the first request for a tag render
// it while the others for the same tag wait and then read it from the
// cache, so a version change costs one render per page, not one per
// connection.
package respcache

import (
	"context"
	"sync"
)

// Entry is one cached response.
type Entry struct {
	ContentType string
	Body        []byte
}

// Cache is safe for concurrent use. A nil *Cache caches nothing.
type Cache struct {
	maxBytes, maxEntries int

	mu      sync.Mutex
	version int64
	m       map[string]Entry
	bytes   int
	flights map[string]chan struct{}
	waiting int // requests waiting in Claim
}

// New returns a cache of at most maxBytes of bodies and maxEntries
// entries. When one more body would pass either bound the cache is emptied,
// which is cheap and, with one version kept, rare.
func New(maxBytes, maxEntries int) *Cache {
	return &Cache{maxBytes: maxBytes, maxEntries: maxEntries, m: map[string]Entry{}, flights: map[string]chan struct{}{}}
}

// Get returns the entry kept under tag.
func (c *Cache) Get(tag string) (Entry, bool) {
	if c == nil || tag == "" {
		return Entry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[tag]
	return e, ok
}

// Put keeps e under tag, rendered from data version. It keeps e.Body, which
// the caller must not change afterwards. A body larger than a sixteenth of
// the bound is not kept, so that one huge response cannot evict the rest.
func (c *Cache) Put(version int64, tag string, e Entry) {
	if c == nil || tag == "" || len(e.Body) > c.maxBytes/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return // rendered from data that has already changed
	case version > c.version:
		clear(c.m)
		c.bytes, c.version = 0, version
	}
	if _, ok := c.m[tag]; ok {
		return
	}
	if len(c.m) >= c.maxEntries || c.bytes+len(e.Body) > c.maxBytes {
		clear(c.m)
		c.bytes = 0
	}
	c.m[tag] = e
	c.bytes += len(e.Body)
}

// Len reports the number of entries and bytes kept.
func (c *Cache) Len() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.bytes
}

// Claim makes the caller the renderer of tag and returns claimed=true with
// a release function that it must call when done (after Put, or after
// deciding not to). If another request is rendering tag, Claim waits for it
// (or for ctx) and returns claimed=false with a release that does nothing.
// Either way, look in the cache again before rendering: a render may have
// finished since the first look, and when the other render kept nothing
// (an error, or a response that is not cached) render without a claim.
func (c *Cache) Claim(ctx context.Context, tag string) (release func(), claimed bool) {
	if c == nil || tag == "" {
		return func() {}, true
	}
	c.mu.Lock()
	if ch, busy := c.flights[tag]; busy {
		c.waiting++
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
		}
		c.mu.Lock()
		c.waiting--
		c.mu.Unlock()
		return func() {}, false
	}
	ch := make(chan struct{})
	c.flights[tag] = ch
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			delete(c.flights, tag)
			c.mu.Unlock()
			close(ch)
		})
	}, true
}
