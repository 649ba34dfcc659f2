package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
)

// TestWatchDataVersion: a watcher on one handle sees the versions another
// handle (another process, in production) commits, and after its
// connection is killed it reconnects and reports the current version.
func TestWatchDataVersion(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := pgtest.DSN(t)
	open := func() *postgres.DB {
		db, err := postgres.Open(ctx, dsn, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	writer, watched := open(), open()
	if _, err := writer.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		seen   []int64
		errs   int
		latest = make(chan int64, 100)
	)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- watched.WatchDataVersion(wctx, func(v int64) {
			mu.Lock()
			seen = append(seen, v)
			mu.Unlock()
			latest <- v
		}, func(error) { mu.Lock(); errs++; mu.Unlock() })
	}()
	await := func(want int64) {
		t.Helper()
		for {
			select {
			case v := <-latest:
				if v >= want {
					return
				}
			case <-ctx.Done():
				t.Fatalf("version %d never announced (seen %v)", want, seen)
			}
		}
	}
	v0, err := writer.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	await(v0) // the first reading, on connect
	write := func(sym string) int64 {
		t.Helper()
		err := writer.Import(ctx, func(tx store.ImportTx) error {
			return tx.PutSecurities(ctx, []market.Security{{Symbol: sym, LegalName: sym + " Inc."}})
		})
		if err != nil {
			t.Fatal(err)
		}
		v, err := writer.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	await(write("AAA"))
	// Kill the watcher's connection from the server side.
	if _, err := writer.SQL().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`); err != nil {
		t.Fatal(err)
	}
	v := write("BBB") // committed while the watcher may be reconnecting
	await(v)
	stop()
	if err := <-done; err != context.Canceled {
		t.Errorf("WatchDataVersion returned %v, want context.Canceled", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if errs == 0 {
		t.Errorf("the killed connection was not reported")
	}
}
