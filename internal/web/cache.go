package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// page wraps a page handler with conditional GET. A page is a function of
// the data version, the request URL, the build and the hour (for notices
// such as "prices are not current"), so their hash is its ETag: a request
// whose If-None-Match carries it is answered 304 before any page work.
func (s *Server) page(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := s.dataVersion(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		tag := s.etag(v, r)
		if etagMatch(r.Header.Get("If-None-Match"), tag) {
			h := w.Header()
			h.Set("ETag", tag)
			h.Set("Cache-Control", cachePage)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if body, ok := s.rendered.get(tag); ok {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Length", strconv.Itoa(len(body)))
			h.Set("ETag", tag)
			h.Set("Cache-Control", cachePage)
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				_, _ = w.Write(body)
			}
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), etagKey{}, tag)))
	})
}

// pageCache keeps rendered 200 pages by ETag. The ETag already names
// everything a page depends on (data version, URL, build, hour), so a page
// rendered once can be served again to anyone who asks for the same tag
// until the data changes. It is bounded by entries and bytes; when full it
// is emptied, which is cheap and keeps the hot pages' re-rendering rare.
type pageCache struct {
	mu      sync.RWMutex
	pages   map[string][]byte
	bytes   int
	maxN    int
	maxSize int
}

func newPageCache(maxN, maxSize int) *pageCache {
	return &pageCache{pages: map[string][]byte{}, maxN: maxN, maxSize: maxSize}
}

func (c *pageCache) get(tag string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.pages[tag]
	return b, ok
}

// put stores a copy of body under tag.
func (c *pageCache) put(tag string, body []byte) {
	if len(body) > c.maxSize/16 {
		return // one huge page must not evict everything
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[tag]; ok {
		return
	}
	if len(c.pages) >= c.maxN || c.bytes+len(body) > c.maxSize {
		clear(c.pages)
		c.bytes = 0
	}
	c.pages[tag] = bytes.Clone(body)
	c.bytes += len(body)
}

// dataVersion reads the store's data version, reusing a reading younger
// than Options.VersionTTL. With a TTL, a write shows on pages at most that
// long after it commits — far less than the max-age browsers may already
// keep a page for — and a busy site reads the version a few times a second
// instead of on every request.
func (s *Server) dataVersion(ctx context.Context) (int64, error) {
	if s.versionTTL <= 0 {
		return s.store.DataVersion(ctx)
	}
	now := time.Now() // a monotonic interval, not the page clock tests fix
	s.versionMu.Lock()
	v, at := s.version, s.versionAt
	s.versionMu.Unlock()
	if !at.IsZero() && now.Sub(at) < s.versionTTL {
		return v, nil
	}
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	s.versionMu.Lock()
	s.version, s.versionAt = v, now
	s.versionMu.Unlock()
	return v, nil
}

func (s *Server) etag(version int64, r *http.Request) string {
	h := sha256.New()
	var b []byte
	b = append(b, s.build...)
	b = append(b, 0)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, 0)
	b = append(b, r.URL.RequestURI()...)
	b = append(b, 0)
	b = s.now().UTC().AppendFormat(b, "2006-01-02T15")
	h.Write(b)
	var sum [sha256.Size]byte
	return `"` + hex.EncodeToString(h.Sum(sum[:0])[:16]) + `"`
}

// etagMatch reports whether an If-None-Match header lists tag, using the
// weak comparison RFC 9110 prescribes for it. "*" is not honoured: the
// check runs before the handler knows whether the page exists, and a full
// response is always a correct answer.
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	for c := range strings.SplitSeq(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(c), "W/") == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}

type etagKey struct{}

// etagFrom returns the ETag [Server.page] computed for the request, if any.
func etagFrom(ctx context.Context) string {
	tag, _ := ctx.Value(etagKey{}).(string)
	return tag
}
