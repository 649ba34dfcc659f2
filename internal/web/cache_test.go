package web

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
)

// TestHotPages checks the pre-routing path that answers pages already
// rendered for the current data: same bytes and headers as a full render,
// never a page of an older data version or hour, 304s with the security
// headers, and no query strings.
func TestHotPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	var err error
	b.server, err = New(b.store, nil, Options{Now: func() time.Time { return time.Unix(clock.Load(), 0) }, BuildID: "test", Newsroom: b.news})
	if err != nil {
		t.Fatal(err)
	}
	const target = "/stocks/AMZN"
	first := b.get(target)
	if first.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", target, first.Code)
	}
	set := b.server.hot.set.Load()
	if set == nil || set.pages[target] == nil {
		t.Fatalf("a rendered page was not kept for the hot path")
	}
	hot := b.get(target)
	if hot.Body.String() != first.Body.String() {
		t.Errorf("hot page body differs from the rendered one")
	}
	if !maps.EqualFunc(hot.Header(), first.Header(), func(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || a[0] == b[0]) }) {
		t.Errorf("hot page headers differ:\n got %v\nwant %v", hot.Header(), first.Header())
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "ETag", "Content-Length"} {
		if hot.Header().Get(h) == "" {
			t.Errorf("hot page lacks %s", h)
		}
	}

	// Conditional GET answered from the hot set.
	tag := first.Header().Get("ETag")
	nm := b.get(target, "If-None-Match", tag)
	if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("ETag") != tag || nm.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("If-None-Match: %d, %d bytes, ETag %q, CSP %q; want 304 with the tag and CSP", nm.Code, nm.Body.Len(), nm.Header().Get("ETag"), nm.Header().Get("Content-Security-Policy"))
	}
	if head := b.do(http.MethodHead, target); head.Code != http.StatusOK || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", head.Code, head.Body.Len())
	}
	// A POST never comes from the cache.
	if w := b.do(http.MethodPost, target); w.Code == http.StatusOK {
		t.Errorf("POST %s answered 200", target)
	}

	// New data: the hot page must not be served.
	b.store.version++
	after := b.get(target)
	if after.Header().Get("ETag") == tag {
		t.Errorf("after a data change the old page was served")
	}
	// A new hour: re-rendered, new ETag.
	tag = after.Header().Get("ETag")
	clock.Add(3600)
	if w := b.get(target); w.Header().Get("ETag") == tag {
		t.Errorf("after the hour changed the old page was served")
	}
	// Query strings take the normal path (their pages differ).
	if w := b.get(target + "?range=5y"); w.Header().Get("ETag") == b.get(target).Header().Get("ETag") {
		t.Errorf("a query string was answered with the plain page")
	}
}

func TestHotPagesPut(t *testing.T) {
	t.Parallel()
	var c hotPages
	h := http.Header{"Content-Type": {"text/html"}}
	c.put("/a", pageKey{tag: `"a2"`, version: 2, hour: 10}, h, []byte("a2"))
	h.Set("Content-Type", "changed") // the kept header is a copy
	c.put("/a", pageKey{tag: `"a1"`, version: 1, hour: 10}, h, []byte("a1"))
	set := c.set.Load()
	if set.version != 2 || string(set.pages["/a"].body) != "a2" || set.pages["/a"].header.Get("Content-Type") != "text/html" {
		t.Errorf("an older version replaced a newer one or the header was shared: %+v", set.pages["/a"])
	}
	c.put("/b", pageKey{tag: `"b2"`, version: 2, hour: 10}, h, []byte("b2"))
	if set := c.set.Load(); len(set.pages) != 2 {
		t.Errorf("same version: %d pages, want 2", len(set.pages))
	}
	c.put("/b", pageKey{tag: `"b3"`, version: 3, hour: 10}, h, []byte("b3"))
	if set := c.set.Load(); set.version != 3 || len(set.pages) != 1 {
		t.Errorf("a newer version kept older pages: version %d, %d pages", set.version, len(set.pages))
	}
	for i := range hotPagesMax + 10 {
		c.put("/p"+string(rune('a'+i%26))+string(rune('a'+i/26)), pageKey{version: 3, hour: 10}, h, nil)
	}
	if n := len(c.set.Load().pages); n > hotPagesMax {
		t.Errorf("%d hot pages, bound %d", n, hotPagesMax)
	}
}

func BenchmarkHotPage(b *testing.B) {
	tb := setup(b)
	r := httptest.NewRequest(http.MethodGet, "/stocks/AMZN", nil)
	tb.server.ServeHTTP(httptest.NewRecorder(), r)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		tb.server.ServeHTTP(w, r)
	}
}

// slowNews counts Story calls and makes each take a while, as a busy
// database does.
type slowNews struct {
	*fakeNews
	calls atomic.Int64
}

func (n *slowNews) Story(ctx context.Context, slug string) (newsroom.Detail, error) {
	n.calls.Add(1)
	time.Sleep(20 * time.Millisecond)
	return n.fakeNews.Story(ctx, slug)
}

// TestOneRenderPerVersion: when the data changes, the requests in flight
// for one page wait for a single render instead of each rendering it, and
// the bodies of the old version are let go.
func TestOneRenderPerVersion(t *testing.T) {
	t.Parallel()
	b := setup(t)
	news := &slowNews{fakeNews: b.news}
	s, err := New(b.store, nil, Options{Now: func() time.Time { return testNow }, BuildID: "test", Newsroom: news})
	if err != nil {
		t.Fatal(err)
	}
	target := "/news/" + amazonSlug
	for version := range 3 {
		b.store.version = int64(100 + version)
		news.calls.Store(0)
		var wg sync.WaitGroup
		codes := make(chan int, 16)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target+"?v=1", nil))
				codes <- w.Code
			}()
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusOK {
				t.Fatalf("status %d", c)
			}
		}
		if n := news.calls.Load(); n != 1 {
			t.Errorf("version %d: 16 concurrent requests rendered the page %d times, want 1", version, n)
		}
		if n, _ := s.rendered.Len(); n != 1 {
			t.Errorf("version %d: %d rendered bodies kept, want only this version's one", version, n)
		}
	}
}

// TestStaleWhileRendering: after a write, a reader who arrives while
// another request renders a page anew gets the page as the previous data
// rendered it, at once, marked for revalidation, with that rendering's
// ETag; the renderer and later readers get the new page. With MaxStale
// negative, the reader waits for the render instead.
func TestStaleWhileRendering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		maxStale  time.Duration
		wantStale bool
	}{
		{"default", 0, true},
		{"off", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := setup(t)
			var version atomic.Int64
			version.Store(1)
			b.store.DataVersionFunc = func(context.Context) (int64, error) { return version.Load(), nil }
			var err error
			b.server, err = New(b.store, nil, Options{Now: func() time.Time { return testNow }, BuildID: "test", Newsroom: b.news, MaxStale: tc.maxStale})
			if err != nil {
				t.Fatal(err)
			}
			const target = "/stocks?q=a"
			before := b.get(target)
			if before.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", target, before.Code)
			}
			// The data changes, and the next render of the page is held
			// in the store until released.
			version.Store(2)
			entered, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			quotes := b.store.Quotes
			b.store.QuotesFunc = func(ctx context.Context, f store.SecurityFilter) ([]store.Quote, error) {
				once.Do(func() { close(entered) })
				<-release
				b.store.QuotesFunc = nil
				return quotes(ctx, f)
			}
			rendered := make(chan *httptest.ResponseRecorder)
			go func() { rendered <- b.get(target) }()
			<-entered
			reader := make(chan *httptest.ResponseRecorder)
			go func() { reader <- b.get(target) }()
			var stale *httptest.ResponseRecorder
			select {
			case stale = <-reader:
			case <-time.After(200 * time.Millisecond):
			}
			if tc.wantStale {
				if stale == nil {
					t.Fatal("a reader waited for the render, want the previous page at once")
				}
				if stale.Body.String() != before.Body.String() || stale.Header().Get("ETag") != before.Header().Get("ETag") {
					t.Errorf("the reader got another page or tag than the previous rendering's")
				}
				if got := stale.Header().Get("Cache-Control"); got != cacheRevalidate {
					t.Errorf("Cache-Control %q on a page out of date, want %q", got, cacheRevalidate)
				}
			} else if stale != nil {
				t.Fatalf("with MaxStale off, a reader got %d before the render finished", stale.Code)
			}
			close(release)
			fresh := <-rendered
			if fresh.Code != http.StatusOK || fresh.Header().Get("ETag") == before.Header().Get("ETag") {
				t.Fatalf("the renderer got %d with tag %s, want 200 with a new tag", fresh.Code, fresh.Header().Get("ETag"))
			}
			if !tc.wantStale {
				if waited := <-reader; waited.Header().Get("ETag") != fresh.Header().Get("ETag") {
					t.Errorf("the waiting reader got tag %s, want the new page's", waited.Header().Get("ETag"))
				}
			}
			if later := b.get(target); later.Header().Get("ETag") != fresh.Header().Get("ETag") || later.Header().Get("Cache-Control") != cachePage {
				t.Errorf("a later reader got tag %s (%s), want the new page", later.Header().Get("ETag"), later.Header().Get("Cache-Control"))
			}
		})
	}
}
