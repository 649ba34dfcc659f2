package feed

import (
	"context"
	"sync"
	"time"
)

// Clock is the fetcher's source of time. Tests inject a fake that advances
// on Sleep; SystemClock is the real one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock reads the wall clock and sleeps with a timer.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hostGate spaces requests to the same host by at least delay. A caller
// reserves the next free slot for its host under the lock and then sleeps
// until it outside the lock, so concurrent callers queue up in order.
type hostGate struct {
	mu    sync.Mutex
	delay time.Duration
	next  map[string]time.Time // host → earliest start of the next request
}

// reserve books a request to host and returns how long to wait before it.
func (g *hostGate) reserve(host string, now time.Time) time.Duration {
	if g.delay <= 0 {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.next == nil {
		g.next = map[string]time.Time{}
	}
	if len(g.next) > 4096 { // forget hosts whose slot has passed
		for h, t := range g.next {
			if !t.After(now) {
				delete(g.next, h)
			}
		}
	}
	start := now
	if t, ok := g.next[host]; ok && t.After(now) {
		start = t
	}
	g.next[host] = start.Add(g.delay)
	return start.Sub(now)
}

// Backoff keeps exponential backoff state per source: after n consecutive
// failures a source may not be fetched again until Base·2^(n-1) (at most
// Max) has passed since the last failure, or until the server's
// Retry-After, whichever is later. A success resets it. There is no jitter:
// sources are polled on their own intervals, which already spreads them.
// The zero value is not usable; use NewBackoff.
type Backoff struct {
	Base, Max time.Duration

	mu    sync.Mutex
	state map[string]backoffState
}

type backoffState struct {
	failures int
	until    time.Time
}

// NewBackoff returns backoff state with the given first delay and ceiling.
func NewBackoff(base, max time.Duration) *Backoff {
	return &Backoff{Base: base, Max: max, state: map[string]backoffState{}}
}

// Failure records a failed attempt for source at now and returns the time
// before which it must not be tried again. retryAfter, when positive, is a
// server-requested minimum wait.
func (b *Backoff) Failure(source string, now time.Time, retryAfter time.Duration) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.state[source]
	st.failures++
	d := b.Base
	for i := 1; i < st.failures && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	d = max(d, min(retryAfter, b.Max))
	st.until = now.Add(d)
	b.state[source] = st
	return st.until
}

// Success clears the backoff state of source.
func (b *Backoff) Success(source string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.state, source)
}

// State returns the number of consecutive failures of source and the time
// before which it must not be tried (zero when it may be tried now).
func (b *Backoff) State(source string) (failures int, until time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.state[source]
	return st.failures, st.until
}
