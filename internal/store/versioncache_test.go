package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// versionStore is a Store whose only working method is DataVersion.
type versionStore struct {
	Store
	v     int64
	err   error
	reads int
}

func (s *versionStore) DataVersion(context.Context) (int64, error) {
	s.reads++
	return s.v, s.err
}

func TestVersionCache(t *testing.T) {
	ctx := context.Background()
	st := &versionStore{v: 5}
	clock := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	c := NewVersionCache(st, time.Second)
	c.memo.now = func() time.Time { return clock }

	steps := []struct {
		name      string
		do        func()
		want      int64
		wantReads int
	}{
		{"first read goes to the store", func() {}, 5, 1},
		{"fresh: from memory", func() { st.v = 6 }, 5, 1},
		{"announced", func() { c.Set(7) }, 7, 1},
		{"an older announcement does not go back", func() { c.Set(6) }, 7, 1},
		{"stale: read again", func() { clock = clock.Add(2 * time.Second); st.v = 9 }, 9, 2},
		{"a reading older than an announcement does not go back", func() { c.Set(12); clock = clock.Add(2 * time.Second); st.v = 10 }, 12, 3},
	}
	for _, s := range steps {
		s.do()
		got, err := c.DataVersion(ctx)
		if err != nil || got != s.want || st.reads != s.wantReads {
			t.Errorf("%s: version %d (%v) after %d reads; want %d after %d", s.name, got, err, st.reads, s.want, s.wantReads)
		}
	}
	clock = clock.Add(2 * time.Second)
	st.err = errors.New("connection refused")
	if _, err := c.DataVersion(ctx); !errors.Is(err, st.err) {
		t.Errorf("a failing store: err %v, want it passed on", err)
	}
}
