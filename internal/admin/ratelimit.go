package admin

import (
	"sync"
	"time"
)

// limiter counts failed logins per key (an IP address or a user name) in a
// fixed window: after max failures within window the key is refused until
// the window that began with its first failure ends. It is safe for
// concurrent use and holds at most maxKeys keys (expired ones are swept
// first; when all are live, the oldest window is dropped).
type limiter struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	maxKeys int
	keys    map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

func newLimiter(max int, win time.Duration, maxKeys int) *limiter {
	return &limiter{max: max, window: win, maxKeys: maxKeys, keys: map[string]*window{}}
}

// allowed reports whether key may try now, and if not, how long until it
// may.
func (l *limiter) allowed(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.keys[key]
	if !ok {
		return true, 0
	}
	end := w.start.Add(l.window)
	if !now.Before(end) {
		delete(l.keys, key)
		return true, 0
	}
	if w.failures >= l.max {
		return false, end.Sub(now)
	}
	return true, 0
}

// fail records a failed attempt by key.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.keys[key]
	if ok && !now.Before(w.start.Add(l.window)) {
		ok = false
	}
	if !ok {
		if len(l.keys) >= l.maxKeys {
			l.sweep(now)
		}
		w = &window{start: now}
		l.keys[key] = w
	}
	w.failures++
}

// reset forgets key (after a successful login).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// sweep drops expired windows, and the oldest one if none had expired.
func (l *limiter) sweep(now time.Time) {
	var (
		oldestKey string
		oldest    time.Time
	)
	for k, w := range l.keys {
		if !now.Before(w.start.Add(l.window)) {
			delete(l.keys, k)
			continue
		}
		if oldestKey == "" || w.start.Before(oldest) {
			oldestKey, oldest = k, w.start
		}
	}
	if len(l.keys) >= l.maxKeys && oldestKey != "" {
		delete(l.keys, oldestKey)
	}
}
