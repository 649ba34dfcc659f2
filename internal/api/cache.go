package api

import (
	"context"
	"sync"
)

// DefaultCacheBytes bounds the response cache when Options leave it zero.
const DefaultCacheBytes = 32 << 20

// respCache keeps recent 200 bodies by ETag. An ETag hashes everything a
// response depends on (data version, URL, base URL, build, schema, hour),
// so a body found under its tag is exactly what the handler would write
// again: there is nothing to invalidate. When the bytes held would pass
// the bound the cache is emptied, which is simple and, since a data change
// makes every old tag dead anyway, loses little.
type respCache struct {
	mu    sync.Mutex
	max   int
	bytes int
	m     map[string]cachedResponse
}

type cachedResponse struct {
	contentType string
	body        []byte
}

// newRespCache returns a cache of at most max bytes of bodies; max < 0
// disables it (nil).
func newRespCache(max int) *respCache {
	if max < 0 {
		return nil
	}
	if max == 0 {
		max = DefaultCacheBytes
	}
	return &respCache{max: max, m: map[string]cachedResponse{}}
}

func (c *respCache) get(tag string) (cachedResponse, bool) {
	if c == nil || tag == "" {
		return cachedResponse{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[tag]
	return r, ok
}

// put stores body (which it keeps: the caller must not reuse it).
func (c *respCache) put(tag, contentType string, body []byte) {
	if c == nil || tag == "" || len(body) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[tag]; ok {
		return
	}
	if c.bytes+len(body) > c.max {
		clear(c.m)
		c.bytes = 0
	}
	c.m[tag] = cachedResponse{contentType: contentType, body: body}
	c.bytes += len(body)
}

type etagKey struct{}

// etagFrom returns the ETag [Server.get] computed for the request.
func etagFrom(ctx context.Context) string {
	tag, _ := ctx.Value(etagKey{}).(string)
	return tag
}
