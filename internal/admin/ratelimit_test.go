package admin

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(3, time.Minute, 100)
	for i := range 3 {
		if ok, _ := l.allowed("k", t0); !ok {
			t.Fatalf("attempt %d refused, want allowed", i+1)
		}
		l.fail("k", t0.Add(time.Duration(i)*time.Second))
	}
	ok, wait := l.allowed("k", t0.Add(10*time.Second))
	if ok || wait != 50*time.Second {
		t.Errorf("after 3 failures: allowed %v wait %v, want refused for 50s", ok, wait)
	}
	if ok, _ := l.allowed("other", t0); !ok {
		t.Errorf("another key is refused")
	}
	if ok, _ := l.allowed("k", t0.Add(time.Minute)); !ok {
		t.Errorf("after the window: refused, want allowed")
	}
	l.fail("k", t0.Add(2*time.Minute))
	l.reset("k")
	if len(l.keys) != 0 {
		t.Errorf("reset left %d keys", len(l.keys))
	}
}

func TestLimiterBounded(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(1, time.Hour, 10)
	for i := range 1000 {
		l.fail(string(rune('a'+i%26))+string(rune('a'+i/26)), t0.Add(time.Duration(i)*time.Second))
	}
	if len(l.keys) > 10 {
		t.Errorf("limiter holds %d keys, want at most 10", len(l.keys))
	}
}
