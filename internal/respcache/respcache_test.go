package respcache

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func body(n int) Entry { return Entry{ContentType: "text/html", Body: make([]byte, n)} }

func TestVersions(t *testing.T) {
	c := New(1600, 10)
	c.Put(2, "a", body(10))
	c.Put(1, "old", body(10)) // rendered from data already replaced
	if _, ok := c.Get("old"); ok {
		t.Errorf("a body of an older version was kept")
	}
	c.Put(2, "b", body(10))
	if n, b := c.Len(); n != 2 || b != 20 {
		t.Errorf("same version: %d entries, %d bytes; want 2, 20", n, b)
	}
	c.Put(3, "c", body(10)) // the data moved on: version 2's bodies are dead
	if _, ok := c.Get("a"); ok {
		t.Errorf("a body of a superseded version survived a newer one")
	}
	if n, b := c.Len(); n != 1 || b != 10 {
		t.Errorf("after a new version: %d entries, %d bytes; want 1, 10", n, b)
	}
}

func TestBounds(t *testing.T) {
	c := New(1600, 2)
	c.Put(1, "a", body(50))
	c.Put(1, "b", body(50))
	c.Put(1, "huge", body(101)) // over a sixteenth of the bytes
	if _, ok := c.Get("huge"); ok {
		t.Errorf("a huge body was kept")
	}
	c.Put(1, "c", body(50)) // over the entry bound: emptied first
	if _, ok := c.Get("a"); ok {
		t.Errorf("the cache grew past its entry bound")
	}
	if n, b := c.Len(); n != 1 || b != 50 {
		t.Errorf("after overflow: %d entries, %d bytes; want 1, 50", n, b)
	}
	var nilCache *Cache
	nilCache.Put(1, "x", body(1))
	if _, ok := nilCache.Get("x"); ok {
		t.Errorf("a nil cache kept something")
	}
}

// TestClaimCoalesces: of many concurrent requests for one tag, one renders
// and the others find its body in the cache.
func TestClaimCoalesces(t *testing.T) {
	c := New(1<<20, 100)
	var renders, served atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, ok := c.Get("t"); ok {
				served.Add(1)
				return
			}
			release, _ := c.Claim(context.Background(), "t")
			defer release()
			// Look again: claimed or not, a render may have finished
			// since the first look.
			if _, ok := c.Get("t"); ok {
				served.Add(1)
				return
			}
			renders.Add(1)
			time.Sleep(20 * time.Millisecond) // the render
			c.Put(1, "t", body(100))
		}()
	}
	close(start)
	wg.Wait()
	if renders.Load() != 1 || served.Load() != 31 {
		t.Errorf("%d renders and %d served from the cache, want 1 and 31", renders.Load(), served.Load())
	}
}

// TestClaimAfterFailedRender: when the renderer keeps nothing (an error
// page), a waiter gets claimed=false and an empty cache, and renders.
func TestClaimAfterFailedRender(t *testing.T) {
	c := New(1<<20, 100)
	release, claimed := c.Claim(context.Background(), "t")
	if !claimed {
		t.Fatal("first claim refused")
	}
	got := make(chan bool)
	go func() {
		_, claimed := c.Claim(context.Background(), "t")
		_, ok := c.Get("t")
		got <- claimed || ok
	}()
	for waiting := 0; waiting == 0; { // until the waiter waits
		time.Sleep(time.Millisecond)
		c.mu.Lock()
		waiting = c.waiting
		c.mu.Unlock()
	}
	release()
	release() // twice is harmless
	if <-got {
		t.Errorf("the waiter was told to use a body that is not there")
	}
	// A waiter whose request ends stops waiting.
	_, _ = c.Claim(context.Background(), "u")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, claimed := c.Claim(ctx, "u"); claimed {
		t.Errorf("a cancelled waiter claimed a tag in flight")
	}
}

// TestStale: with SetMaxStale, the bodies a version change replaces are
// kept by resource for that long, and only those (not the current
// version's, not older ones past the limit); the set is bounded.
func TestStale(t *testing.T) {
	c := New(1600, 3)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	c.SetMaxStale(5 * time.Second)
	keyed := func(key string) Entry { return Entry{ContentType: "text/html", Body: make([]byte, 10), Key: key} }
	c.Put(1, "x1", keyed("/x"))
	c.Put(1, "y1", keyed("/y"))
	c.Put(1, "n1", body(10)) // no key: never stale
	if _, _, ok := c.Stale(c.version, "/x"); ok {
		t.Errorf("a body of the current version is stale")
	}
	now = now.Add(time.Second)
	c.Put(2, "x2", keyed("/x")) // the data moved on
	if tag, e, ok := c.Stale(c.version, "/x"); !ok || tag != "x1" || e.Key != "/x" {
		t.Errorf("Stale(/x) = %q, %v; want version 1's body", tag, ok)
	}
	if tag, _, ok := c.Stale(c.version, "/y"); !ok || tag != "y1" {
		t.Errorf("Stale(/y) = %q, %v; want version 1's body", tag, ok)
	}
	now = now.Add(2 * time.Second)
	c.Put(3, "z3", keyed("/z"))
	if tag, _, ok := c.Stale(c.version, "/x"); !ok || tag != "x2" {
		t.Errorf("Stale(/x) = %q, %v; want version 2's body, the latest replaced", tag, ok)
	}
	if tag, _, ok := c.Stale(c.version, "/y"); !ok || tag != "y1" {
		t.Errorf("Stale(/y) = %q, %v; version 1's body is 2 s out of date, want it", tag, ok)
	}
	now = now.Add(4 * time.Second) // /y out of date for 6 s, /x for 4 s
	if _, _, ok := c.Stale(c.version, "/y"); ok {
		t.Errorf("a body out of date longer than the limit was returned")
	}
	if _, _, ok := c.Stale(c.version, "/x"); !ok {
		t.Errorf("a body out of date within the limit was not returned")
	}
	// Bounds: more keys than entries allowed keeps only the latest bodies.
	for i, k := range []string{"/a", "/b", "/c", "/d"} {
		c.Put(int64(10+i), k, keyed(k))
	}
	if n := len(c.stale); n > 3 {
		t.Errorf("stale set holds %d bodies, more than the bound of 3", n)
	}
	if _, _, ok := c.Stale(c.version, "/c"); !ok {
		t.Errorf("the body replaced last is not kept")
	}
	// A reader that sees a newer version than the cache's moves it there:
	// the bodies kept become stale at once.
	c.Put(20, "e20", keyed("/e"))
	if _, _, ok := c.Stale(20, "/e"); ok {
		t.Errorf("a body of the current version is stale")
	}
	if tag, _, ok := c.Stale(21, "/e"); !ok || tag != "e20" {
		t.Errorf("Stale(21, /e) = %q, %v; want version 20's body", tag, ok)
	}
	if _, ok := c.Get("e20"); ok {
		t.Errorf("a body of version 20 is still current after version 21 was seen")
	}
	// Without SetMaxStale nothing is kept.
	plain := New(1600, 3)
	plain.Put(1, "x1", keyed("/x"))
	plain.Put(2, "x2", keyed("/x"))
	if _, _, ok := plain.Stale(2, "/x"); ok {
		t.Errorf("a cache without SetMaxStale returned a stale body")
	}
}

func TestBusy(t *testing.T) {
	c := New(1600, 3)
	if c.Busy("t") {
		t.Fatal("busy before any claim")
	}
	release, _ := c.Claim(context.Background(), "t")
	if !c.Busy("t") || c.Busy("u") {
		t.Errorf("Busy after claiming t: t %v, u %v; want true, false", c.Busy("t"), c.Busy("u"))
	}
	release()
	if c.Busy("t") {
		t.Errorf("busy after release")
	}
}
