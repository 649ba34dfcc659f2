package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"alphadesk/internal/market"
	"alphadesk/internal/newsroom"
	"alphadesk/internal/store"
	"alphadesk/internal/store/pgtest"
	"alphadesk/internal/store/postgres"
)

// TestDataVersionNotify checks that every committed write announces the
// new data version on postgres.DataChannel, and that a rolled-back one
// announces nothing.
func TestDataVersionNotify(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	listener, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(ctx)
	if _, err := listener.Exec(ctx, "LISTEN "+postgres.DataChannel); err != nil {
		t.Fatal(err)
	}
	amzn := market.Security{Symbol: "AMZN", LegalName: "Amazon.com, Inc."}
	writes := []struct {
		name  string
		write func() error
	}{
		{"import", func() error {
			return db.Import(ctx, func(tx store.ImportTx) error { return tx.PutSecurities(ctx, []market.Security{amzn}) })
		}},
		{"save scores", func() error { return db.SaveScores(ctx, "alpha", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), nil) }},
		{"newsroom", func() error {
			return db.Newsroom().InTx(ctx, func(tx newsroom.Tx) error {
				_, _, err := tx.CreateOrGetStory(ctx, newsroom.NewStory{Key: "k", Slug: "s", Created: time.Now()})
				return err
			})
		}},
	}
	for _, w := range writes {
		// A write that fails is rolled back and must not be announced.
		boom := errors.New("boom")
		if err := db.Import(ctx, func(store.ImportTx) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failed import: %v", err)
		}
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		v, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		n, err := listener.WaitForNotification(wctx)
		cancel()
		if err != nil {
			t.Fatalf("%s: no notification: %v", w.name, err)
		}
		if n.Channel != postgres.DataChannel || n.Payload != fmt.Sprint(v) {
			t.Errorf("%s: notification %s %q, want %s %q", w.name, n.Channel, n.Payload, postgres.DataChannel, fmt.Sprint(v))
		}
	}
}
