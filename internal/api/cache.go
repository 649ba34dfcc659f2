package api

import (
	"context"

	"alphadesk/internal/respcache"
)

// DefaultCacheBytes bounds the response cache when Options leave it zero.
const DefaultCacheBytes = 32 << 20

// cacheEntries bounds the number of responses kept.
const cacheEntries = 4096

// newRespCache returns a cache of the current data version's 200 bodies
// (see respcache), of at most max bytes; max < 0 disables it (nil).
func newRespCache(max int) *respcache.Cache {
	if max < 0 {
		return nil
	}
	if max == 0 {
		max = DefaultCacheBytes
	}
	return respcache.New(max, cacheEntries)
}

type etagKey struct{}

// respKey is what [Server.get] computed for a request: its ETag and the
// data version the ETag was computed from.
type respKey struct {
	tag     string
	version int64
}

// keyFrom returns the key [Server.get] computed for the request.
func keyFrom(ctx context.Context) respKey {
	k, _ := ctx.Value(etagKey{}).(respKey)
	return k
}
