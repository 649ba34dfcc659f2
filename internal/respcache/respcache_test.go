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
