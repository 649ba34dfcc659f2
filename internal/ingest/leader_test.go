package ingest

import (
	"context"
	"testing"
	"time"

	"alphadesk/internal/newsroom"
)

// TestPollersLease runs two pipelines with pollers on one database: one
// polls at a time, and when it stops the other takes over.
func TestPollersLease(t *testing.T) {
	eachBackend(t, testPollersLease)
}

func testPollersLease(t *testing.T, d *testDesk) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"amzn.txt": amznItem})
	src := []Source{folderSource("test-wire", dir)}
	a := d.pipeline(t, Config{Sources: src, Poll: true, PollTick: 20 * time.Millisecond})
	b := d.pipeline(t, Config{Sources: src, Poll: true, PollTick: 20 * time.Millisecond})
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a to lead", a.Leader)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// b ticks several times while a holds the lease.
	time.Sleep(200 * time.Millisecond)
	if b.Leader() {
		t.Fatalf("two processes hold the pollers lease")
	}
	leases, err := d.db.Leases(ctx)
	if err != nil || len(leases) != 1 || leases[0].Holder != a.clientID {
		t.Fatalf("leases %+v (%v), want one held by a", leases, err)
	}
	if err := a.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "b to take over", b.Leader)
	if err := b.WaitIdle(ctx, false, 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := b.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if leases, err := d.db.Leases(ctx); err != nil || len(leases) != 0 {
		t.Errorf("after both stopped: leases %+v (%v), want none", leases, err)
	}
	page, err := d.svc.Stories(ctx, newsroom.StoryFilter{})
	if err != nil || len(page.Stories) != 1 {
		t.Errorf("stories %d (%v), want 1", len(page.Stories), err)
	}
}

// TestLeaseExpiry: a lease whose holder died (never renewed) is taken
// over once it expires, and not before.
func TestLeaseExpiry(t *testing.T) {
	eachBackend(t, func(t *testing.T, d *testDesk) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		a := d.pipeline(t, Config{Now: clock})
		b := d.pipeline(t, Config{Now: clock})
		if ok, err := a.acquireLease(ctx, "duty", time.Minute); !ok || err != nil {
			t.Fatalf("a: %v %v, want the lease", ok, err)
		}
		if ok, err := b.acquireLease(ctx, "duty", time.Minute); ok || err != nil {
			t.Fatalf("b while a holds it: %v %v, want refused", ok, err)
		}
		now = now.Add(59 * time.Second)
		if ok, _ := a.acquireLease(ctx, "duty", time.Minute); !ok {
			t.Fatalf("a could not renew its own lease")
		}
		now = now.Add(61 * time.Second) // a died: its renewal expired
		if ok, err := b.acquireLease(ctx, "duty", time.Minute); !ok || err != nil {
			t.Fatalf("b after expiry: %v %v, want the lease", ok, err)
		}
		if ok, _ := a.acquireLease(ctx, "duty", time.Minute); ok {
			t.Fatalf("a took the lease back from its new holder")
		}
	})
}

func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
