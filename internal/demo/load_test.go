package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"alphadesk/internal/demo"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
)

func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	first, err := demo.Load(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, now); err != nil {
		t.Fatalf("second Load: %v", err)
	}
	n, err := db.CountSecurities(ctx, store.SecurityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != first.Securities {
		t.Errorf("after two loads: %d securities, want %d", n, first.Securities)
	}
	bars, err := db.Bars(ctx, "AMZN", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(demo.Sessions()); len(bars) != want {
		t.Errorf("AMZN has %d bars after two loads, want %d (one per session)", len(bars), want)
	}
	if bars[len(bars)-1].Source != demo.SourceName {
		t.Errorf("bar source %q, want %q", bars[len(bars)-1].Source, demo.SourceName)
	}
	log, err := db.Imports(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Kind != "demo" {
		t.Errorf("import log = %+v, want two demo entries", log)
	}
}
