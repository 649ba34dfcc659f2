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
//
// While that render runs, the others need not wait at all: with SetMaxStale
// the cache keeps, by resource (Entry.Key), the bodies the last version
// change replaced, and Stale returns one that has been out of date for at
// most that long, so that a busy site answers at once with the page as it
// was a moment ago (the caller marks it for revalidation) instead of
// queueing readers behind every render after every write.
package respcache

import (
	"context"
	"sync"
	"time"
)

// Entry is one cached response.
type Entry struct {
	ContentType string
	Body        []byte
	// Key names the resource (a request URI), the same for every data
	// version; Stale finds replaced bodies by it. Empty: never stale.
	Key string
}

// staleEntry is a body a newer data version replaced.
type staleEntry struct {
	tag      string
	e        Entry
	replaced time.Time // when the data moved past it
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

	maxStale   time.Duration         // 0: nothing is kept stale
	stale      map[string]staleEntry // by Entry.Key
	staleBytes int
	now        func() time.Time
}

// New returns a cache of at most maxBytes of bodies and maxEntries
// entries. When one more body would pass either bound the cache is emptied,
// which is cheap and, with one version kept, rare.
func New(maxBytes, maxEntries int) *Cache {
	return &Cache{maxBytes: maxBytes, maxEntries: maxEntries, m: map[string]Entry{}, flights: map[string]chan struct{}{}, now: time.Now}
}

// SetMaxStale makes the cache keep, when the data version moves, the
// bodies it replaces, for Stale to return for up to d afterwards. Call it
// before the cache is used.
func (c *Cache) SetMaxStale(d time.Duration) {
	c.maxStale = d
	c.stale = map[string]staleEntry{}
}

// Stale returns the latest body of the resource key that a newer data
// version replaced, with its tag, if it has been out of date for at most
// the SetMaxStale duration. version is the current data version: when it
// is newer than the cache's, the cache moves to it first (its bodies
// become stale from now), as a Put of that version would. A body of the
// current version is not stale: look it up by its tag with Get.
func (c *Cache) Stale(version int64, key string) (tag string, e Entry, ok bool) {
	if c == nil || key == "" {
		return "", Entry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version > c.version {
		c.advance(version)
	}
	se, ok := c.stale[key]
	if !ok || c.now().Sub(se.replaced) > c.maxStale {
		return "", Entry{}, false
	}
	return se.tag, se.e, true
}

// Busy reports whether a request is rendering tag (see Claim).
func (c *Cache) Busy(tag string) bool {
	if c == nil || tag == "" {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, busy := c.flights[tag]
	return busy
}

// advance moves the cache to a newer data version: the bodies kept are
// dead weight, or stale (keepStale). c.mu is held.
func (c *Cache) advance(version int64) {
	c.keepStale()
	clear(c.m)
	c.bytes, c.version = 0, version
}

// keepStale moves the current version's bodies to the stale set as the
// data moves past them, and forgets stale bodies too old to serve. The
// stale set has the same bounds as the current one; past them it keeps
// only the bodies replaced now. c.mu is held.
func (c *Cache) keepStale() {
	if c.stale == nil {
		return
	}
	now := c.now()
	for k, se := range c.stale {
		if now.Sub(se.replaced) > c.maxStale {
			delete(c.stale, k)
			c.staleBytes -= len(se.e.Body)
		}
	}
	for tag, e := range c.m {
		if e.Key == "" {
			continue
		}
		if old, ok := c.stale[e.Key]; ok {
			c.staleBytes -= len(old.e.Body)
		}
		c.stale[e.Key] = staleEntry{tag: tag, e: e, replaced: now}
		c.staleBytes += len(e.Body)
	}
	if len(c.stale) > c.maxEntries || c.staleBytes > c.maxBytes {
		clear(c.stale)
		c.staleBytes = 0
		for tag, e := range c.m {
			if e.Key != "" {
				c.stale[e.Key] = staleEntry{tag: tag, e: e, replaced: now}
				c.staleBytes += len(e.Body)
			}
		}
	}
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
		c.advance(version)
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
