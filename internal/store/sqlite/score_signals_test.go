package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
	"alphadesk/internal/store/sqlite"
)

// TestScoreSignalsColumn checks migration 0006 on rows written without
// the signals column (as every row saved before it was): they read back
// with nil Signals, and the column refuses text that is not JSON.
func TestScoreSignalsColumn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Import(ctx, func(tx store.ImportTx) error {
		return tx.PutSecurities(ctx, []market.Security{{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Exchange: market.NASDAQ}})
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	insert := func(day, signals string) error {
		q := `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum)
			SELECT id, 'alpha', ?, 50, 'Moderate', 1, 50 FROM securities WHERE symbol = 'AMZN'`
		args := []any{day}
		if signals != "" {
			q = `INSERT INTO scores (security_id, method, as_of, score, band, coverage, momentum, signals)
				SELECT id, 'alpha', ?, 50, 'Moderate', 1, 50, ? FROM securities WHERE symbol = 'AMZN'`
			args = append(args, signals)
		}
		_, err := raw.ExecContext(ctx, q, args...)
		return err
	}
	if err := insert("2026-11-20", ""); err != nil {
		t.Fatalf("insert a row without signals: %v", err)
	}
	hist, err := db.ScoreHistory(ctx, "AMZN", "alpha", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || hist[0].Signals != nil || hist[0].Momentum == nil {
		t.Errorf("ScoreHistory of a row saved without signals = %+v, want one record with nil Signals", hist)
	}
	if err := insert("2026-11-21", "not json"); err == nil {
		t.Error("the signals column accepted text that is not JSON")
	}
}
