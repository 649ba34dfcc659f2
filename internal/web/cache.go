package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"alphadesk/internal/respcache"
	"alphadesk/internal/tcppush"
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
		hour := s.now().Unix() / 3600
		tag := s.etag(v, hour, r)
		if etagMatch(r.Header.Get("If-None-Match"), tag) {
			h := w.Header()
			h.Set("ETag", tag)
			h.Set("Cache-Control", cachePage)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if s.serveRendered(w, r, tag) {
			return
		}
		// Another request is rendering this page for the current data:
		// rather than wait for it, answer with the page as the previous
		// data rendered it, when that changed only moments ago
		// (Options.MaxStale). A write makes every page's tag change at
		// once, so on a busy site most readers arrive during a render.
		if s.rendered.Busy(tag) && s.serveStale(w, r, v) {
			return
		}
		// One render per page and data version: requests for the same
		// page wait for the first one's render and are served from the
		// cache (see respcache).
		release, _ := s.rendered.Claim(r.Context(), tag)
		defer release()
		if s.serveRendered(w, r, tag) { // rendered while this one waited
			return
		}
		key := pageKey{tag: tag, version: v, hour: hour}
		next(w, r.WithContext(context.WithValue(r.Context(), etagKey{}, key)))
	})
}

// serveRendered answers r with the page rendered under tag, if it is kept.
func (s *Server) serveRendered(w http.ResponseWriter, r *http.Request, tag string) bool {
	e, ok := s.rendered.Get(tag)
	if ok {
		writeRendered(w, r, tag, e, cachePage)
	}
	return ok
}

// serveStale answers r with the page as the data before the latest change
// rendered it, if that change was at most Options.MaxStale ago. The
// answer carries that rendering's ETag and must be revalidated before
// reuse, so a browser asks again and gets the current page.
func (s *Server) serveStale(w http.ResponseWriter, r *http.Request, version int64) bool {
	tag, e, ok := s.rendered.Stale(version, r.URL.RequestURI())
	if ok {
		writeRendered(w, r, tag, e, cacheRevalidate)
	}
	return ok
}

// writeRendered answers r with a kept rendering e of tag.
func writeRendered(w http.ResponseWriter, r *http.Request, tag string, e respcache.Entry, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", e.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	h.Set("ETag", tag)
	h.Set("Cache-Control", cacheControl)
	_ = tcppush.Write(w, r, http.StatusOK, e.Body)
}

// pageKey is what [Server.page] computed for a request: the ETag and the
// data version and hour it was computed from.
type pageKey struct {
	tag     string
	version int64
	hour    int64 // Unix hour
}

// hotPages answers the most common request — a GET of a page without a
// query string whose rendering is already known — before any routing or
// middleware, with headers built once. It holds only pages rendered for one
// data version and hour; a page of another version or hour replaces the
// whole set, so nothing stale is ever served from it: a request whose
// version or hour differs from the set's misses and takes the normal path.
type hotPages struct {
	set atomic.Pointer[hotSet]
	mu  sync.Mutex // serialises writers
}

type hotSet struct {
	version int64
	hour    int64
	pages   map[string]*hotPage // by URL path
}

type hotPage struct {
	tag    string
	header http.Header // every response header but Date, shared read-only
	body   []byte
}

// Bounds of the hot set (it is a subset of the rendered-page cache).
const hotPagesMax = 256

// put records a rendered 200 page for path under key. header is copied;
// body is kept as it is, so the caller must not change it afterwards.
func (c *hotPages) put(path string, key pageKey, header http.Header, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.set.Load()
	next := &hotSet{version: key.version, hour: key.hour}
	if old != nil && old.version == key.version && old.hour == key.hour {
		if _, ok := old.pages[path]; ok || len(old.pages) >= hotPagesMax {
			return
		}
		next.pages = make(map[string]*hotPage, len(old.pages)+1)
		for k, p := range old.pages {
			next.pages[k] = p
		}
	} else if old != nil && (old.version > key.version || old.version == key.version && old.hour > key.hour) {
		return // a late writer of an older version must not replace a newer set
	} else {
		next.pages = make(map[string]*hotPage, 16)
	}
	next.pages[path] = &hotPage{tag: key.tag, header: header.Clone(), body: body}
	c.set.Store(next)
}

// serveHot answers r from the hot set and reports whether it did.
func (s *Server) serveHot(w http.ResponseWriter, r *http.Request) bool {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.URL.RawQuery != "" || r.URL.RawPath != "" {
		return false
	}
	set := s.hot.set.Load()
	if set == nil {
		return false
	}
	p := set.pages[r.URL.Path]
	if p == nil {
		return false
	}
	v, err := s.dataVersion(r.Context())
	if err != nil || v != set.version || s.now().Unix()/3600 != set.hour {
		return false
	}
	h := w.Header()
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		if etagMatch(inm[0], p.tag) {
			for _, k := range notModifiedHeaders {
				if v, ok := p.header[k]; ok {
					h[k] = v
				}
			}
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	for k, v := range p.header {
		h[k] = v
	}
	_ = tcppush.Write(w, r, http.StatusOK, p.body)
	return true
}

// notModifiedHeaders are the headers a 304 repeats (RFC 9110 15.4.5), with
// the security headers every response carries.
var notModifiedHeaders = []string{"Etag", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"}

// ServeCached answers r from the pages already rendered for the current
// data version and reports whether it did. A front end that mounts the site
// beside other handlers calls it first, so that the hottest requests skip
// routing altogether; when it returns false, route r as usual.
func (s *Server) ServeCached(w http.ResponseWriter, r *http.Request) bool {
	return s.serveHot(w, r)
}

// dataVersion reads the store's data version, reusing a reading younger
// than Options.VersionTTL (store.VersionMemo). With a TTL, a write shows
// on pages at most that long after it commits — far less than the max-age
// browsers may already keep a page for — and a busy site reads the version
// a few times a second instead of on every request.
func (s *Server) dataVersion(ctx context.Context) (int64, error) {
	if s.versions == nil {
		return s.store.DataVersion(ctx)
	}
	return s.versions.DataVersion(ctx)
}

func (s *Server) etag(version, hour int64, r *http.Request) string {
	h := sha256.New()
	var b []byte
	b = append(b, s.build...)
	b = append(b, 0)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, 0)
	b = append(b, r.URL.RequestURI()...)
	b = append(b, 0)
	b = strconv.AppendInt(b, hour, 10)
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

// pageKeyFrom returns the key [Server.page] computed for the request, if
// any (ok=false outside a page handler).
func pageKeyFrom(ctx context.Context) (pageKey, bool) {
	k, ok := ctx.Value(etagKey{}).(pageKey)
	return k, ok
}
